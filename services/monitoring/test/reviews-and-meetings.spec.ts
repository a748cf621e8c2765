import { romeDate } from '@inps/kernel';
import { randomUUID } from 'node:crypto';
import {
  AGREEMENT_REVIEWED,
  createTestApp,
  FixedClock,
  TECHNICAL_TABLE_MEETING_HELD,
  testQueuePrefix,
  testRedisUrl,
  type AgreementReviewedPayload,
  type OutboxMessage,
  type TechnicalTableMeetingHeldPayload,
  type TestApp,
} from '@inps/shared';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { monitoringConfig } from '../src/monitoring.config';
import { MONITORING_DATABASE } from '../src/migrations';
import { EventsConsumer } from '../src/modules/events/events.consumer';
import { ReportInputBuilder } from '../src/modules/reports/report-input.builder';
import { buildReportSnapshot, renderCsv, type IndicatorFigures } from '../src/modules/reports/render';
import { fakeTerritories } from './helpers';

type Figures = Pick<IndicatorFigures, 'indicatorId' | 'numerator' | 'denominator' | 'value' | 'breakdowns'>;

const reviewed = (payload: Partial<AgreementReviewedPayload>): OutboxMessage<AgreementReviewedPayload> => ({
  id: randomUUID(),
  type: AGREEMENT_REVIEWED,
  occurredOn: romeDate(new Date()),
  payload: {
    agreementId: randomUUID(),
    kind: 'LOCAL',
    territories: ['058091'],
    organisations: ['org-a'],
    decision: 'APPROVED',
    submittedOn: '2026-03-01',
    day: '2026-03-11',
    reviewDays: 10,
    ...payload,
  },
});

const held = (payload: Partial<TechnicalTableMeetingHeldPayload>): OutboxMessage<TechnicalTableMeetingHeldPayload> => ({
  id: randomUUID(),
  type: TECHNICAL_TABLE_MEETING_HELD,
  occurredOn: romeDate(new Date()),
  payload: { meetingId: randomUUID(), tableId: randomUUID(), level: 'LOCAL', territory: '058091', day: '2026-04-15', ...payload },
});

/**
 * The agreements service's review decisions and technical-table meetings, from their events to the
 * governance indicators (median review days, meetings held by table level). Figures worked out by hand.
 */
describe('agreement reviews and technical-table meetings (worker)', () => {
  let t: TestApp<typeof monitoringConfig.fields>;
  let ds: DataSource;
  let consumer: EventsConsumer;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await createTestApp(
      (config) => AppModule.forRoot(config, { clock: new FixedClock('2026-07-10T10:00:00Z'), territories: fakeTerritories, withWorker: true }),
      { config: monitoringConfig, database: MONITORING_DATABASE, env: { REDIS_URL: testRedisUrl(), QUEUE_PREFIX: testQueuePrefix('mon-gov') } },
    );
    ds = t.app.get(DataSource);
    consumer = t.app.get(EventsConsumer);
  });
  afterAll(() => t.close());

  const indicators = async (query: string, token?: string): Promise<Figures[]> => {
    const res = await t.http.get(`/api/v1/indicators?${query}`).set(auth(token ?? (await t.tokens.central())));
    expect(res.status).toBe(200);
    return res.body.indicators as Figures[];
  };
  const pick = (rows: Figures[], id: string): Figures => {
    const found = rows.find((r) => r.indicatorId === id);
    if (!found) throw new Error(`no indicator ${id}`);
    return found;
  };

  it('takes the median of the days every review decision took, each submission once, in scope', async () => {
    const again = reviewed({ territories: ['058120'], decision: 'CHANGES_REQUESTED', reviewDays: 4, submittedOn: '2026-02-01', day: '2026-02-05' });
    const events = [
      again,
      // Resubmitted after the changes, then approved: a second review of the same agreement.
      reviewed({ agreementId: again.payload.agreementId, territories: ['058120'], submittedOn: '2026-03-01', day: '2026-03-21', reviewDays: 20 }),
      // Rejections count too: the directorate took that long to answer.
      reviewed({ territories: ['015146'], decision: 'REJECTED', reviewDays: 30, submittedOn: '2026-01-10', day: '2026-02-09' }),
      // A framework agreement for Italy reaches every scope.
      reviewed({ kind: 'FRAMEWORK', territories: ['IT'], reviewDays: 6, submittedOn: '2026-01-05', day: '2026-01-11' }),
      // The next semester.
      reviewed({ reviewDays: 90, submittedOn: '2026-04-05', day: '2026-07-04' }),
    ];
    for (const e of events) expect(await consumer.handle(e)).toBe(true);
    // Delivered again, or announced again under another event id: still one review each.
    expect(await consumer.handle(again)).toBe(false);
    expect(await consumer.handle({ ...again, id: randomUUID() })).toBe(true);

    // 2026S1: 4, 20, 30, 6 → median (6 + 20) / 2 = 13, over 4 reviews.
    expect(pick(await indicators('semester=2026S1'), 'governance.medianReviewDays')).toMatchObject({ numerator: 4, value: 13 });
    // Lazio: 4, 20 (Fiumicino) and 6 (Italy) → 6.
    expect(pick(await indicators('semester=2026S1&territory=12'), 'governance.medianReviewDays')).toMatchObject({ numerator: 3, value: 6 });
    expect(pick(await indicators('semester=2026S2'), 'governance.medianReviewDays')).toMatchObject({ numerator: 1, value: 90 });
  });

  it('counts the meetings held per semester by table level, the central ones in the national figure only', async () => {
    const roma = held({});
    for (const e of [
      roma,
      held({ territory: '015146', day: '2026-06-30' }),
      held({ level: 'CENTRAL', territory: null, day: '2026-05-05' }),
      held({ territory: '058120', day: '2026-07-01' }),
    ])
      expect(await consumer.handle(e)).toBe(true);
    expect(await consumer.handle(roma)).toBe(false);
    expect(await consumer.handle({ ...roma, id: randomUUID() })).toBe(true);

    const levels = (f: Figures) =>
      Object.fromEntries((f.breakdowns.find((b) => b.breakdown === 'tableLevel')?.categories ?? []).map((c) => [c.category, c.numerator]));
    const national = pick(await indicators('semester=2026S1'), 'governance.technicalTableMeetings');
    expect(national).toMatchObject({ value: 3 });
    expect(levels(national)).toMatchObject({ LOCAL: 2, CENTRAL: 1 });
    const lazio = pick(await indicators('semester=2026S1&territory=12'), 'governance.technicalTableMeetings');
    expect(lazio).toMatchObject({ value: 1 });
    expect(levels(lazio)).toMatchObject({ LOCAL: 1, CENTRAL: 0 });
    expect(pick(await indicators('semester=2026S2'), 'governance.technicalTableMeetings')).toMatchObject({ value: 1 });
    // Governance is internal: partners do not see it.
    const partner = await indicators('semester=2026S1', await t.tokens.operator('org-a'));
    expect(partner.some((r) => r.indicatorId.startsWith('governance.'))).toBe(false);
  });

  it('refuses a malformed review or meeting whole', async () => {
    const count = async () =>
      ds.query(`SELECT (SELECT count(*) FROM agreement_review)::int AS r, (SELECT count(*) FROM technical_table_meeting)::int AS m`) as Promise<unknown>;
    const before = await count();
    await expect(consumer.handle(reviewed({ reviewDays: -1 }))).rejects.toThrow(/reviewDays/);
    await expect(consumer.handle(reviewed({ decision: 'PENDING' as never }))).rejects.toThrow(/decision/);
    await expect(consumer.handle(reviewed({ submittedOn: '2026-05-01', day: '2026-04-01' }))).rejects.toThrow(/before submittedOn/);
    await expect(consumer.handle(reviewed({ territories: ['Roma'] }))).rejects.toThrow(/territories/);
    await expect(consumer.handle(held({ level: 'REGIONAL' as never }))).rejects.toThrow(/level/);
    await expect(consumer.handle(held({ day: 'yesterday' }))).rejects.toThrow(/day/);
    expect(await count()).toEqual(before);
  });

  it('puts both in the semiannual report', async () => {
    const builder = t.app.get(ReportInputBuilder);
    const snapshot = buildReportSnapshot(await builder.build(ds.manager, '2026S1', builder.scopeOf(null), 1, new Date('2026-07-10T10:00:00Z')));
    expect(snapshot.indicators.find((i) => i.indicatorId === 'governance.medianReviewDays')).toMatchObject({ numerator: 4, value: 13 });
    expect(snapshot.indicators.find((i) => i.indicatorId === 'governance.technicalTableMeetings')).toMatchObject({ value: 3 });
    const csv = renderCsv(snapshot);
    expect(csv).toMatch(/governance\.medianReviewDays[^\n]*13/);
    expect(csv).toMatch(/governance\.technicalTableMeetings[^\n]*3/);
  });
});
