import { createTestApp, FixedClock, testQueuePrefix, testRedisUrl, type TestApp } from '@inps/shared';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { monitoringConfig } from '../src/monitoring.config';
import { MONITORING_DATABASE } from '../src/migrations';
import { ReportInputBuilder } from '../src/modules/reports/report-input.builder';
import { buildReportSnapshot, renderCsv, type IndicatorFigures } from '../src/modules/reports/render';
import { fakeTerritories, screeningEvent, seedScreenings } from './helpers';

type Figures = Pick<IndicatorFigures, 'indicatorId' | 'numerator' | 'denominator' | 'value' | 'breakdowns'>;

/**
 * People taken in charge, needs found and help given count the follow-ups recorded in the system
 * too, beside the partners' returns, and say which figure comes from which (breakdown `source`).
 * Where an organisation's accepted return covers the territory, its follow-ups there are not
 * counted again: the return is its complete count. Figures worked out by hand in the comments.
 */
describe('follow-ups in the people, needs and help indicators', () => {
  let t: TestApp<typeof monitoringConfig.fields>;
  let ds: DataSource;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  const roma = [1, 2, 3].map(() => screeningEvent({ territory: '058091', day: '2026-03-10' }));
  const milano = screeningEvent({ territory: '015146', day: '2026-03-11' });
  const id = (e: (typeof roma)[number]): string => (e.payload as { screeningId: string }).screeningId;

  beforeAll(async () => {
    t = await createTestApp((config) => AppModule.forRoot(config, { clock: new FixedClock('2026-03-20T10:00:00Z'), territories: fakeTerritories }), {
      config: monitoringConfig,
      database: MONITORING_DATABASE,
      env: { REDIS_URL: testRedisUrl(), QUEUE_PREFIX: testQueuePrefix('mon-fui') },
    });
    ds = t.app.get(DataSource);
    await seedScreenings(t.app, [...roma, milano]);
    const followUp = async (organisation: string, screeningId: string, needs: string[], help: string[]) => {
      const res = await t.http
        .post('/api/v1/follow-ups')
        .set(auth(await t.tokens.operator(organisation)))
        .send({ screeningId, day: '2026-03-12', needs, help: help.map((type) => ({ type })) });
      expect(res.status).toBe(201);
    };
    // org-a: two people in Roma (covered by its accepted return below) and one in Milano (not covered).
    await followUp('org-a', id(roma[0]), ['ISEE'], ['ISEE']);
    await followUp('org-a', id(roma[1]), ['ISEE', 'HOUSING'], ['ISEE', 'REFERRAL_COMUNE']);
    await followUp('org-a', id(milano), ['DIGITAL_IDENTITY', 'WORK'], ['DIGITAL_IDENTITY']);
    // org-b: no return; one person in Roma, also followed by org-a (counted once for org-b's part).
    await followUp('org-b', id(roma[0]), ['PENSION'], ['REFERRAL_PATRONATO']);
    await followUp('org-b', id(roma[2]), ['ISEE'], ['ISEE', 'REFERRAL_CAF']);
    // org-a's accepted return for Roma: its complete count there, its two follow-ups included.
    await ds.query(
      `INSERT INTO partner_return (organisation_id, territory_code, semester, dataset_version, "values", status, first_submitted_at, on_time)
       VALUES ('org-a', '058091', '2026S1', '2026.1', $1, 'ACCEPTED', now(), true)`,
      [
        JSON.stringify({
          peopleContacted: { total: 30 },
          peopleTakenInCharge: { total: 10 },
          needsFound: { total: 12, byNeedType: { ISEE: 8, HOUSING: 4 } },
          needsResolved: { total: 5 },
          helpGiven: { total: 9, byHelpType: { ISEE: 6, REFERRAL_COMUNE: 3 } },
        }),
      ],
    );
  });
  afterAll(() => t.close());

  const indicators = async (query: string): Promise<Figures[]> => {
    const res = await t.http.get(`/api/v1/indicators?${query}`).set(auth(await t.tokens.central()));
    expect(res.status).toBe(200);
    return res.body.indicators as Figures[];
  };
  const pick = (rows: Figures[], indicatorId: string): Figures => rows.find((r) => r.indicatorId === indicatorId) as Figures;
  const cells = (f: Figures, breakdown: string) =>
    Object.fromEntries((f.breakdowns.find((b) => b.breakdown === breakdown)?.categories ?? []).map((c) => [c.category, c.numerator]));

  it('adds the follow-ups no accepted return covers, and says which source each part comes from', async () => {
    const national = await indicators('semester=2026S1');
    // Returns: 10 people. Follow-ups not covered: org-a's in Milano (1), org-b's in Roma (2) → 13.
    const people = pick(national, 'takenInCharge.new');
    expect(people).toMatchObject({ numerator: 13, value: 13 });
    expect(cells(people, 'source')).toEqual({ FOLLOW_UPS: 3, RETURNS: 10 });
    expect(cells(people, 'territory')).toMatchObject({ '12': 12, '03': 1 });
    // Needs: 12 from the return; follow-ups 2 (Milano) + 1 + 1 (org-b) = 4 → 16, by type adding up.
    const needs = pick(national, 'needs.found');
    expect(needs).toMatchObject({ value: 16 });
    expect(cells(needs, 'source')).toEqual({ FOLLOW_UPS: 4, RETURNS: 12 });
    expect(cells(needs, 'needType')).toMatchObject({ ISEE: 9, HOUSING: 4, DIGITAL_IDENTITY: 1, WORK: 1, PENSION: 1 });
    // Help: 9 from the return; follow-ups 1 (Milano) + 1 + 2 (org-b) = 4 → 13.
    const help = pick(national, 'help.given');
    expect(help).toMatchObject({ value: 13 });
    expect(cells(help, 'source')).toEqual({ FOLLOW_UPS: 4, RETURNS: 9 });
    expect(cells(help, 'helpType')).toMatchObject({ ISEE: 7, REFERRAL_COMUNE: 3, DIGITAL_IDENTITY: 1, REFERRAL_PATRONATO: 1, REFERRAL_CAF: 1 });
    // Every follow-up person was contacted: the rate stays within 0 and 1.
    expect(pick(national, 'takenInCharge.rate')).toMatchObject({ numerator: 13, denominator: 33 });
    // Lombardia has no return: its figure is the follow-up alone.
    expect(cells(pick(await indicators('semester=2026S1&territory=03'), 'takenInCharge.new'), 'source')).toEqual({ FOLLOW_UPS: 1, RETURNS: 0 });
  });

  it('gives the sources on GraphQL too', async () => {
    const res = await t.http
      .post('/graphql')
      .set(auth(await t.tokens.central()))
      .send({ query: '{ indicators(semester: "2026S1") { indicators { id sources { source labelEn numerator { value suppressed } } } } }' });
    expect(res.body.errors).toBeUndefined();
    const rows = res.body.data.indicators.indicators as { id: string; sources: { source: string; labelEn: string; numerator: { value: number } }[] }[];
    expect(rows.find((r) => r.id === 'takenInCharge.new')?.sources).toEqual([
      { source: 'FOLLOW_UPS', labelEn: 'Follow-ups recorded in the system', numerator: { value: 3, suppressed: false } },
      { source: 'RETURNS', labelEn: "Partners' six-monthly returns", numerator: { value: 10, suppressed: false } },
    ]);
    expect(rows.find((r) => r.id === 'screening.completed')?.sources).toEqual([]);
  });

  it('names the sources in the report files, in Italian and English', async () => {
    const builder = t.app.get(ReportInputBuilder);
    const snapshot = buildReportSnapshot(await builder.build(ds.manager, '2026S1', builder.scopeOf(null), 1, new Date('2026-07-10T10:00:00Z')));
    const source = snapshot.indicators.find((i) => i.indicatorId === 'takenInCharge.new')?.breakdowns.find((b) => b.breakdown === 'source');
    expect(source?.categories.map((c) => [c.category, c.label, c.numerator])).toEqual([
      ['FOLLOW_UPS', { it: 'Prese in carico registrate nel sistema', en: 'Follow-ups recorded in the system' }, 3],
      ['RETURNS', { it: 'Rendicontazioni semestrali dei partner', en: "Partners' six-monthly returns" }, 10],
    ]);
    expect(renderCsv(snapshot)).toMatch(/takenInCharge\.new[^\n]*source[^\n]*FOLLOW_UPS[^\n]*3/);
  });
});
