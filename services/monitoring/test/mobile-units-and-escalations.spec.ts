import { romeDate } from '@inps/kernel';
import { randomUUID } from 'node:crypto';
import { Workbook } from 'exceljs';
import {
  createTestApp,
  FixedClock,
  MOBILE_UNIT_REQUEST_DECIDED,
  eventually,
  QUEUE_BACKEND,
  TECHNICAL_TABLE_ISSUE_ESCALATED,
  testQueuePrefix,
  testRedisUrl,
  type MobileUnitRequestDecidedPayload,
  type OutboxMessage,
  type QueueBackend,
  type TechnicalTableIssueEscalatedPayload,
  type TestApp,
} from '@inps/shared';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { monitoringConfig } from '../src/monitoring.config';
import { MONITORING_DATABASE } from '../src/migrations';
import { EventsConsumer } from '../src/modules/events/events.consumer';
import { ReportInputBuilder } from '../src/modules/reports/report-input.builder';
import { buildReportSnapshot, renderCsv, renderXlsx, type IndicatorFigures } from '../src/modules/reports/render';
import { fakeTerritories } from './helpers';

type Figures = Pick<IndicatorFigures, 'indicatorId' | 'numerator' | 'denominator' | 'value' | 'breakdowns'>;

const decided = (payload: Partial<MobileUnitRequestDecidedPayload>): OutboxMessage<MobileUnitRequestDecidedPayload> => ({
  id: randomUUID(),
  type: MOBILE_UNIT_REQUEST_DECIDED,
  occurredOn: romeDate(new Date()),
  payload: {
    requestId: randomUUID(),
    eventId: randomUUID(),
    territory: '058091',
    decision: 'APPROVED',
    day: '2026-03-02',
    leadTimeDays: 20,
    overridden: false,
    ...payload,
  },
});

const escalated = (payload: Partial<TechnicalTableIssueEscalatedPayload>): OutboxMessage<TechnicalTableIssueEscalatedPayload> => ({
  id: randomUUID(),
  type: TECHNICAL_TABLE_ISSUE_ESCALATED,
  occurredOn: romeDate(new Date()),
  payload: {
    issueId: randomUUID(),
    tableId: randomUUID(),
    territory: '058091',
    centralIssueId: randomUUID(),
    centralTableId: 'central-1',
    day: '2026-04-15',
    ...payload,
  },
});

/**
 * The agreements service's mobile-unit decisions and escalated technical-table issues, from the
 * events queue to the activity and governance indicators and the semiannual report. Figures are
 * worked out by hand in the comments.
 */
describe('mobile-unit requests and escalated issues (worker)', () => {
  let t: TestApp<typeof monitoringConfig.fields>;
  let ds: DataSource;
  let consumer: EventsConsumer;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await createTestApp(
      (config) => AppModule.forRoot(config, { clock: new FixedClock('2026-07-10T10:00:00Z'), territories: fakeTerritories, withWorker: true }),
      { config: monitoringConfig, database: MONITORING_DATABASE, env: { REDIS_URL: testRedisUrl(), QUEUE_PREFIX: testQueuePrefix('mon-mu') } },
    );
    ds = t.app.get(DataSource);
    consumer = t.app.get(EventsConsumer);
  });
  afterAll(() => t.close());

  const indicators = async (query: string): Promise<Figures[]> => {
    const res = await t.http.get(`/api/v1/indicators?${query}`).set(auth(await t.tokens.central()));
    expect(res.status).toBe(200);
    return res.body.indicators as Figures[];
  };
  const pick = (rows: Figures[], id: string): Figures => {
    const found = rows.find((r) => r.indicatorId === id);
    if (!found) throw new Error(`no indicator ${id}`);
    return found;
  };
  const categories = (f: Figures) =>
    Object.fromEntries((f.breakdowns.find((b) => b.breakdown === 'territory')?.categories ?? []).map((c) => [c.category, [c.numerator, c.value]]));

  /** Puts events on the events queue, as the outbox relay does, and waits for the worker to finish them. */
  async function publish(events: readonly OutboxMessage[]): Promise<void> {
    const queue = t.app.get<QueueBackend>(QUEUE_BACKEND).createQueue('events');
    try {
      for (const e of events) await queue.add(e.type, e, { jobId: e.id });
      await eventually(
        'every event handled',
        async () => {
          const states = await Promise.all(events.map((e) => queue.getJobState(e.id)));
          return states.every((s) => s === 'completed');
        },
        { timeoutMs: 45_000, everyMs: 50 },
      );
    } finally {
      await queue.close();
    }
  }

  it('counts the mobile-unit requests decided and those filed at least 15 days ahead, by territory, each request once', async () => {
    const approvedThenRejected = randomUUID();
    const later = decided({ requestId: approvedThenRejected, territory: '058120', decision: 'REJECTED', day: '2026-05-10', leadTimeDays: 30 });
    const roma = decided({ territory: '058091', leadTimeDays: 20 });
    await publish([
      roma,
      // Late, overridden by the central directorate: approved, but not in time.
      decided({ territory: '058120', leadTimeDays: 10, overridden: true }),
      // Exactly 15 days: in time.
      decided({ territory: '015146', leadTimeDays: 15, day: '2026-02-01' }),
      // Approved, then rejected; the rejection arrives first.
      later,
      decided({ requestId: approvedThenRejected, territory: '058120', decision: 'APPROVED', day: '2026-04-01', leadTimeDays: 30 }),
      // The next semester.
      decided({ territory: '058091', day: '2026-07-02' }),
    ]);
    // The same event delivered again changes nothing.
    expect(await consumer.handle(roma)).toBe(false);
    expect(await consumer.handle(later)).toBe(false);

    const rows = (await ds.query(`SELECT decision, to_char(decided_on, 'YYYY-MM-DD') AS decided_on, semester FROM mobile_unit_request WHERE request_id = $1`, [
      approvedThenRejected,
    ])) as unknown[];
    expect(rows).toEqual([{ decision: 'REJECTED', decided_on: '2026-04-01', semester: '2026S1' }]);

    // 2026S1: 4 requests (Roma 20 days, Fiumicino 10 and 30, Milano 15), 3 in time.
    const national = pick(await indicators('semester=2026S1'), 'activity.mobileUnitRequestsOnTime');
    expect(national).toMatchObject({ numerator: 3, denominator: 4, value: 0.75 });
    expect(categories(national)).toEqual({ '12': [2, 0.6667], '03': [1, 1] });
    const lazio = pick(await indicators('semester=2026S1&territory=12'), 'activity.mobileUnitRequestsOnTime');
    expect(lazio).toMatchObject({ numerator: 2, denominator: 3 });
    expect(pick(await indicators('semester=2026S2'), 'activity.mobileUnitRequestsOnTime')).toMatchObject({ numerator: 1, denominator: 1 });
  });

  it('counts the issues escalated to the central table per semester and territory, each issue once', async () => {
    const roma = escalated({ territory: '058091' });
    await publish([
      roma,
      escalated({ territory: '015146', day: '2026-06-30' }),
      // A table without a territory: in the national total only.
      escalated({ territory: null }),
      escalated({ territory: '058120', day: '2026-07-01' }),
    ]);
    expect(await consumer.handle(roma)).toBe(false);
    // The same issue announced again under another event id: still one issue.
    expect(await consumer.handle({ ...roma, id: randomUUID() })).toBe(true);

    const national = pick(await indicators('semester=2026S1'), 'governance.issuesEscalated');
    expect(national).toMatchObject({ numerator: 3, value: 3 });
    // The issue of a table without a territory is in the national total, and shown as not recorded in the breakdown.
    expect(categories(national)).toEqual({ '12': [1, 1], '03': [1, 1], NOT_RECORDED: [1, 1] });
    expect(pick(await indicators('semester=2026S1&territory=12'), 'governance.issuesEscalated')).toMatchObject({ value: 1 });
    expect(pick(await indicators('semester=2026S2'), 'governance.issuesEscalated')).toMatchObject({ value: 1 });
    // Governance is internal: partners do not see it.
    const partner = await t.http.get('/api/v1/indicators?semester=2026S1').set(auth(await t.tokens.operator('org-a')));
    expect((partner.body.indicators as Figures[]).some((r) => r.indicatorId === 'governance.issuesEscalated')).toBe(false);
  });

  it('refuses a malformed decision or escalation whole', async () => {
    const before = (await ds.query(
      `SELECT (SELECT count(*) FROM mobile_unit_request)::int AS m, (SELECT count(*) FROM escalated_issue)::int AS e`,
    )) as unknown[];
    await expect(consumer.handle(decided({ leadTimeDays: -1 }))).rejects.toThrow(/leadTimeDays/);
    await expect(consumer.handle(decided({ decision: 'PENDING' as never }))).rejects.toThrow(/decision/);
    await expect(consumer.handle(escalated({ day: 'yesterday' }))).rejects.toThrow(/day/);
    expect(await ds.query(`SELECT (SELECT count(*) FROM mobile_unit_request)::int AS m, (SELECT count(*) FROM escalated_issue)::int AS e`)).toEqual(before);
  });

  it('puts both in the semiannual report beside the other activity and governance indicators', async () => {
    const builder = t.app.get(ReportInputBuilder);
    const snapshot = buildReportSnapshot(await builder.build(ds.manager, '2026S1', builder.scopeOf(null), 1, new Date('2026-07-10T10:00:00Z')));
    expect(snapshot.indicators.find((i) => i.indicatorId === 'activity.mobileUnitRequestsOnTime')).toMatchObject({ numerator: 3, denominator: 4 });
    expect(snapshot.indicators.find((i) => i.indicatorId === 'governance.issuesEscalated')).toMatchObject({ value: 3 });
    const csv = renderCsv(snapshot);
    expect(csv).toContain('activity.mobileUnitRequestsOnTime');
    expect(csv).toContain('governance.issuesEscalated');
    const workbook = new Workbook();
    await workbook.xlsx.load((await renderXlsx(snapshot)) as unknown as Parameters<Workbook['xlsx']['load']>[0]);
    const texts = (sheet: string) => {
      const out: string[] = [];
      workbook.getWorksheet(sheet)?.eachRow((r) => r.eachCell((c) => out.push(String(c.value))));
      return out;
    };
    expect(texts('Attività sul territorio')).toContain('Richieste di unità mobile presentate almeno 15 giorni prima');
    expect(texts('Governance')).toContain('Questioni dei tavoli tecnici locali portate al tavolo centrale');
  });
});
