import { createTestApp, eventually, FixedClock, QUEUE_BACKEND, testQueuePrefix, testRedisUrl, type QueueBackend, type TestApp } from '@inps/shared';
import type { OutboxMessage } from '@inps/shared';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { monitoringConfig } from '../src/monitoring.config';
import { MONITORING_DATABASE } from '../src/migrations';
import { fakeTerritories, screeningEvent } from './helpers';

type Row = Record<string, unknown>;
type Category = { category: string; numerator: unknown; value: unknown };
type Indicator = { indicatorId: string; value: unknown; breakdowns: { breakdown: string; categories: Category[] }[] };

/** "I don't know" answers, from screening.completed events through the worker to the indicators and the report. */
describe("don't-know answers in monitoring", () => {
  let t: TestApp<typeof monitoringConfig.fields>;
  let ds: DataSource;
  const clock = new FixedClock('2026-07-10T10:00:00Z');
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  let delivered = 0;

  beforeAll(async () => {
    t = await createTestApp((config) => AppModule.forRoot(config, { clock, territories: fakeTerritories, withWorker: true }), {
      config: monitoringConfig,
      database: MONITORING_DATABASE,
      env: { REDIS_URL: testRedisUrl(), QUEUE_PREFIX: testQueuePrefix('mon-dk') },
    });
    ds = t.app.get(DataSource);
  }, 30_000);
  afterAll(() => t.close());

  async function publish(events: readonly OutboxMessage[]): Promise<void> {
    const queue = t.app.get<QueueBackend>(QUEUE_BACKEND).createQueue('events');
    try {
      for (const e of events) await queue.add(e.type, e, { jobId: `dk-${delivered++}` });
      await eventually('the events to be applied', async () => (await queue.getJobCounts('completed')).completed === delivered, {
        timeoutMs: 45_000,
        everyMs: 50,
      });
    } finally {
      await queue.close();
    }
  }

  const indicators = async (token: string, territory?: string): Promise<Indicator[]> => {
    const res = await t.http
      .get(`/api/v1/indicators?semester=2026S1${territory ? `&territory=${territory}` : ''}`)
      .set(auth(token))
      .expect(200);
    return res.body.indicators as Indicator[];
  };
  const counts = (list: Indicator[], id: string, breakdown: string): Record<string, unknown> =>
    Object.fromEntries(
      (list.find((i) => i.indicatorId === id)?.breakdowns.find((b) => b.breakdown === breakdown)?.categories ?? []).map((c) => [c.category, c.numerator]),
    );
  const undetermined = (benefitId: string, unknownFacts?: string[]) => ({ benefitId, status: 'UNDETERMINED', ...(unknownFacts ? { unknownFacts } : {}) });

  it('counts them by fact and by fact and benefit, per channel and territory, as screening.completed events arrive (once each); an old-shape event still counts as a screening', async () => {
    const central = await t.tokens.central();
    const before = await indicators(central);
    expect(before.find((i) => i.indicatorId === 'screening.unknownFacts')?.value).toBe(0);

    const old = screeningEvent({ territory: '015146' });
    const oldPayload = old.payload as Row;
    expect('unknownFacts' in oldPayload).toBe(false);
    const desk = screeningEvent({
      unknownFacts: ['isee', 'yearsOfResidenceInItaly'],
      verdicts: [undetermined('ADI', ['isee', 'yearsOfResidenceInItaly']), undetermined('AUU', ['isee'])],
    });
    await publish([
      old,
      desk,
      // The same event delivered twice: applied once.
      desk,
      screeningEvent({ territory: '058120', channel: 'gazebo', unknownFacts: ['isee'], verdicts: [undetermined('ADI', ['isee']), undetermined('AUU')] }),
      // A don't-know that left nothing undetermined is still an answer people could not give.
      screeningEvent({ territory: '015146', channel: 'self', unknownFacts: ['homeless'] }),
    ]);

    const stored = (await ds.query(`SELECT unknown_facts FROM screening_outcome WHERE screening_id = $1`, [oldPayload.screeningId])) as Row[];
    expect(stored).toEqual([{ unknown_facts: [] }]);

    const after = await indicators(central);
    expect(after.find((i) => i.indicatorId === 'screening.completed')?.value).toBe(4);
    expect(counts(after, 'screening.unknownFacts', 'fact')).toEqual({ isee: 2, homeless: 1, yearsOfResidenceInItaly: 1 });
    expect(counts(after, 'screening.unknownFacts', 'channel')).toEqual({
      OPERATOR_DESK: 2,
      MOBILE_UNIT: 0,
      OUTREACH_EVENT: 1,
      PARTNER_APP: 0,
      SELF_ASSESSMENT: 1,
    });
    expect(counts(after, 'screening.unknownFacts', 'territory')).toMatchObject({ '12': 3, '03': 1 });
    expect(counts(after, 'screening.unknownFactsByBenefit', 'factBenefit')).toEqual({ 'isee:ADI': 2, 'isee:AUU': 1, 'yearsOfResidenceInItaly:ADI': 1 });
    expect(counts(after, 'screening.unknownFactsByBenefit', 'territory')).toMatchObject({ '12': 4 });

    // The same through GraphQL, with the partners' suppression: every count here is below 5.
    const query = `{ indicators(semester: "2026S1") { indicators { id breakdowns { breakdown categories { category labelEn numerator { value suppressed } } } } } }`;
    type GqlIndicator = {
      id: string;
      breakdowns: { breakdown: string; categories: { category: string; labelEn: string; numerator: { value: number | null; suppressed: boolean } }[] }[];
    };
    const gqlFacts = async (token: string) => {
      const res = await t.http.post('/graphql').set(auth(token)).send({ query }).expect(200);
      const list = res.body.data.indicators.indicators as GqlIndicator[];
      return list.find((i) => i.id === 'screening.unknownFacts')?.breakdowns.find((b) => b.breakdown === 'fact')?.categories;
    };
    expect(await gqlFacts(central)).toEqual([
      { category: 'isee', labelEn: 'ISEE', numerator: { value: 2, suppressed: false } },
      { category: 'homeless', labelEn: 'Homeless', numerator: { value: 1, suppressed: false } },
      { category: 'yearsOfResidenceInItaly', labelEn: expect.stringMatching(/residence/i), numerator: { value: 1, suppressed: false } },
    ]);
    const forPartner = await gqlFacts(await t.tokens.operator('org-a'));
    expect(forPartner?.map((c) => c.numerator)).toEqual([
      { value: null, suppressed: true },
      { value: null, suppressed: true },
      { value: null, suppressed: true },
    ]);

    // A region's view: Lazio's don't-knows only, by province.
    const lazio = await indicators(central, '12');
    expect(counts(lazio, 'screening.unknownFacts', 'fact')).toEqual({ isee: 2, yearsOfResidenceInItaly: 1 });

    // The rollup equals a recount over the stored outcomes.
    const rollup = (await ds.query(
      `SELECT fact, benefit_id, sum(answers)::int AS n FROM unknown_fact_rollup WHERE level = 'country' GROUP BY 1, 2 ORDER BY 1, 2`,
    )) as Row[];
    const recount = (await ds.query(`
      SELECT fact, benefit_id, count(*)::int AS n FROM (
        SELECT f AS fact, '' AS benefit_id FROM screening_outcome o CROSS JOIN LATERAL unnest(o.unknown_facts) AS f
        UNION ALL
        SELECT f, v->>'benefitId' FROM screening_outcome o CROSS JOIN LATERAL jsonb_array_elements(o.verdicts) AS v
          CROSS JOIN LATERAL jsonb_array_elements_text(coalesce(v->'unknownFacts', '[]'::jsonb)) AS f
      ) x GROUP BY 1, 2 ORDER BY 1, 2`)) as Row[];
    expect(rollup).toEqual(recount);
  });

  it('refuses an event that names a value instead of a fact, or a fact the screening did not leave unknown', async () => {
    const { parseScreeningCompleted } = await import('../src/modules/events/event-contracts');
    const bad = (payload: Record<string, unknown>) => () => parseScreeningCompleted({ ...(screeningEvent().payload as Row), ...payload });
    expect(bad({ unknownFacts: ['8200 €'] })).toThrow(/unknownFacts\[0\] is invalid/);
    expect(bad({ unknownFacts: ['isee'], verdicts: [undetermined('ADI', ['homeless'])] })).toThrow(/did not leave unknown/);
    expect(bad({ unknownFacts: ['isee'], verdicts: [{ benefitId: 'ADI', status: 'LIKELY_ELIGIBLE', unknownFacts: ['isee'] }] })).toThrow(/not UNDETERMINED/);
  });

  it('shows "facts people could not answer" in the report, in Italian and English, and refuses another report language naming the field', async () => {
    const central = await t.tokens.central();
    const requested = await t.http.post('/api/v1/reports').set(auth(central)).send({ semester: '2026S1' }).expect(202);
    const id = requested.body.id as string;
    await eventually(
      'the report to be completed',
      async () => ((await ds.query(`SELECT status FROM report WHERE id = $1`, [id])) as Row[])[0]?.status === 'COMPLETED',
      { timeoutMs: 60_000, everyMs: 100 },
    );
    const json = await t.http.get(`/api/v1/reports/${id}/files/json`).set(auth(central)).expect(200);
    const snapshot = JSON.parse(Buffer.isBuffer(json.body) ? json.body.toString('utf8') : json.text) as {
      unknownFacts: { fact: string; label: { it: string; en: string }; answers: unknown; undetermined: { benefitId: string; screenings: unknown }[] }[];
    };
    expect(snapshot.unknownFacts.map((r) => [r.fact, r.answers])).toEqual([
      ['isee', 2],
      ['homeless', 1],
      ['yearsOfResidenceInItaly', 1],
    ]);
    expect(snapshot.unknownFacts[0]).toMatchObject({
      label: { it: 'ISEE', en: 'ISEE' },
      undetermined: [
        { benefitId: 'ADI', screenings: 2 },
        { benefitId: 'AUU', screenings: 1 },
      ],
    });

    for (const language of ['it', 'en']) {
      const pdf = await t.http.get(`/api/v1/reports/${id}/files/pdf?language=${language}`).set(auth(central)).expect(200);
      expect(pdf.headers['content-type']).toMatch(/application\/pdf/);
      expect(pdf.headers['content-disposition']).toContain(`-full-${language}.pdf`);
    }
    const refused = await t.http.get(`/api/v1/reports/${id}/files/pdf?language=ro`).set(auth(central)).expect(400);
    expect(refused.body.error.details).toEqual([{ field: 'language', issue: expect.stringContaining('it, en') }]);
  }, 90_000);
});
