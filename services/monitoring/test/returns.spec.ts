import { createTestApp, FixedClock, testQueuePrefix, testRedisUrl, type TestApp } from '@inps/shared';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { monitoringConfig } from '../src/monitoring.config';
import { MONITORING_DATABASE } from '../src/migrations';
import { AgreementsRegistryService } from '../src/modules/agreements-registry/agreements-registry.service';
import { parseAgreementEvent } from '../src/modules/events/event-contracts';
import { agreementEvent, fakeTerritories } from './helpers';

function validBody(peopleContacted = 200): Record<string, unknown> {
  return {
    datasetVersion: '2026.1',
    values: {
      peopleContacted: { total: peopleContacted },
      peopleTakenInCharge: { total: 120 },
      needsFound: { total: 260, byNeedType: { INCOME_SUPPORT: 90, DIGITAL_IDENTITY: 80, DOCUMENTS_RESIDENCE: 60, ISEE: 30 } },
      needsResolved: { total: 100 },
      helpGiven: { total: 150 },
      applicationsFiled: { total: 50, byOutcome: { GRANTED: 20, REJECTED: 10, PENDING: 20 } },
      applicationsGranted: { total: 20 },
      applicationsRejected: { total: 10 },
    },
  };
}

describe("partners' semiannual returns REST", () => {
  let t: TestApp<typeof monitoringConfig.fields>;
  // 2026S1 ended on 30 June; with 30 grace days the due date is 30 July.
  const clock = new FixedClock('2026-07-10T10:00:00Z');
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  const path = '/api/v1/returns/org-a/058091/2026S1';

  beforeAll(async () => {
    t = await createTestApp((config) => AppModule.forRoot(config, { clock, territories: fakeTerritories }), {
      config: monitoringConfig,
      database: MONITORING_DATABASE,
      env: { REDIS_URL: testRedisUrl(), QUEUE_PREFIX: testQueuePrefix('mon-ret'), RETURN_GRACE_DAYS: '30' },
    });
    const registry = new AgreementsRegistryService();
    const e = agreementEvent('agreement.activated');
    await t.app.get(DataSource).transaction((m) => registry.apply(m, 'agreement.activated', parseAgreementEvent('agreement.activated', e.payload)));
  });
  afterAll(() => t.close());

  it('saves a draft, refusing invalid figures by field, an unended semester and a territory without agreement', async () => {
    const admin = await t.tokens.partnerAdmin('org-a');
    const invalid = await t.http
      .put(path)
      .set(auth(admin))
      .send({ ...validBody(), values: { ...(validBody().values as object), peopleContacted: { total: -1 } } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details).toContainEqual(expect.objectContaining({ field: 'values.peopleContacted.total' }));

    const running = await t.http.put('/api/v1/returns/org-a/058091/2026S2').set(auth(admin)).send(validBody());
    expect(running.status).toBe(422);
    expect(running.body.error.details[0].field).toBe('semester');

    const badSemester = await t.http.put('/api/v1/returns/org-a/058091/2026-01').set(auth(admin)).send(validBody());
    expect(badSemester.status).toBe(400);
    expect(badSemester.body.error.details[0].field).toBe('semester');

    const notCovered = await t.http.put('/api/v1/returns/org-a/015146/2026S1').set(auth(admin)).send(validBody());
    expect(notCovered.status).toBe(422);
    expect(notCovered.body.error.details[0].field).toBe('territory');

    const saved = await t.http.put(path).set(auth(admin)).send(validBody());
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ status: 'DRAFT', dueDate: '2026-07-30', timeliness: 'NOT_DUE', onTime: null, allowedActions: ['submit'] });
    expect(saved.body.values.peopleContacted.total).toBe(200);
  });

  it('refuses other organisations and roles that do not file returns', async () => {
    expect(
      (
        await t.http
          .put(path)
          .set(auth(await t.tokens.partnerAdmin('org-b')))
          .send(validBody())
      ).status,
    ).toBe(403);
    expect(
      (
        await t.http
          .put(path)
          .set(auth(await t.tokens.operator('org-a')))
          .send(validBody())
      ).status,
    ).toBe(403);
    expect(
      (
        await t.http
          .put(path)
          .set(auth(await t.tokens.central()))
          .send(validBody())
      ).status,
    ).toBe(403);
    expect((await t.http.get(path).set(auth(await t.tokens.partnerAdmin('org-b')))).status).toBe(403);
    expect((await t.http.get(path).set(auth(await t.tokens.territorial(['03'])))).status).toBe(403);
    expect((await t.http.get(path).set(auth(await t.tokens.territorial(['12'])))).status).toBe(200);
    expect((await t.http.get('/api/v1/returns').set(auth(await t.tokens.partnerAdmin('org-b')))).body).toEqual([]);
  });

  it('runs the workflow: submit on time, return with a comment, resubmit, accept (locked), audited reopen by central', async () => {
    const admin = await t.tokens.partnerAdmin('org-a');
    const territorial = await t.tokens.territorial(['058']);
    const go = (token: string, action: string, comment?: string) => t.http.post(`${path}/transitions`).set(auth(token)).send({ action, comment });

    expect((await go(territorial, 'submit')).status).toBe(403);
    const submitted = await go(admin, 'submit');
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'SUBMITTED', onTime: true, timeliness: 'ON_TIME' });

    const locked = await t.http.put(path).set(auth(admin)).send(validBody(300));
    expect(locked.status).toBe(409);
    expect(locked.body.error.details[0].field).toBe('status');

    const noComment = await go(territorial, 'return');
    expect(noComment.status).toBe(400);
    expect(noComment.body.error.details[0].field).toBe('comment');
    expect((await go(territorial, 'return', 'Le persone contattate non tornano')).body.status).toBe('RETURNED');

    clock.set('2026-08-15T10:00:00Z'); // after the due date: the first submission still counts
    expect((await t.http.put(path).set(auth(admin)).send(validBody(210))).status).toBe(200);
    expect((await go(admin, 'submit')).body).toMatchObject({ status: 'SUBMITTED', onTime: true });
    expect((await go(territorial, 'accept')).body.status).toBe('ACCEPTED');
    expect((await t.http.put(path).set(auth(admin)).send(validBody(220))).status).toBe(409);

    const wrong = await go(admin, 'accept');
    expect(wrong.status).toBe(409);
    expect(wrong.body.error.details[0].field).toBe('action');
    expect((await go(territorial, 'reopen', 'correzione')).status).toBe(403);
    const reopened = await go(await t.tokens.central(), 'reopen', 'Errore di battitura segnalato dal partner');
    expect(reopened.status).toBe(200);
    expect(reopened.body.status).toBe('RETURNED');

    const detail = await t.http.get(path).set(auth(await t.tokens.central()));
    expect(detail.body.values.peopleContacted.total).toBe(210);
    expect(detail.body.history.map((h: { action: string; audited: boolean }) => `${h.action}${h.audited ? '*' : ''}`)).toEqual([
      'submit',
      'return',
      'submit',
      'accept',
      'reopen*',
    ]);
  });

  it('flags a return first submitted after the due date as late', async () => {
    clock.set('2026-08-15T10:00:00Z');
    const admin = await t.tokens.partnerApp('org-b');
    const late = '/api/v1/returns/org-b/058120/2026S1';
    expect((await t.http.put(late).set(auth(admin)).send(validBody())).status).toBe(200);
    const submitted = await t.http.post(`${late}/transitions`).set(auth(admin)).send({ action: 'submit' });
    expect(submitted.body).toMatchObject({ status: 'SUBMITTED', onTime: false, timeliness: 'LATE' });
  });
});
