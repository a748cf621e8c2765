import { DataSource } from 'typeorm';
import { ReferenceDataSync } from '../src/modules/reference-data/reference-data.sync';
import { bearer, startApp, type AgreementsTestApp } from './helpers';

describe('reference data', () => {
  let t: AgreementsTestApp;
  let token: string;

  beforeAll(async () => {
    t = await startApp();
    token = await t.tokens.operator('caritas-roma');
  });
  afterAll(() => t.close());

  it('was loaded at start, and a second run adds and changes nothing', async () => {
    const ds = t.app.get(DataSource);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM territory`);
    expect(n).toBeGreaterThan(7000);
    const [{ u }] = await ds.query(`SELECT count(*)::int AS u FROM inps_unit`);
    expect(u).toBeGreaterThan(0);
    const again = await t.app.get(ReferenceDataSync).sync();
    expect(again).toEqual({ territories: 0, inpsUnits: 0, organisations: 0 });
    const [{ n: after }] = await ds.query(`SELECT count(*)::int AS n FROM territory`);
    expect(after).toBe(n);
  });

  it('repairs a row that drifted from the files', async () => {
    const ds = t.app.get(DataSource);
    await ds.query(`UPDATE territory SET name = 'Wrong' WHERE istat_code = '058091'`);
    expect((await t.app.get(ReferenceDataSync).sync()).territories).toBe(1);
    const [{ name }] = await ds.query(`SELECT name FROM territory WHERE istat_code = '058091'`);
    expect(name).toBe('Roma');
  });

  it('searches territories by name and level, paginated', async () => {
    const res = await t.http.get('/api/v1/territories?q=roma&level=COMUNE&limit=1').set('authorization', bearer(token)).expect(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({ istatCode: '058091', level: 'COMUNE' });
    expect(res.body.total).toBeGreaterThanOrEqual(1);
  });

  it('refuses a bad level or day naming the field', async () => {
    const res = await t.http.get('/api/v1/territories?level=CITY&on=2026-02-30').set('authorization', bearer(token)).expect(400);
    const fields = res.body.error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['level', 'on']));
  });

  it('reads one territory with its ancestors, 404 for an unknown code', async () => {
    const res = await t.http.get('/api/v1/territories/058091').set('authorization', bearer(token)).expect(200);
    expect(res.body).toMatchObject({ name: 'Roma', ancestors: ['058', '12', 'IT'] });
    await t.http.get('/api/v1/territories/999999').set('authorization', bearer(token)).expect(404);
  });

  it('lists organisations and INPS units; anonymous callers get 401', async () => {
    const orgs = await t.http.get('/api/v1/organisations').set('authorization', bearer(token)).expect(200);
    expect(orgs.body.items.map((o: { id: string }) => o.id)).toContain('anci');
    const units = await t.http.get('/api/v1/inps-units?limit=200').set('authorization', bearer(token)).expect(200);
    expect(units.body.items.map((u: { id: string }) => u.id)).toContain('dr-lazio');
    await t.http.get('/api/v1/organisations').expect(401);
  });
});
