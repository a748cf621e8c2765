import { FixedClock } from '@inps/shared';
import { bearer, startApp, type AgreementsTestApp } from './helpers';
import { tokensFor, type Tokens } from './fixtures';

/** The public answer of where to turn in a comune, against the real registry and reference data. */
describe('GET /api/v1/where-to-go', () => {
  let t: AgreementsTestApp;
  let tk: Tokens;
  // Monday 2 March 2026, 10:00 in Rome: the default window runs to Monday 30 March.
  const clock = new FixedClock('2026-03-02T09:00:00Z');
  const ids: Record<string, string> = {};

  const plan = async (name: string, territoryCode: string, startsAt: string, endsAt: string, more: Record<string, unknown> = {}) => {
    const res = await t.http
      .post('/api/v1/outreach-events')
      .set('authorization', bearer(tk.lazio))
      .send({ territoryCode, venueType: 'SOUP_KITCHEN', venueName: name, startsAt, endsAt, ...more })
      .expect(201);
    ids[name] = res.body.id;
    return res.body as { id: string; version: number };
  };
  const act = async (event: { id: string; version: number }, action: string, comment?: string) =>
    (
      await t.http
        .post(`/api/v1/outreach-events/${event.id}/transitions`)
        .set('authorization', bearer(tk.lazio))
        .send({ action, version: event.version, comment })
        .expect(200)
    ).body as { id: string; version: number };
  const whereToGo = (query: Record<string, string>) => t.http.get('/api/v1/where-to-go').query(query);
  const names = (body: { outreachEvents: { venueName: string }[] }) => body.outreachEvents.map((e) => e.venueName);

  beforeAll(async () => {
    t = await startApp({ clock });
    tk = await tokensFor(t);
    await plan('Mensa di via Marsala', '058091', '2026-03-10T09:00:00Z', '2026-03-10T12:00:00Z', { address: 'Via Marsala 109', title: 'Sportello INPS' });
    await act(
      await act(await plan('Stazione Termini', '058091', '2026-03-20T08:00:00Z', '2026-03-20T12:00:00Z', { venueType: 'STATION' }), 'communicate'),
      'confirm',
    );
    await act(await plan('Annullato', '058091', '2026-03-12T09:00:00Z', '2026-03-12T12:00:00Z'), 'cancel', 'maltempo');
    await plan('Centro antiviolenza', '058091', '2026-03-11T09:00:00Z', '2026-03-11T12:00:00Z', { venueType: 'ANTI_VIOLENCE_CENTRE' });
    await plan('Ieri', '058091', '2026-03-01T09:00:00Z', '2026-03-01T12:00:00Z');
    await plan('In corso', '058091', '2026-03-02T08:00:00Z', '2026-03-02T12:00:00Z');
    // 23:00 and 00:30 in Rome around the window's end (summer time since 29 March: UTC+2).
    await plan('Ultima sera', '058091', '2026-03-30T21:00:00Z', '2026-03-30T21:50:00Z');
    await plan('Dopo la finestra', '058091', '2026-03-30T22:30:00Z', '2026-03-31T01:00:00Z');
    await plan('A maggio', '058091', '2026-05-20T09:00:00Z', '2026-05-20T12:00:00Z');
    await plan('Città metropolitana', '058', '2026-03-18T09:00:00Z', '2026-03-18T12:00:00Z', { venueType: 'STREET' });
    await plan('Guidonia', '058047', '2026-03-16T09:00:00Z', '2026-03-16T12:00:00Z');
    await plan('Frosinone', '060038', '2026-03-17T09:00:00Z', '2026-03-17T12:00:00Z', { venueType: 'SHELTER' });
  });
  afterAll(() => t.close());

  it('answers anyone, with the competent unit and the events still to come in the comune, by start', async () => {
    const res = await whereToGo({ comune: '058091' }).expect(200);
    expect(res.body).toMatchObject({
      comune: { istatCode: '058091', name: 'Roma', provinceCode: '058', regionCode: '12', regionName: 'Lazio' },
      from: '2026-03-02',
      to: '2026-03-30',
      weeks: 4,
      inpsUnits: [{ id: 'dcm-roma', kind: 'METROPOLITAN_COORDINATION_DIRECTORATE', competentFor: '058' }],
      moreEvents: false,
    });
    // Not the cancelled one, the one at the anti-violence centre, yesterday's, nor those after the window.
    expect(names(res.body)).toEqual(['In corso', 'Mensa di via Marsala', 'Città metropolitana', 'Stazione Termini', 'Ultima sera']);
    const [, marsala, metro, termini] = res.body.outreachEvents;
    expect(marsala).toMatchObject({
      id: ids['Mensa di via Marsala'],
      territoryCode: '058091',
      territoryName: 'Roma',
      nearby: false,
      venueType: 'SOUP_KITCHEN',
      address: 'Via Marsala 109',
      title: 'Sportello INPS',
      startsAt: '2026-03-10T09:00:00.000Z',
      status: 'PLANNED',
    });
    expect(metro).toMatchObject({ territoryCode: '058', territoryName: 'Roma', nearby: false, venueType: 'STREET' });
    expect(termini).toMatchObject({ status: 'CONFIRMED', venueType: 'STATION' });
    // Nothing the public need not see: no organisation, agreement, author or counts.
    expect(Object.keys(marsala).sort()).toEqual(
      ['address', 'description', 'endsAt', 'id', 'nearby', 'startsAt', 'status', 'territoryCode', 'territoryName', 'title', 'venueName', 'venueType'].sort(),
    );
  });

  it('looks further ahead when asked, up to twelve weeks', async () => {
    const res = await whereToGo({ comune: '058091', weeks: '12' }).expect(200);
    expect(res.body).toMatchObject({ weeks: 12, to: '2026-05-25' });
    expect(names(res.body)).toEqual(expect.arrayContaining(['Dopo la finestra', 'A maggio']));
  });

  it('gives the regional directorate outside the metropolitan city, and the province’s events marked nearby when the comune has none', async () => {
    const res = await whereToGo({ comune: '060001' }).expect(200);
    expect(res.body.inpsUnits).toEqual([expect.objectContaining({ id: 'dr-lazio', competentFor: '12' })]);
    expect(res.body.outreachEvents).toEqual([
      expect.objectContaining({ venueName: 'Frosinone', territoryName: 'Frosinone', nearby: true, venueType: 'SHELTER' }),
    ]);
    // A comune with events of its own (the metropolitan city's count as its own) is not sent elsewhere.
    const guidonia = await whereToGo({ comune: '058047' }).expect(200);
    expect(names(guidonia.body)).toEqual(['Guidonia', 'Città metropolitana']);
  });

  it('lists nothing where nothing is planned, still naming the unit', async () => {
    const res = await whereToGo({ comune: '001272' }).expect(200);
    expect(res.body).toMatchObject({ comune: { name: 'Torino' }, inpsUnits: [{ id: 'dr-piemonte' }], outreachEvents: [], moreEvents: false });
  });

  it('refuses a malformed comune or window naming the field, and answers 404 for an unknown comune', async () => {
    for (const query of [{ comune: '58091' }, { comune: 'roma' }, {}] as Record<string, string>[]) {
      const res = await whereToGo(query).expect(400);
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain('comune');
    }
    for (const weeks of ['0', '13', 'due']) {
      const res = await whereToGo({ comune: '058091', weeks }).expect(400);
      expect([...new Set(res.body.error.details.map((d: { field: string }) => d.field))]).toEqual(['weeks']);
    }
    const unknown = await whereToGo({ comune: '999999' }).expect(404);
    expect(unknown.body.error.details).toEqual([{ field: 'comune', issue: 'unknown ISTAT comune code' }]);
  });

  it('answers the same over GraphQL, without a token', async () => {
    const res = await t.http
      .post('/graphql')
      .send({ query: '{ whereToGo(comune: "058091", weeks: 2) { comune { name } to inpsUnits { id name } outreachEvents { venueName nearby } } }' })
      .expect(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.whereToGo).toMatchObject({ comune: { name: 'Roma' }, to: '2026-03-16', inpsUnits: [{ id: 'dcm-roma' }] });
    expect(res.body.data.whereToGo.outreachEvents.map((e: { venueName: string }) => e.venueName)).toEqual(['In corso', 'Mensa di via Marsala']);
  });
});
