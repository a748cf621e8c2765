import { FixedClock } from '@inps/shared';
import { DataSource } from 'typeorm';
import { bearer, startApp, type AgreementsTestApp } from './helpers';
import { tokensFor, type Tokens } from './fixtures';

describe('outreach events and mobile-unit requests over HTTP', () => {
  let t: AgreementsTestApp;
  let tk: Tokens;
  const clock = new FixedClock('2026-03-02T09:00:00Z');

  const post = (path: string, token: string, body: object) => t.http.post(path).set('authorization', bearer(token)).send(body);
  const get = (path: string, token: string) => t.http.get(path).set('authorization', bearer(token));
  const eventBody = (startsAt: string, endsAt: string, venueName = 'Mensa di via Marsala') => ({
    organisationId: 'caritas-roma',
    territoryCode: '058091',
    venueType: 'SOUP_KITCHEN',
    venueName,
    startsAt,
    endsAt,
  });
  const outbox = (id: string): Promise<{ type: string; payload: Record<string, unknown> }[]> =>
    t.app.get(DataSource).query(`SELECT type, payload FROM outbox_event WHERE aggregate_id = $1`, [id]);

  let early: { id: string; version: number }; // 23 days ahead
  let late: { id: string; version: number }; // 8 days ahead

  beforeAll(async () => {
    t = await startApp({ clock }, { EVENT_COMMUNICATION_LEAD_DAYS: '15' });
    tk = await tokensFor(t);
    early = (await post('/api/v1/outreach-events', tk.lazio, eventBody('2026-03-25T09:00:00Z', '2026-03-25T13:00:00Z')).expect(201)).body;
    late = (await post('/api/v1/outreach-events', tk.lazio, eventBody('2026-03-10T09:00:00Z', '2026-03-10T12:00:00Z', 'Stazione Termini')).expect(201)).body;
  });
  afterAll(() => t.close());

  it('creates events only in the caller’s territories, with valid times', async () => {
    const outside = await post('/api/v1/outreach-events', tk.piemonte, eventBody('2026-03-25T09:00:00Z', '2026-03-25T13:00:00Z')).expect(403);
    expect(outside.body.error.details[0].field).toBe('territoryCode');
    const backwards = await post('/api/v1/outreach-events', tk.lazio, eventBody('2026-03-25T13:00:00Z', '2026-03-25T09:00:00Z')).expect(400);
    expect(backwards.body.error.details[0].field).toBe('endsAt');
    await post('/api/v1/outreach-events', tk.operatorCaritasRoma, eventBody('2026-03-25T09:00:00Z', '2026-03-25T13:00:00Z')).expect(403);
  });

  it('shows events to their organisation and territory only', async () => {
    expect((await get('/api/v1/outreach-events', tk.operatorCaritasRoma).expect(200)).body.total).toBeGreaterThanOrEqual(2);
    expect((await get('/api/v1/outreach-events', tk.operatorOther).expect(200)).body.total).toBe(0);
    expect((await get('/api/v1/outreach-events', tk.piemonte).expect(200)).body.total).toBe(0);
    await get(`/api/v1/outreach-events/${early.id}`, tk.operatorOther).expect(404);
  });

  it('tells whether an event was communicated in time (15 days)', async () => {
    const a = await post(`/api/v1/outreach-events/${early.id}/transitions`, tk.lazio, { action: 'communicate', version: early.version }).expect(200);
    expect(a.body).toMatchObject({ status: 'COMMUNICATED', communicatedInTime: true, communicatedDaysAhead: 23, sequence: 1 });
    early = a.body;
    const b = await post(`/api/v1/outreach-events/${late.id}/transitions`, tk.lazio, { action: 'communicate', version: late.version }).expect(200);
    expect(b.body).toMatchObject({ communicatedInTime: false, communicatedDaysAhead: 8 });
    late = b.body;
    await post(`/api/v1/outreach-events/${early.id}/transitions`, tk.piemonte, { action: 'confirm', version: early.version }).expect(404);
    await post(`/api/v1/outreach-events/${early.id}/transitions`, tk.lazio, { action: 'communicate', version: early.version }).expect(409);
    await post(`/api/v1/outreach-events/${early.id}/transitions`, tk.lazio, { action: 'confirm', version: 1 }).expect(409);
    const cancel = await post(`/api/v1/outreach-events/${early.id}/transitions`, tk.lazio, { action: 'cancel', version: early.version }).expect(400);
    expect(cancel.body.error.details[0].field).toBe('comment');
  });

  it('moves an event, raising its calendar sequence; a stale version is refused', async () => {
    const e = (await post('/api/v1/outreach-events', tk.lazio, eventBody('2026-04-01T09:00:00Z', '2026-04-01T10:00:00Z', 'Piazza')).expect(201)).body;
    const moved = await t.http
      .patch(`/api/v1/outreach-events/${e.id}`)
      .set('authorization', bearer(tk.lazio))
      .send({ startsAt: '2026-04-02T09:00:00Z', endsAt: '2026-04-02T10:00:00Z', version: e.version })
      .expect(200);
    expect(moved.body).toMatchObject({ startsAt: '2026-04-02T09:00:00.000Z', sequence: e.sequence + 1 });
    await t.http
      .patch(`/api/v1/outreach-events/${e.id}`)
      .set('authorization', bearer(tk.lazio))
      .send({ startsAt: '2026-04-03T09:00:00Z', endsAt: '2026-04-03T10:00:00Z', version: e.version })
      .expect(409);
    await t.http
      .patch(`/api/v1/outreach-events/${e.id}`)
      .set('authorization', bearer(tk.operatorCaritasRoma))
      .send({ startsAt: '2026-04-03T09:00:00Z', endsAt: '2026-04-03T10:00:00Z', version: moved.body.version })
      .expect(403);
    const cancelled = await post(`/api/v1/outreach-events/${e.id}/transitions`, tk.lazio, {
      action: 'cancel',
      comment: 'Maltempo',
      version: moved.body.version,
    }).expect(200);
    expect(cancelled.body).toMatchObject({ status: 'CANCELLED', cancellationReason: 'Maltempo' });
  });

  it('serves the iCalendar feed as text/calendar, scoped to the caller', async () => {
    const res = await get('/api/v1/outreach-events/calendar.ics?territory=058091', tk.operatorCaritasRoma).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    expect(res.text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(res.text.match(/BEGIN:VEVENT/g)).toHaveLength(3);
    expect(res.text).toContain('STATUS:CANCELLED');
    expect(res.text).toContain('Stazione Termini');
    const other = await get('/api/v1/outreach-events/calendar.ics?organisation=caritas-roma', tk.operatorOther).expect(200);
    expect(other.text).not.toContain('BEGIN:VEVENT');
  });

  it('applies the 15-day rule to mobile-unit requests, with a central override and its reason recorded', async () => {
    const refused = await post('/api/v1/mobile-unit-requests', tk.lazio, { eventId: late.id, stationKind: 'GAZEBO', availableSpace: 'Piazzale, 20 m²' }).expect(
      400,
    );
    expect(refused.body.error.details[0]).toMatchObject({ field: 'eventId', issue: expect.stringContaining('15 days') });
    await post('/api/v1/mobile-unit-requests', tk.lazio, {
      eventId: late.id,
      stationKind: 'GAZEBO',
      availableSpace: 'Piazzale',
      override: { reason: 'urgente' },
    }).expect(403);
    const overridden = await post('/api/v1/mobile-unit-requests', tk.central, {
      eventId: late.id,
      stationKind: 'GAZEBO',
      availableSpace: 'Piazzale',
      override: { reason: 'Emergenza freddo' },
    }).expect(201);
    expect(overridden.body).toMatchObject({ status: 'REQUESTED', leadTimeDays: 8, override: { reason: 'Emergenza freddo', daysAhead: 8 } });
    const onTime = await post('/api/v1/mobile-unit-requests', tk.lazio, { eventId: early.id, stationKind: 'GAZEBO', availableSpace: 'Cortile interno' }).expect(
      201,
    );
    expect(onTime.body).toMatchObject({ leadTimeDays: 23, override: null });
  });

  it('asks a new request for the kind of station wanted, from a closed list; one filed before the question has none', async () => {
    const missing = await post('/api/v1/mobile-unit-requests', tk.lazio, { eventId: early.id, availableSpace: 'Cortile' }).expect(400);
    expect(missing.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: 'stationKind', issue: expect.stringContaining('CAMPER, GAZEBO, DESK') }],
    });
    const unknown = await post('/api/v1/mobile-unit-requests', tk.lazio, { eventId: early.id, stationKind: 'BUS', availableSpace: 'Cortile' }).expect(400);
    expect(unknown.body.error.details.map((d: { field: string }) => d.field)).toEqual(['stationKind']);
    const filed = await post('/api/v1/mobile-unit-requests', tk.lazio, { eventId: early.id, stationKind: 'DESK', availableSpace: 'Atrio, 2 m²' }).expect(201);
    expect(filed.body).toMatchObject({
      stationKind: 'DESK',
      stationKindLabel: { it: 'Postazione o scrivania', en: 'Stand or desk' },
      availableSpace: 'Atrio, 2 m²',
    });
    const REQUEST = `mutation($i: CreateMobileUnitRequestInput!) { requestMobileUnit(input: $i) { id stationKind stationKindLabel { it en } } }`;
    const viaGraphql = await t.http
      .post('/graphql')
      .set('authorization', bearer(tk.lazio))
      .send({ query: REQUEST, variables: { i: { eventId: early.id, stationKind: 'CAMPER', availableSpace: 'Piazzale, 40 m²' } } })
      .expect(200);
    expect(viaGraphql.body.data.requestMobileUnit).toMatchObject({
      stationKind: 'CAMPER',
      stationKindLabel: { it: 'Camper o furgone attrezzato', en: 'Camper or fitted van' },
    });
    const refused = await t.http
      .post('/graphql')
      .set('authorization', bearer(tk.lazio))
      .send({ query: REQUEST, variables: { i: { eventId: early.id, stationKind: 'BUS', availableSpace: 'Piazzale' } } })
      .expect(200);
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'stationKind' }] });
    // A request filed before the question was asked keeps no kind (the migration leaves it null).
    await t.app.get(DataSource).query(`UPDATE mobile_unit_request SET station_kind = NULL WHERE id = $1`, [filed.body.id]);
    expect((await get(`/api/v1/mobile-unit-requests/${filed.body.id}`, tk.lazio).expect(200)).body).toMatchObject({
      stationKind: null,
      stationKindLabel: null,
    });
  });

  it('approves, assigns and fulfils a request; decisions go to the outbox', async () => {
    const r = (await post('/api/v1/mobile-unit-requests', tk.lazio, { eventId: early.id, stationKind: 'GAZEBO', availableSpace: 'Cortile' }).expect(201)).body;
    const path = `/api/v1/mobile-unit-requests/${r.id}/transitions`;
    await post(path, tk.lazio, { action: 'approve', version: r.version }).expect(403);
    const approved = await post(path, tk.central, { action: 'approve', version: r.version }).expect(200);
    expect(approved.body.status).toBe('APPROVED');
    expect(await outbox(r.id)).toEqual([
      {
        type: 'mobile-unit-request.decided',
        payload: { requestId: r.id, eventId: early.id, territory: '058091', decision: 'APPROVED', day: '2026-03-02', leadTimeDays: 23, overridden: false },
      },
    ]);
    const noUnit = await post(path, tk.central, { action: 'assign', version: approved.body.version }).expect(400);
    expect(noUnit.body.error.details[0].field).toBe('unit');
    const assigned = await post(path, tk.central, { action: 'assign', unit: 'Camper 3', version: approved.body.version }).expect(200);
    expect(assigned.body).toMatchObject({ status: 'ASSIGNED', assignedUnit: 'Camper 3' });
    await post(path, tk.lazio, { action: 'fulfil', version: assigned.body.version }).expect(409);
    clock.set('2026-03-25T10:00:00Z');
    expect((await post(path, tk.lazio, { action: 'fulfil', version: assigned.body.version }).expect(200)).body.status).toBe('FULFILLED');
  });

  it('marks an event held with the people contacted, writing outreach-event.held once', async () => {
    clock.set('2026-03-25T10:00:00Z');
    const path = `/api/v1/outreach-events/${early.id}/transitions`;
    const missing = await post(path, tk.lazio, { action: 'mark_held', version: early.version }).expect(400);
    expect(missing.body.error.details[0].field).toBe('peopleContacted');
    const held = await post(path, tk.lazio, { action: 'mark_held', peopleContacted: 42, version: early.version }).expect(200);
    expect(held.body).toMatchObject({ status: 'HELD', peopleContacted: 42 });
    await post(path, tk.lazio, { action: 'mark_held', peopleContacted: 1, version: held.body.version }).expect(409);
    expect(await outbox(early.id)).toEqual([
      {
        type: 'outreach-event.held',
        payload: {
          eventId: early.id,
          agreementId: null,
          organisationId: 'caritas-roma',
          territory: '058091',
          day: '2026-03-25',
          peopleContacted: 42,
          communicatedInTime: true,
        },
      },
    ]);
  });
});
