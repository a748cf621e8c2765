import { DataSource } from 'typeorm';
import { bearer, startApp, type AgreementsTestApp } from './helpers';
import { tokensFor, type Tokens } from './fixtures';

describe('referents', () => {
  let t: AgreementsTestApp;
  let tk: Tokens;
  const post = (path: string, token: string, body: object) => t.http.post(path).set('authorization', bearer(token)).send(body);
  const person = (personId: string, validFrom: string, validTo?: string, primary = true) => ({
    role: 'PROGRAMME',
    personId,
    fullName: `Persona ${personId}`,
    primary,
    validFrom,
    ...(validTo ? { validTo } : {}),
  });

  beforeAll(async () => {
    t = await startApp();
    tk = await tokensFor(t);
  });
  afterAll(() => t.close());

  it('allows one primary referent per unit and role at a time', async () => {
    const first = await post('/api/v1/inps-units/dr-lazio/referents', tk.lazio, person('p1', '2026-01-01', '2026-06-30')).expect(201);
    const clash = await post('/api/v1/inps-units/dr-lazio/referents', tk.lazio, person('p2', '2026-06-30')).expect(409);
    expect(clash.body.error.details[0].field).toBe('validFrom');
    await post('/api/v1/inps-units/dr-lazio/referents', tk.lazio, person('p2', '2026-07-01')).expect(201);
    // a deputy may overlap
    await post('/api/v1/inps-units/dr-lazio/referents', tk.lazio, person('p3', '2026-03-01', undefined, false)).expect(201);
    // extending the first into the second's term is refused too
    await t.http.patch(`/api/v1/referents/${first.body.id}`).set('authorization', bearer(tk.lazio)).send({ validTo: '2026-07-15', version: 1 }).expect(409);
    await t.http.patch(`/api/v1/referents/${first.body.id}`).set('authorization', bearer(tk.lazio)).send({ validTo: '2026-05-31', version: 1 }).expect(200);
    const list = await t.http.get('/api/v1/inps-units/dr-lazio/referents').set('authorization', bearer(tk.central)).expect(200);
    expect(list.body.items.map((r: { personId: string }) => r.personId)).toEqual(['p1', 'p3', 'p2']);
  });

  it('the database refuses an overlapping primary even when the code check is bypassed', async () => {
    const ds = t.app.get(DataSource);
    const insert = (person: string, from: string, to: string | null) =>
      ds.query(
        `INSERT INTO referent (unit_id, role, person_id, full_name, is_primary, valid_from, valid_to, created_by)
         VALUES ('dr-piemonte', 'MONITORING', $1, $1, true, $2, $3, 'test')`,
        [person, from, to],
      );
    await insert('a', '2026-01-01', null);
    await expect(insert('b', '2027-01-01', '2027-02-01')).rejects.toMatchObject({ driverError: { code: '23P01' } });
    await expect(insert('c', '2025-01-01', '2025-12-31')).resolves.toBeDefined();
  });

  it('limits territorial staff to the units of their territories', async () => {
    await post('/api/v1/inps-units/dr-lazio/referents', tk.piemonte, person('x', '2026-01-01')).expect(404);
    await t.http.get('/api/v1/inps-units/dr-lazio/referents').set('authorization', bearer(tk.operatorCaritasRoma)).expect(403);
    await post('/api/v1/inps-units/nope/referents', tk.central, person('x', '2026-01-01')).expect(404);
    const bad = await post('/api/v1/inps-units/dr-lazio/referents', tk.central, { ...person('x', '2026-01-01'), role: 'BOSS' }).expect(400);
    expect(bad.body.error.details[0].field).toBe('role');
  });
});
