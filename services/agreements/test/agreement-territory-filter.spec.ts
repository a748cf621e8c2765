import { FixedClock } from '@inps/shared';
import { bearer, startApp, type AgreementsTestApp } from './helpers';
import { signedFramework, territorialBody, tokensFor, type Tokens } from './fixtures';

/**
 * The list's territory filter: the agreements that apply to a territory, whether their scope names
 * it, a part of it (a region's provinces and comuni) or something containing it (up to IT).
 */
describe('the territory filter of the agreement list', () => {
  let t: AgreementsTestApp;
  let tk: Tokens;
  let frameworkCode: string;

  beforeAll(async () => {
    t = await startApp({ clock: new FixedClock('2026-03-02T09:00:00Z') });
    tk = await tokensFor(t);
    const framework = await signedFramework(t, tk.central);
    frameworkCode = framework.code;
    const draft = (token: string, code: string, scope: string[]) =>
      t.http
        .post('/api/v1/agreements')
        .set('authorization', bearer(token))
        .send({ ...territorialBody(framework.id, code), scope })
        .expect(201);
    await draft(tk.lazio, 'TER-ROMA-COMUNE', ['058091']);
    await draft(tk.lazio, 'TER-ROMA-PROV', ['058']);
    await draft(tk.lazio, 'TER-LAZIO', ['12']);
    await draft(tk.lazio, 'TER-FROSINONE', ['060038']);
    await draft(tk.piemonte, 'TER-TORINO', ['001272']);
  }, 60_000); // starts the app (and runs migrations) on a possibly busy machine
  afterAll(() => t.close());

  const codes = async (territory: string, token = tk.central) =>
    ((await t.http.get(`/api/v1/agreements?territory=${territory}&limit=100`).set('authorization', bearer(token)).expect(200)).body.items as { code: string }[])
      .map((a) => a.code)
      .sort();

  it('lists for a region the agreements of the region, of its provinces and comuni, and the national ones', async () => {
    expect(await codes('12')).toEqual([frameworkCode, 'TER-FROSINONE', 'TER-LAZIO', 'TER-ROMA-COMUNE', 'TER-ROMA-PROV'].sort());
    // the same for the regional directorate itself
    expect(await codes('12', tk.lazio)).toEqual([frameworkCode, 'TER-FROSINONE', 'TER-LAZIO', 'TER-ROMA-COMUNE', 'TER-ROMA-PROV'].sort());
  });

  it('lists for a province its own, its comuni’s and those of what contains it, not its neighbours’', async () => {
    expect(await codes('058')).toEqual([frameworkCode, 'TER-LAZIO', 'TER-ROMA-COMUNE', 'TER-ROMA-PROV'].sort());
  });

  it('lists for a comune those applying to it directly or through an ancestor', async () => {
    expect(await codes('058091')).toEqual([frameworkCode, 'TER-LAZIO', 'TER-ROMA-COMUNE', 'TER-ROMA-PROV'].sort());
    expect(await codes('001272')).toEqual([frameworkCode, 'TER-TORINO'].sort());
  });

  it('lists for IT every agreement', async () => {
    expect(await codes('IT')).toEqual([frameworkCode, 'TER-FROSINONE', 'TER-LAZIO', 'TER-ROMA-COMUNE', 'TER-ROMA-PROV', 'TER-TORINO'].sort());
  });

  it('filters the same over GraphQL', async () => {
    const res = await t.http
      .post('/graphql')
      .set('authorization', bearer(tk.central))
      .send({ query: '{ agreements(territory: "12", limit: 100) { total items { code } } }' })
      .expect(200);
    expect(res.body.data.agreements.total).toBe(5);
  });
});
