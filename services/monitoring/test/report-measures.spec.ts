import { romeDate } from '@inps/kernel';
import { createTestApp, FixedClock, type TestApp, testQueuePrefix, testRedisUrl } from '@inps/shared';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { monitoringConfig } from '../src/monitoring.config';
import { MONITORING_DATABASE } from '../src/migrations';
import { EventsConsumer } from '../src/modules/events/events.consumer';
import { ReportInputBuilder } from '../src/modules/reports/report-input.builder';
import { Workbook } from 'exceljs';
import { buildReportSnapshot, renderCsv, renderXlsx, type IndicatorFigures, type ReportSnapshot } from '../src/modules/reports/render';
import { buildPdfDefinition } from '../src/modules/reports/render/pdf-definition';
import { agreementEvent, fakeTerritories, screeningEvent } from './helpers';

/**
 * The measures from outreach events, agreements and application results on a small data set whose
 * figures are worked out by hand in the comments.
 */
describe('report measures: outreach events, governance, days to grant', () => {
  let t: TestApp<typeof monitoringConfig.fields>;
  let ds: DataSource;
  let consumer: EventsConsumer;
  let builder: ReportInputBuilder;
  const clock = new FixedClock('2026-07-10T10:00:00Z');

  const held = (payload: Record<string, unknown>) => ({
    id: randomUUID(),
    type: 'outreach-event.held',
    occurredOn: romeDate(new Date()),
    payload: { agreementId: 'agr-1', organisationId: 'org-a', communicatedInTime: true, ...payload },
  });

  beforeAll(async () => {
    t = await createTestApp((config) => AppModule.forRoot(config, { clock, territories: fakeTerritories, withWorker: true }), {
      config: monitoringConfig,
      database: MONITORING_DATABASE,
      env: { REDIS_URL: testRedisUrl(), QUEUE_PREFIX: testQueuePrefix('mon-meas') },
    });
    ds = t.app.get(DataSource);
    consumer = t.app.get(EventsConsumer);
    builder = t.app.get(ReportInputBuilder);

    const s = {
      roma1: screeningEvent({ territory: '058091', day: '2026-01-10' }),
      roma2: screeningEvent({ territory: '058091', day: '2026-02-01' }),
      fiumicino: screeningEvent({ territory: '058120', day: '2026-03-01' }),
      milano: screeningEvent({ territory: '015146', day: '2026-01-20' }),
    };
    // Four at once: they are applied together by the batcher.
    expect(await Promise.all(Object.values(s).map((e) => consumer.handle(e)))).toEqual([true, true, true, true]);
    const id = (e: ReturnType<typeof screeningEvent>) => (e.payload as { screeningId: string }).screeningId;
    // follow-up day − screening day: roma1 5, roma2 10, fiumicino 20, milano 0.
    // result day − screening day for GRANTED: roma1 ADI 30, roma2 ADI 30, fiumicino AUU 50, milano ADI 10.
    const followUps: [string, string, string, [string, string, string | null][]][] = [
      [
        id(s.roma1),
        'org-a',
        '2026-01-15',
        [
          ['ADI', 'GRANTED', '2026-02-09'],
          ['AUU', 'PENDING', null],
        ],
      ],
      [id(s.roma2), 'org-a', '2026-02-11', [['ADI', 'GRANTED', '2026-03-03']]],
      [
        id(s.fiumicino),
        'org-b',
        '2026-03-21',
        [
          ['ADI', 'REJECTED', '2026-04-01'],
          ['AUU', 'GRANTED', '2026-04-20'],
        ],
      ],
      [id(s.milano), 'org-a', '2026-01-20', [['ADI', 'GRANTED', '2026-01-30']]],
    ];
    for (const [screeningId, org, day, applications] of followUps) {
      const [{ id: followUpId }] = (await ds.query(
        `INSERT INTO follow_up (screening_id, organisation_id, day, semester, needs, help_types, created_on, updated_on) VALUES ($1, $2, $3, '2026S1', '{INCOME_SUPPORT}', '{APPLICATION}', $3, $3) RETURNING id`,
        [screeningId, org, day],
      )) as { id: string }[];
      for (const [benefit, result, resultDate] of applications) {
        await ds.query(`INSERT INTO follow_up_application (follow_up_id, benefit_id, result, result_date) VALUES ($1, $2, $3, $4)`, [
          followUpId,
          benefit,
          result,
          resultDate,
        ]);
      }
    }

    // Outreach events: 40 (corrected to 45 below) in Roma, 12 in Fiumicino (late), 7 in Milano, 3 at the region
    // level in Lazio; one in the next semester.
    for (const e of [
      held({ eventId: 'ev-1', territory: '058091', day: '2026-02-02', peopleContacted: 40 }),
      held({ eventId: 'ev-2', territory: '058120', day: '2026-03-02', peopleContacted: 12, communicatedInTime: false }),
      held({ eventId: 'ev-3', territory: '015146', day: '2026-04-02', peopleContacted: 7, organisationId: null, agreementId: null }),
      held({ eventId: 'ev-4', territory: '12', day: '2026-05-02', peopleContacted: 3 }),
      held({ eventId: 'ev-5', territory: '058091', day: '2026-07-03', peopleContacted: 100 }),
      held({ eventId: 'ev-1', territory: '058091', day: '2026-02-02', peopleContacted: 45 }),
    ]) {
      expect(await consumer.handle(e)).toBe(true);
    }

    // Agreements on 30 June 2026: agr-1 (Lazio, territorial) and agr-4 (Fiumicino, local) active; agr-2 expired
    // on 31 March; agr-3 (framework, Italy) terminated on 1 May.
    for (const e of [
      agreementEvent('agreement.activated', { agreementId: 'agr-1', kind: 'TERRITORIAL', territories: ['12'], validFrom: '2026-01-01', validTo: '2027-12-31' }),
      agreementEvent('agreement.activated', { agreementId: 'agr-2', kind: 'LOCAL', territories: ['015146'], validFrom: '2025-01-01', validTo: '2026-03-31' }),
      agreementEvent('agreement.activated', { agreementId: 'agr-3', kind: 'FRAMEWORK', territories: ['IT'], validFrom: '2024-03-14', validTo: '2027-03-13' }),
      agreementEvent('agreement.terminated', {
        agreementId: 'agr-3',
        kind: 'FRAMEWORK',
        territories: ['IT'],
        validFrom: '2024-03-14',
        validTo: '2027-03-13',
        day: '2026-05-01',
      }),
      agreementEvent('agreement.activated', { agreementId: 'agr-4', kind: 'LOCAL', territories: ['058120'], validFrom: '2026-02-01', validTo: '2028-01-31' }),
    ]) {
      await consumer.handle(e);
    }
  }, 30_000);
  afterAll(() => t.close());

  const report = async (code: string | null): Promise<ReportSnapshot> =>
    buildReportSnapshot(await builder.build(ds.manager, '2026S1', builder.scopeOf(code), 1, clock.now()));
  const row = (snapshot: ReportSnapshot, id: string): IndicatorFigures => {
    const found = snapshot.indicators.find((i) => i.indicatorId === id);
    if (!found) throw new Error(`no indicator ${id}`);
    return found;
  };
  const categories = (indicator: IndicatorFigures, breakdown: string) =>
    Object.fromEntries((indicator.breakdowns.find((b) => b.breakdown === breakdown)?.categories ?? []).map((c) => [c.category, [c.numerator, c.value]]));

  it('counts outreach events held, the share communicated in time and the people contacted, per territory', async () => {
    const national = await report(null);
    expect(row(national, 'activity.eventsHeld')).toMatchObject({ numerator: 4, value: 4 });
    expect(categories(row(national, 'activity.eventsHeld'), 'territory')).toEqual({ '12': [3, 3], '03': [1, 1] });
    expect(row(national, 'activity.eventsCommunicatedInTime')).toMatchObject({ numerator: 3, denominator: 4, value: 0.75 });
    // 45 (the corrected count replaces 40) + 12 + 7 + 3
    expect(row(national, 'activity.peopleContactedAtEvents')).toMatchObject({ numerator: 67 });
    expect(categories(row(national, 'activity.peopleContactedAtEvents'), 'territory')).toEqual({ '12': [60, 60], '03': [7, 7] });

    const lazio = await report('12');
    expect(row(lazio, 'activity.eventsHeld')).toMatchObject({ numerator: 3 });
    // The event held at the region level is in Lazio's total but in none of its provinces: it is
    // shown as not attributable, so that the breakdown adds up.
    expect(categories(row(lazio, 'activity.peopleContactedAtEvents'), 'territory')).toEqual({ '058': [57, 57], NOT_RECORDED: [3, 3] });
    expect(row(lazio, 'activity.peopleContactedAtEvents').breakdowns[0].additive).toBe(true);
  });

  it('counts the agreements active at the end of the semester by kind, and the territories they cover', async () => {
    const national = await report(null);
    expect(row(national, 'governance.activeAgreements')).toMatchObject({ value: 2 });
    expect(categories(row(national, 'governance.activeAgreements'), 'agreementKind')).toEqual({ FRAMEWORK: [0, 0], TERRITORIAL: [1, 1], LOCAL: [1, 1] });
    expect(row(national, 'governance.territoriesCovered')).toMatchObject({ numerator: 1, denominator: 2, value: 0.5 });
    expect(national.governance).toMatchObject({ activeAgreements: 2, territoriesCovered: 1, territoriesInScope: 2, technicalTableMeetings: 0 });

    const lombardia = await report('03');
    expect(row(lombardia, 'governance.activeAgreements')).toMatchObject({ value: 0 });
  });

  it('gives the median days from screening to application and to grant, per benefit', async () => {
    const national = await report(null);
    // to application: [0, 5, 5, 10, 20, 20] → 7.5; ADI [0, 5, 10, 20] → 7.5; AUU [5, 20] → 12.5
    expect(row(national, 'effectiveness.medianDaysToApplication')).toMatchObject({ numerator: 6, value: 7.5 });
    expect(categories(row(national, 'effectiveness.medianDaysToApplication'), 'benefit')).toEqual({ ADI: [4, 7.5], AUU: [2, 12.5] });
    // to grant: [10, 30, 30, 50] → 30; ADI [10, 30, 30] → 30; AUU [50] → 50
    expect(row(national, 'effectiveness.medianDaysToGrant')).toMatchObject({ numerator: 4, value: 30 });
    expect(categories(row(national, 'effectiveness.medianDaysToGrant'), 'benefit')).toEqual({ ADI: [3, 30], AUU: [1, 50] });
    expect(national.applicationsByBenefit.find((b) => b.benefitId === 'AUU')).toMatchObject({ medianDaysToApplication: 12.5, medianDaysToGrant: 50 });

    const lazio = await report('12');
    // Lazio: roma1, roma2, fiumicino → to grant [30, 30, 50] → 30
    expect(row(lazio, 'effectiveness.medianDaysToGrant')).toMatchObject({ numerator: 3, value: 30 });

    const csv = renderCsv(national);
    expect(csv).toContain('effectiveness.medianDaysToGrant');
    expect(csv).toContain('activity.peopleContactedAtEvents');
    // XLSX: the section sheets list every indicator of the section; PDF: the applications table has the column.
    const workbook = new Workbook();
    await workbook.xlsx.load((await renderXlsx(national)) as unknown as Parameters<Workbook['xlsx']['load']>[0]);
    const texts = (sheet: string) => {
      const out: string[] = [];
      workbook.getWorksheet(sheet)?.eachRow((r) => r.eachCell((c) => out.push(String(c.value))));
      return out;
    };
    expect(texts('Efficacia')).toContain("Giorni (mediana) dal questionario all'accoglimento della domanda");
    expect(texts('Attività sul territorio')).toContain('Persone contattate agli eventi sul territorio');
    const pdf = JSON.stringify(buildPdfDefinition(national, 'en', null));
    expect(pdf).toContain('Days to grant (median)');
  });
});
