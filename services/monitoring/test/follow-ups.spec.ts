import { createTestApp, FixedClock, testQueuePrefix, testRedisUrl, type TestApp } from '@inps/shared';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { monitoringConfig } from '../src/monitoring.config';
import { MONITORING_DATABASE } from '../src/migrations';
import { fakeTerritories, screeningEvent, seedScreenings } from './helpers';

describe('follow-ups REST', () => {
  let t: TestApp<typeof monitoringConfig.fields>;
  const clock = new FixedClock('2026-03-20T10:00:00Z');
  const roma = screeningEvent({ territory: '058091', day: '2026-03-10' });
  const milano = screeningEvent({ territory: '015146', day: '2026-03-11' });
  const screeningId = (e: typeof roma): string => (e.payload as { screeningId: string }).screeningId;
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await createTestApp((config) => AppModule.forRoot(config, { clock, territories: fakeTerritories }), {
      config: monitoringConfig,
      database: MONITORING_DATABASE,
      env: { REDIS_URL: testRedisUrl(), QUEUE_PREFIX: testQueuePrefix('mon-fu') },
    });
    await seedScreenings(t.app, [roma, milano]);
  });
  afterAll(() => t.close());

  const body = (id: string) => ({
    screeningId: id,
    day: '2026-03-12',
    needs: ['ISEE', 'DIGITAL_IDENTITY'],
    help: [{ type: 'ISEE' }, { type: 'APPLICATION', benefitId: 'ADI' }, { type: 'REFERRAL_CAF' }],
  });

  it('takes a person in charge with the organisation from the token, then records the decision', async () => {
    const token = await t.tokens.operator('org-a');
    const created = await t.http
      .post('/api/v1/follow-ups')
      .set(auth(token))
      .send(body(screeningId(roma)));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      screeningId: screeningId(roma),
      organisationId: 'org-a',
      day: '2026-03-12',
      semester: '2026S1',
      needs: ['ISEE', 'DIGITAL_IDENTITY'],
      help: [{ type: 'ISEE' }, { type: 'REFERRAL_CAF' }, { type: 'APPLICATION', benefitId: 'ADI', result: 'PENDING', resultDate: null }],
    });
    const patched = await t.http
      .patch(`/api/v1/follow-ups/${created.body.id}`)
      .set(auth(token))
      .send({ benefitId: 'ADI', result: 'GRANTED', resultDate: '2026-03-19' });
    expect(patched.status).toBe(200);
    expect(patched.body.help).toContainEqual({ type: 'APPLICATION', benefitId: 'ADI', result: 'GRANTED', resultDate: '2026-03-19' });

    const again = await t.http
      .post('/api/v1/follow-ups')
      .set(auth(token))
      .send(body(screeningId(roma)));
    expect(again.status).toBe(409);
  });

  it('refuses an unknown screening with 404 naming screeningId, and bad input naming the field', async () => {
    const token = await t.tokens.operator('org-a');
    const unknown = await t.http.post('/api/v1/follow-ups').set(auth(token)).send(body('6d1f3c2e-1111-4222-8333-944445555666'));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.details).toEqual([expect.objectContaining({ field: 'screeningId' })]);

    const freeText = await t.http
      .post('/api/v1/follow-ups')
      .set(auth(token))
      .send({ ...body(screeningId(milano)), notes: 'Mario Rossi, via Roma 1' });
    expect(freeText.status).toBe(400);
    expect(freeText.body.error.details).toEqual([expect.objectContaining({ field: 'notes' })]);

    const noBenefit = await t.http
      .post('/api/v1/follow-ups')
      .set(auth(token))
      .send({ ...body(screeningId(milano)), help: [{ type: 'APPLICATION' }] });
    expect(noBenefit.status).toBe(400);
    expect(noBenefit.body.error.details[0].field).toBe('help.0.benefitId');

    const badNeed = await t.http
      .post('/api/v1/follow-ups')
      .set(auth(token))
      .send({ ...body(screeningId(milano)), needs: ['FOOD'] });
    expect(badNeed.status).toBe(400);
    expect(badNeed.body.error.details[0].field).toBe('needs');

    const early = await t.http
      .post('/api/v1/follow-ups')
      .set(auth(token))
      .send({ ...body(screeningId(milano)), day: '2026-03-01' });
    expect(early.status).toBe(422);
    expect(early.body.error.details[0].field).toBe('day');
  });

  it('checks the result and its date', async () => {
    const token = await t.tokens.partnerAdmin('org-b');
    const created = await t.http
      .post('/api/v1/follow-ups')
      .set(auth(token))
      .send(body(screeningId(milano)));
    expect(created.status).toBe(201);
    const path = `/api/v1/follow-ups/${created.body.id}`;
    const noDate = await t.http.patch(path).set(auth(token)).send({ benefitId: 'ADI', result: 'REJECTED' });
    expect(noDate.status).toBe(400);
    expect(noDate.body.error.details[0].field).toBe('resultDate');
    const future = await t.http.patch(path).set(auth(token)).send({ benefitId: 'ADI', result: 'REJECTED', resultDate: '2026-04-01' });
    expect(future.status).toBe(422);
    expect(future.body.error.details[0].field).toBe('resultDate');
    const otherBenefit = await t.http.patch(path).set(auth(token)).send({ benefitId: 'AUU', result: 'PENDING' });
    expect(otherBenefit.status).toBe(422);
    expect(otherBenefit.body.error.details[0].field).toBe('benefitId');
    const otherPartner = await t.http
      .patch(path)
      .set(auth(await t.tokens.operator('org-a')))
      .send({ benefitId: 'ADI', result: 'PENDING' });
    expect(otherPartner.status).toBe(404);
  });

  it('lets each role see only what is theirs', async () => {
    const list = async (token: string): Promise<string[]> => {
      const res = await t.http.get('/api/v1/follow-ups').set(auth(token));
      expect(res.status).toBe(200);
      return (res.body as { organisationId: string }[]).map((f) => f.organisationId).sort();
    };
    expect(await list(await t.tokens.central())).toEqual(['org-a', 'org-b']);
    expect(await list(await t.tokens.operator('org-a'))).toEqual(['org-a']);
    expect(await list(await t.tokens.partnerApp('org-b'))).toEqual(['org-b']);
    expect(await list(await t.tokens.territorial(['12']))).toEqual(['org-a']);
    expect(await list(await t.tokens.territorial(['015']))).toEqual(['org-b']);

    const all = await t.http.get('/api/v1/follow-ups').set(auth(await t.tokens.central()));
    const ofA = (all.body as { id: string; organisationId: string }[]).find((f) => f.organisationId === 'org-a') as { id: string };
    expect((await t.http.get(`/api/v1/follow-ups/${ofA.id}`).set(auth(await t.tokens.operator('org-b')))).status).toBe(404);
    // Outside the territories answers exactly as another partner's and as a missing one.
    const outside = await t.http.get(`/api/v1/follow-ups/${ofA.id}`).set(auth(await t.tokens.territorial(['03'])));
    expect(outside.status).toBe(404);
    expect(outside.body.error.details).toEqual([
      { field: 'resource', issue: 'follow-up' },
      { field: 'id', issue: ofA.id },
    ]);
    expect((await t.http.get(`/api/v1/follow-ups/${ofA.id}`).set(auth(await t.tokens.territorial(['058'])))).status).toBe(200);

    const central = await t.http
      .post('/api/v1/follow-ups')
      .set(auth(await t.tokens.central()))
      .send(body(screeningId(milano)));
    expect(central.status).toBe(403);
    expect((await t.http.get('/api/v1/follow-ups')).status).toBe(401);
  });

  it('keeps Rome days, not instants, beside a screening', async () => {
    const ds = t.app.get(DataSource);
    const late = screeningEvent({ territory: '058091', day: '2026-03-20' });
    await seedScreenings(t.app, [late]);
    const token = await t.tokens.operator('org-a');
    try {
      // 23:30 UTC is already the next day in Rome.
      clock.set('2026-03-20T23:30:00Z');
      const created = await t.http
        .post('/api/v1/follow-ups')
        .set(auth(token))
        .send({ ...body(screeningId(late)), day: '2026-03-20' });
      expect(created.status).toBe(201);
      clock.set('2026-03-23T09:00:00Z');
      const patched = await t.http
        .patch(`/api/v1/follow-ups/${created.body.id}`)
        .set(auth(token))
        .send({ benefitId: 'ADI', result: 'GRANTED', resultDate: '2026-03-23' });
      expect(patched.status).toBe(200);
      const rows = (await ds.query(`SELECT created_on::text AS created, updated_on::text AS updated FROM follow_up WHERE id = $1`, [created.body.id])) as {
        created: string;
        updated: string;
      }[];
      expect(rows).toEqual([{ created: '2026-03-21', updated: '2026-03-23' }]);
    } finally {
      clock.set('2026-03-20T10:00:00Z');
    }
    // No table of the service's own that names a screening has a time of day on it.
    const stamps = (await ds.query(
      `SELECT c.table_name || '.' || c.column_name AS stamp FROM information_schema.columns c
       WHERE c.table_schema = current_schema() AND c.data_type LIKE 'timestamp%'
         AND EXISTS (SELECT 1 FROM information_schema.columns s WHERE s.table_schema = c.table_schema AND s.table_name = c.table_name AND s.column_name = 'screening_id')
       ORDER BY 1`,
    )) as { stamp: string }[];
    expect(stamps).toEqual([]);
  });
});
