import { FixedClock } from '@inps/shared';
import { bearer, startApp, type AgreementsTestApp } from './helpers';
import { signedFramework, territorialBody, tokensFor, type Tokens } from './fixtures';

describe("mobile-unit requests: partners' read-only view", () => {
  let t: AgreementsTestApp;
  let tk: Tokens;
  let partnerAdmin: string;
  let agreementId: string;
  let underAgreement: { id: string; version: number };
  let withoutAgreement: { id: string };

  const post = (path: string, token: string, body: object) => t.http.post(path).set('authorization', bearer(token)).send(body);
  const get = (path: string, token: string) => t.http.get(path).set('authorization', bearer(token));
  const ids = async (path: string, token: string) => (await get(path, token).expect(200)).body.items.map((x: { id: string }) => x.id);

  beforeAll(async () => {
    t = await startApp({ clock: new FixedClock('2026-03-02T09:00:00Z') });
    tk = await tokensFor(t);
    partnerAdmin = await t.tokens.partnerAdmin('caritas-roma');
    const framework = await signedFramework(t, tk.central);
    // caritas-roma is a party of this agreement (territorialBody); anci is not.
    agreementId = (await post('/api/v1/agreements', tk.lazio, territorialBody(framework.id, 'TER-MU-01')).expect(201)).body.id;
    const event = (
      await post('/api/v1/outreach-events', tk.lazio, {
        agreementId,
        territoryCode: '058091',
        venueType: 'SOUP_KITCHEN',
        venueName: 'Mensa di Colle Oppio',
        startsAt: '2026-03-25T09:00:00Z',
        endsAt: '2026-03-25T13:00:00Z',
      }).expect(201)
    ).body;
    // Organised by caritas-roma but under no agreement: its request is INPS's business only.
    const loose = (
      await post('/api/v1/outreach-events', tk.lazio, {
        organisationId: 'caritas-roma',
        territoryCode: '058091',
        venueType: 'STATION',
        venueName: 'Stazione Termini',
        startsAt: '2026-03-26T09:00:00Z',
        endsAt: '2026-03-26T13:00:00Z',
      }).expect(201)
    ).body;
    underAgreement = (await post('/api/v1/mobile-unit-requests', tk.lazio, { eventId: event.id, stationKind: 'GAZEBO', availableSpace: 'Cortile' }).expect(201))
      .body;
    withoutAgreement = (
      await post('/api/v1/mobile-unit-requests', tk.lazio, { eventId: loose.id, stationKind: 'GAZEBO', availableSpace: 'Piazzale' }).expect(201)
    ).body;
  }, 60_000); // starts the app (and runs migrations) on a possibly busy machine
  afterAll(() => t.close());

  it('lists and shows the requests under agreements the partner’s organisation is party to', async () => {
    expect(await ids('/api/v1/mobile-unit-requests', tk.operatorCaritasRoma)).toEqual([underAgreement.id]);
    expect(await ids('/api/v1/mobile-unit-requests', partnerAdmin)).toEqual([underAgreement.id]);
    expect(await ids(`/api/v1/mobile-unit-requests?agreement=${agreementId}`, partnerAdmin)).toEqual([underAgreement.id]);
    const one = await get(`/api/v1/mobile-unit-requests/${underAgreement.id}`, tk.operatorCaritasRoma).expect(200);
    expect(one.body).toMatchObject({ status: 'REQUESTED', allowedActions: [] });
    await get(`/api/v1/mobile-unit-requests/${withoutAgreement.id}`, tk.operatorCaritasRoma).expect(404);
  });

  it('refuses another organisation', async () => {
    expect(await ids('/api/v1/mobile-unit-requests', tk.operatorOther)).toEqual([]);
    await get(`/api/v1/mobile-unit-requests/${underAgreement.id}`, tk.operatorOther).expect(404);
  });

  it('keeps partners read-only', async () => {
    await post(`/api/v1/mobile-unit-requests/${underAgreement.id}/transitions`, partnerAdmin, {
      action: 'cancel',
      comment: 'x',
      version: underAgreement.version,
    }).expect(403);
    await post('/api/v1/mobile-unit-requests', tk.operatorCaritasRoma, { eventId: underAgreement.id, stationKind: 'GAZEBO', availableSpace: 'x' }).expect(403);
  });

  it('still shows INPS staff everything in their competence, filtered by agreement', async () => {
    expect((await ids('/api/v1/mobile-unit-requests', tk.lazio)).sort()).toEqual([underAgreement.id, withoutAgreement.id].sort());
    expect(await ids(`/api/v1/mobile-unit-requests?agreement=${agreementId}`, tk.central)).toEqual([underAgreement.id]);
    expect(await ids('/api/v1/mobile-unit-requests', tk.piemonte)).toEqual([]);
  });
});
