import { DataSource } from 'typeorm';
import { addDays, romeDate } from '@inps/kernel';
import { FixedClock, TOKEN_VERIFIER, type TokenVerifier } from '@inps/shared';
import { bearer, startApp, type AgreementsTestApp } from './helpers';

describe('partner apps’ API keys', () => {
  // Today, so that the verifier (on the wall clock) accepts the tokens the service signs.
  const clock = new FixedClock(new Date());
  const today = romeDate(clock.now());
  let t: AgreementsTestApp;
  let admin: string;
  let otherAdmin: string;
  const keysOf = (org: string) => `/api/v1/organisations/${org}/api-keys`;
  const exchange = (key: string) => t.http.post('/api/v1/api-keys/token').set('x-api-key', key).send({});

  beforeAll(async () => {
    t = await startApp({ clock }, {}, (tokens) => ({ PARTNER_TOKEN_SIGNING_JWK: JSON.stringify(tokens.signingJwk) }));
    admin = await t.tokens.partnerAdmin('caritas-roma');
    otherAdmin = await t.tokens.partnerAdmin('sant-egidio-roma');
  });
  afterAll(() => t.close());

  it('shows the key once, keeps only its hash, and trades it for a partner_app token of the organisation', async () => {
    const created = await t.http.post(keysOf('caritas-roma')).set('authorization', bearer(admin)).send({ label: 'App mensa' }).expect(201);
    expect(created.body.key).toMatch(/^ipt_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);

    const listed = await t.http.get(keysOf('caritas-roma')).set('authorization', bearer(admin)).expect(200);
    expect(listed.body.items).toHaveLength(1);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key.slice(-43));
    expect(listed.body.items[0].lastUsedAt).toBeNull();
    const [stored] = await t.app.get(DataSource).query(`SELECT encode(secret_sha256, 'hex') AS h FROM api_key WHERE id = $1`, [created.body.id]);
    expect(stored.h).toHaveLength(64);
    expect(JSON.stringify(stored)).not.toContain(created.body.key.slice(-43));

    const token = await exchange(created.body.key).expect(200);
    expect(token.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    const principal = await t.app.get<TokenVerifier>(TOKEN_VERIFIER).verify(token.body.accessToken);
    expect(principal).toMatchObject({
      roles: ['partner_app'],
      organisationId: 'caritas-roma',
      clientType: 'partner_app',
      subject: `api-key:${created.body.id}`,
    });

    const after = await t.http.get(keysOf('caritas-roma')).set('authorization', bearer(admin)).expect(200);
    expect(after.body.items[0].lastUsedAt).toBe(clock.now().toISOString());
  });

  it('refuses a wrong secret, a malformed key, a revoked key and an expired key alike', async () => {
    const created = await t.http.post(keysOf('caritas-roma')).set('authorization', bearer(admin)).send({ label: 'Tablet', expiresOn: today }).expect(201);
    const key: string = created.body.key;
    const wrongSecret = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of [wrongSecret, 'ipt_nothing', `${key} OR 1=1`]) {
      const res = await exchange(bad).expect(401);
      expect(res.body.error.code).toBe('INVALID_API_KEY');
    }
    await t.http.post('/api/v1/api-keys/token').send({}).expect(401);

    await exchange(key).expect(200);
    clock.set(`${addDays(today, 1)}T12:00:00Z`);
    await exchange(key).expect(401);
    clock.set(new Date());

    const lasting = await t.http.post(keysOf('caritas-roma')).set('authorization', bearer(admin)).send({ label: 'Server' }).expect(201);
    await t.http.post('/api/v1/api-keys/token').send({ apiKey: lasting.body.key }).expect(200);
    const revoked = await t.http
      .delete(`${keysOf('caritas-roma')}/${lasting.body.id}`)
      .set('authorization', bearer(admin))
      .expect(200);
    expect(revoked.body).toMatchObject({ id: lasting.body.id, organisationId: 'caritas-roma', label: 'Server', revokedAt: expect.any(String) });
    await exchange(lasting.body.key).expect(401);
    const again = await t.http
      .delete(`${keysOf('caritas-roma')}/${lasting.body.id}`)
      .set('authorization', bearer(admin))
      .expect(409);
    expect(again.body.error.code).toBe('ALREADY_REVOKED');
  });

  it('lets only the organisation’s partner_admin create keys, and central list and revoke them', async () => {
    // Another organisation's keys do not exist for its partner_admin.
    await t.http.post(keysOf('caritas-roma')).set('authorization', bearer(otherAdmin)).send({ label: 'x' }).expect(404);
    await t.http.get(keysOf('caritas-roma')).set('authorization', bearer(otherAdmin)).expect(404);
    await t.http
      .post(keysOf('caritas-roma'))
      .set('authorization', bearer(await t.tokens.operator('caritas-roma')))
      .send({ label: 'x' })
      .expect(403);
    await t.http
      .post(keysOf('caritas-roma'))
      .set('authorization', bearer(await t.tokens.partnerApp('caritas-roma')))
      .send({ label: 'x' })
      .expect(403);
    await t.http
      .post(keysOf('caritas-roma'))
      .set('authorization', bearer(await t.tokens.central()))
      .send({ label: 'x' })
      .expect(403);
    await t.http.post(keysOf('caritas-roma')).send({ label: 'x' }).expect(401);

    const own = await t.http.post(keysOf('sant-egidio-roma')).set('authorization', bearer(otherAdmin)).send({ label: 'Unità di strada' }).expect(201);
    await t.http
      .delete(`${keysOf('sant-egidio-roma')}/${own.body.id}`)
      .set('authorization', bearer(admin))
      .expect(404);
    // Another organisation's key under one's own organisation's path is simply not there.
    await t.http
      .delete(`${keysOf('caritas-roma')}/${own.body.id}`)
      .set('authorization', bearer(admin))
      .expect(404);
    const central = await t.tokens.central();
    await t.http.get(keysOf('sant-egidio-roma')).set('authorization', bearer(central)).expect(200);
    await t.http
      .delete(`${keysOf('sant-egidio-roma')}/${own.body.id}`)
      .set('authorization', bearer(central))
      .expect(200);
  });

  it('names the field of bad input and stores nothing', async () => {
    const ds = t.app.get(DataSource);
    const [{ n: before }] = await ds.query(`SELECT count(*)::int AS n FROM api_key`);
    const res = await t.http.post(keysOf('caritas-roma')).set('authorization', bearer(admin)).send({ label: 'two\nlines' }).expect(400);
    expect(res.body.error.details[0].field).toBe('label');
    const past = await t.http.post(keysOf('caritas-roma')).set('authorization', bearer(admin)).send({ label: 'old', expiresOn: '2020-01-01' }).expect(400);
    expect(past.body.error.details[0].field).toBe('expiresOn');
    await t.http.post(keysOf('no-such-org')).set('authorization', bearer(admin)).send({ label: 'x' }).expect(404);
    const [{ n: after }] = await ds.query(`SELECT count(*)::int AS n FROM api_key`);
    expect(after).toBe(before);
  });

  it('publishes only the public half of the signing key', async () => {
    const res = await t.http.get('/.well-known/partner-jwks.json').expect(200);
    expect(res.body.keys).toHaveLength(1);
    expect(res.body.keys[0].d).toBeUndefined();
    expect(res.body.keys[0].kid).toBe(t.tokens.signingJwk.kid);
  });
});
