import { createTestApp, FixedClock, testQueuePrefix, testRedisUrl, type TestApp } from '@inps/shared';
import { AppModule } from '../src/app.module';
import { monitoringConfig } from '../src/monitoring.config';
import { MONITORING_DATABASE } from '../src/migrations';
import { MEASURES } from '../src/domain';
import { fakeTerritories, screeningEvent, seedScreenings } from './helpers';

type Figures = {
  indicatorId: string;
  numerator: unknown;
  denominator: unknown;
  value: unknown;
  breakdowns: { breakdown: string; categories: { category: string; value: unknown }[] }[];
};

/**
 * A hand-computed data set (2026S1):
 * - Roma (058091, Lazio 12): 3 desk screenings, ADI likely, AUU not eligible; one stopped for the ISEE.
 * - Fiumicino (058120, Lazio 12): 2 gazebo screenings, ADI undetermined.
 * - Milano (015146, Lombardia 03): 5 self-assessments, ADI and AUU likely.
 * Italy: 10 screenings, 8 with a likely benefit (0.8), likely verdicts 3 + 5 + 5 = 13 (ADI 8, AUU 5),
 * 2 undetermined, ADI likely 8 of 10 assessments, 1 of 10 stopped for the ISEE.
 * Lazio: 5 screenings, 3 with a likely benefit (0.6), 3 likely verdicts.
 */
describe('indicators REST', () => {
  let t: TestApp<typeof monitoringConfig.fields>;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await createTestApp((config) => AppModule.forRoot(config, { clock: new FixedClock('2026-07-10T10:00:00Z'), territories: fakeTerritories }), {
      config: monitoringConfig,
      database: MONITORING_DATABASE,
      env: { REDIS_URL: testRedisUrl(), QUEUE_PREFIX: testQueuePrefix('mon-ind') },
    });
    const adiAuu = (adi: string, auu: string) => [
      { benefitId: 'ADI', status: adi },
      { benefitId: 'AUU', status: auu },
    ];
    await seedScreenings(t.app, [
      screeningEvent({ territory: '058091', channel: 'desk', verdicts: adiAuu('LIKELY_ELIGIBLE', 'NOT_ELIGIBLE'), stoppedFor: ['ISEE'] }),
      screeningEvent({ territory: '058091', channel: 'desk', verdicts: adiAuu('LIKELY_ELIGIBLE', 'NOT_ELIGIBLE') }),
      screeningEvent({ territory: '058091', channel: 'desk', verdicts: adiAuu('LIKELY_ELIGIBLE', 'NOT_ELIGIBLE') }),
      ...Array.from({ length: 2 }, () => screeningEvent({ territory: '058120', channel: 'gazebo', verdicts: [{ benefitId: 'ADI', status: 'UNDETERMINED' }] })),
      ...Array.from({ length: 5 }, () => screeningEvent({ territory: '015146', channel: 'self', verdicts: adiAuu('LIKELY_ELIGIBLE', 'LIKELY_ELIGIBLE') })),
      ...Array.from({ length: 6 }, () => screeningEvent({ territory: '015146', day: '2025-12-31' })), // the previous semester: not counted
    ]);
  });
  afterAll(() => t.close());

  const fetch = async (token: string, query: string) => t.http.get(`/api/v1/indicators?${query}`).set(auth(token));
  const pick = (body: { indicators: Figures[] }, id: string) => body.indicators.find((i) => i.indicatorId === id) as Figures;
  const categories = (f: Figures, breakdown: string) =>
    Object.fromEntries((f.breakdowns.find((b) => b.breakdown === breakdown)?.categories ?? []).map((c) => [c.category, c.value]));

  it('computes the national indicators from the rollups', async () => {
    const res = await fetch(await t.tokens.central(), 'semester=2026S1');
    expect(res.status).toBe(200);
    expect(res.body.partnerView).toBe(false);
    expect(pick(res.body, 'screening.completed')).toMatchObject({ value: 10 });
    expect(categories(pick(res.body, 'screening.completed'), 'channel')).toEqual({
      OPERATOR_DESK: 3,
      MOBILE_UNIT: 0,
      OUTREACH_EVENT: 2,
      PARTNER_APP: 0,
      SELF_ASSESSMENT: 5,
    });
    expect(categories(pick(res.body, 'screening.completed'), 'territory')).toEqual({ '03': 5, '12': 5 });
    expect(pick(res.body, 'screening.withLikelyBenefitShare')).toMatchObject({ numerator: 8, denominator: 10, value: 0.8 });
    expect(pick(res.body, 'screening.likelyBenefits')).toMatchObject({ value: 13 });
    expect(categories(pick(res.body, 'screening.likelyBenefits'), 'benefit')).toMatchObject({ ADI: 8, AUU: 5 });
    expect(pick(res.body, 'screening.undeterminedBenefits')).toMatchObject({ value: 2 });
    expect(categories(pick(res.body, 'screening.likelyShareByBenefit'), 'benefit')).toMatchObject({ ADI: 0.8, AUU: 0.625 });
    expect(pick(res.body, 'screening.stoppedMissingIseeShare')).toMatchObject({ numerator: 1, denominator: 10, value: 0.1 });
  });

  it('computes a region from its own rollups', async () => {
    const res = await fetch(await t.tokens.territorial(['12']), 'semester=2026S1&territory=12');
    expect(res.status).toBe(200);
    expect(res.body.scope).toMatchObject({ level: 'REGION', istatCode: '12' });
    expect(pick(res.body, 'screening.completed')).toMatchObject({ value: 5 });
    expect(categories(pick(res.body, 'screening.completed'), 'territory')).toEqual({ '058': 5 });
    expect(pick(res.body, 'screening.withLikelyBenefitShare')).toMatchObject({ numerator: 3, denominator: 5, value: 0.6 });
    expect(pick(res.body, 'screening.likelyBenefits')).toMatchObject({ value: 3 });
  });

  it('gives partners suppressed figures only, and keeps territorial users to their territories', async () => {
    const res = await fetch(await t.tokens.operator('org-a'), 'semester=2026S1');
    expect(res.status).toBe(200);
    expect(res.body.partnerView).toBe(true);
    expect(pick(res.body, 'screening.completed')).toMatchObject({ value: 10 });
    expect(pick(res.body, 'screening.stoppedMissingIseeShare').numerator).not.toBe(1);
    expect(pick(res.body, 'governance.activeAgreements')).toBeUndefined();
    // A comune with a handful of screenings: every count of people in it is 1–4 and reads "< 5" (its
    // categories are withheld); the view is given, with nothing from 1 to 4 in it.
    const tiny = await fetch(await t.tokens.operator('org-a'), 'semester=2026S1&territory=058120');
    expect(tiny.status).toBe(200);
    expect(tiny.body).toMatchObject({ partnerView: true, withheld: null });
    expect(pick(tiny.body, 'screening.completed').value).toEqual({ suppressed: 'small' });
    type Figures = { numerator: unknown; denominator: unknown };
    type Row = Figures & { numeratorMeasure: keyof typeof MEASURES; denominatorMeasure: keyof typeof MEASURES | null; breakdowns: { categories: Figures[] }[] };
    const small = (measure: keyof typeof MEASURES | null, value: unknown) =>
      measure !== null && MEASURES[measure].aboutPeople && typeof value === 'number' && value >= 1 && value <= 4;
    const leaks = (tiny.body.indicators as Row[]).flatMap((row) =>
      [row, ...row.breakdowns.flatMap((b) => b.categories)].filter(
        (f) => small(row.numeratorMeasure, f.numerator) || small(row.denominatorMeasure, f.denominator),
      ),
    );
    expect(leaks).toEqual([]);

    expect((await fetch(await t.tokens.territorial(['03']), 'semester=2026S1&territory=12')).status).toBe(403);
    expect((await fetch(await t.tokens.territorial(['12']), 'semester=2026S1')).status).toBe(403);
    expect((await fetch(await t.tokens.territorial(['12']), 'semester=2026S1&territory=058')).status).toBe(200);
    const bad = await fetch(await t.tokens.central(), 'semester=2026-1');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('semester');
    expect((await t.http.get('/api/v1/indicators?semester=2026S1')).status).toBe(401);
  });
});
