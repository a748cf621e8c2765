import { randomUUID } from 'node:crypto';
import { romeDate } from '@inps/kernel';
import {
  createTestApp,
  FixedClock,
  OUTREACH_EVENT_HELD,
  TECHNICAL_TABLE_ISSUE_ESCALATED,
  TECHNICAL_TABLE_MEETING_HELD,
  testQueuePrefix,
  testRedisUrl,
  type OutboxMessage,
  type TestApp,
} from '@inps/shared';
import { loadTerritoryRegistry } from '@inps/territories';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { monitoringConfig } from '../src/monitoring.config';
import { MONITORING_DATABASE } from '../src/migrations';
import { EventsConsumer } from '../src/modules/events/events.consumer';
import { ReportInputBuilder } from '../src/modules/reports/report-input.builder';
import { buildReportSnapshot, isSuppressed, toPartnerView, type ReportNumber, type ReportSnapshot } from '../src/modules/reports/render';
import { seedMonitoring } from '../src/modules/seed/monitoring.seeder';
import { screeningEvent } from './helpers';

const event = (type: string, payload: object): OutboxMessage => ({ id: randomUUID(), type, occurredOn: romeDate(new Date()), payload }) as OutboxMessage;

/**
 * Every breakdown of every indicator adds up to its total, on the seed's demo data plus the facts a
 * breakdown cannot place: screenings without a comune, an event held at the region level, an issue
 * of a table without a territory, a central table's meeting. What a breakdown cannot place is in an
 * explicit "not recorded" category. In the partners' edition a breakdown either still adds up or
 * says which cells it hid.
 */
describe('breakdowns add up to their totals', () => {
  let t: TestApp<typeof monitoringConfig.fields>;
  let ds: DataSource;
  let builder: ReportInputBuilder;

  beforeAll(async () => {
    t = await createTestApp((config) => AppModule.forRoot(config, { clock: new FixedClock('2026-07-10T10:00:00Z'), withWorker: true }), {
      config: monitoringConfig,
      database: MONITORING_DATABASE,
      env: { REDIS_URL: testRedisUrl(), QUEUE_PREFIX: testQueuePrefix('mon-sum') },
    });
    ds = t.app.get(DataSource);
    builder = t.app.get(ReportInputBuilder);
    await seedMonitoring(ds, loadTerritoryRegistry(), { screenings: 2000, followUps: 200, semester: '2026S1', seed: 11 });
    const consumer = t.app.get(EventsConsumer);
    for (const e of [
      ...Array.from({ length: 11 }, () => screeningEvent({ territory: null, organisationId: null, channel: 'self' })),
      screeningEvent({ territory: '058091' }),
      event(OUTREACH_EVENT_HELD, {
        eventId: randomUUID(),
        agreementId: null,
        organisationId: null,
        territory: '12',
        day: '2026-03-03',
        peopleContacted: 40,
        communicatedInTime: true,
      }),
      event(TECHNICAL_TABLE_ISSUE_ESCALATED, {
        issueId: randomUUID(),
        tableId: randomUUID(),
        territory: null,
        centralIssueId: randomUUID(),
        centralTableId: 'central',
        day: '2026-04-01',
      }),
      event(TECHNICAL_TABLE_MEETING_HELD, { meetingId: randomUUID(), tableId: 'central', level: 'CENTRAL', territory: null, day: '2026-04-02' }),
      event(TECHNICAL_TABLE_MEETING_HELD, { meetingId: randomUUID(), tableId: randomUUID(), level: 'LOCAL', territory: '058091', day: '2026-04-03' }),
    ])
      await consumer.handle(e);
  }, 120_000);
  afterAll(() => t.close());

  const snapshotOf = async (territory: string | null): Promise<ReportSnapshot> =>
    buildReportSnapshot(await builder.build(ds.manager, '2026S1', builder.scopeOf(territory), 1, new Date('2026-07-10T10:00:00Z')));

  /** Per indicator and breakdown, where the categories do not add up to the total: none expected. */
  function mismatches(snapshot: ReportSnapshot, partner: boolean): string[] {
    const out: string[] = [];
    const num = (value: ReportNumber): number => (typeof value === 'number' ? value : 0);
    for (const indicator of snapshot.indicators) {
      for (const b of indicator.breakdowns) {
        for (const side of ['numerator', 'denominator'] as const) {
          const total = indicator[side];
          if (total === null) continue;
          const cells = b.categories.map((c) => c[side]);
          // Partners: a hidden total or hidden cells are said so; only what is shown must add up.
          if (partner && (isSuppressed(total) || cells.some(isSuppressed))) continue;
          const sum = cells.reduce<number>((s, v) => s + num(v), 0);
          if (sum !== num(total)) out.push(`${indicator.indicatorId} by ${b.breakdown} (${side}): ${sum} ≠ ${num(total)}`);
        }
        if (!partner && !b.additive) out.push(`${indicator.indicatorId} by ${b.breakdown}: not additive`);
      }
    }
    return out;
  }

  it.each([
    ['Italy', null],
    ['Lazio', '12'],
    ['Roma (metropolitan city)', '058'],
    ['Roma (comune)', '058091'],
  ])('for %s, in the full edition and in the partners’ edition', async (_name, territory) => {
    const snapshot = await snapshotOf(territory);
    expect(snapshot.indicators.some((i) => i.breakdowns.length > 0)).toBe(true);
    expect(mismatches(snapshot, false)).toEqual([]);
    let partner: ReportSnapshot | null = null;
    try {
      partner = toPartnerView(snapshot);
    } catch (error) {
      // A territory that suppression cannot protect gets no partner view at all: nothing is shown.
      expect(String(error)).toMatch(/Suppression could not protect/);
    }
    if (partner) expect(mismatches(partner, true)).toEqual([]);
  });

  it('puts the screenings without a comune in the national breakdown as "not recorded", labelled in Italian and English', async () => {
    const snapshot = await snapshotOf(null);
    const completed = snapshot.indicators.find((i) => i.indicatorId === 'screening.completed');
    const byTerritory = completed?.breakdowns.find((b) => b.breakdown === 'territory');
    const missing = byTerritory?.categories.find((c) => c.category === 'NOT_RECORDED');
    expect(missing?.numerator).toBeGreaterThanOrEqual(11);
    expect(missing?.label).toEqual({ it: 'Territorio non rilevato o non ripartibile', en: 'Territory not recorded or not attributable' });
    const meetings = snapshot.indicators.find((i) => i.indicatorId === 'governance.technicalTableMeetings');
    expect(meetings?.breakdowns[0].categories.map((c) => [c.category, c.numerator])).toEqual([
      ['LOCAL', 1],
      ['CENTRAL', 1],
    ]);
  });
});
