import { FixedClock } from '@inps/shared';
import { DataSource } from 'typeorm';
import { bearer, startApp, type AgreementsTestApp } from './helpers';
import { signedFramework, territorialBody, tokensFor, type Tokens } from './fixtures';

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('verbale della riunione\n'.repeat(20)), Buffer.from('%%EOF\n')]);

describe('technical tables over HTTP', () => {
  let t: AgreementsTestApp;
  let tk: Tokens;
  let partnerAdmin: string;
  let agreementId: string;
  let local: { id: string; version: number };
  let central: { id: string; version: number };
  const clock = new FixedClock('2026-03-02T09:00:00Z');
  const base = '/api/v1/technical-tables';

  const post = (path: string, token: string, body: object) => t.http.post(path).set('authorization', bearer(token)).send(body);
  const get = (path: string, token: string) => t.http.get(path).set('authorization', bearer(token));
  const fields = (res: { body: { error: { details: { field: string }[] } } }) => res.body.error.details.map((d) => d.field);

  beforeAll(async () => {
    t = await startApp({ clock });
    tk = await tokensFor(t);
    partnerAdmin = await t.tokens.partnerAdmin('caritas-roma');
    const framework = await signedFramework(t, tk.central);
    agreementId = (await post('/api/v1/agreements', tk.lazio, territorialBody(framework.id, 'TER-TT-01')).expect(201)).body.id;
    local = (await post(base, tk.lazio, { name: 'Tavolo tecnico Roma', level: 'LOCAL', territoryCode: '058091', agreementId }).expect(201)).body;
    central = (await post(base, tk.central, { name: 'Tavolo tecnico nazionale', level: 'CENTRAL' }).expect(201)).body;
  }, 60_000); // starts the app (and runs migrations) on a possibly busy machine
  afterAll(() => t.close());

  it('sets up local tables within the caller’s territories and central tables by central only', async () => {
    expect(local).toMatchObject({ level: 'LOCAL', territoryCode: '058091', agreementId, status: 'ACTIVE', allowedActions: ['close'] });
    expect(central).toMatchObject({ level: 'CENTRAL', territoryCode: null, status: 'ACTIVE' });
    const outside = await post(base, tk.piemonte, { name: 'x', level: 'LOCAL', territoryCode: '058091' }).expect(403);
    expect(fields(outside)).toEqual(['territoryCode']);
    const notCentral = await post(base, tk.lazio, { name: 'x', level: 'CENTRAL' }).expect(403);
    expect(fields(notCentral)).toEqual(['level', 'requiredRoles']);
    await post(base, tk.operatorCaritasRoma, { name: 'x', level: 'LOCAL', territoryCode: '058091' }).expect(403);
    await post(base, tk.dg, { name: 'x', level: 'CENTRAL' }).expect(403);
    expect(fields(await post(base, tk.lazio, { name: 'x', level: 'LOCAL' }).expect(400))).toEqual(['territoryCode']);
    expect(fields(await post(base, tk.central, { name: 'x', level: 'CENTRAL', territoryCode: '058091' }).expect(400))).toEqual(['territoryCode']);
    expect(fields(await post(base, tk.lazio, { name: 'x', level: 'LOCAL', territoryCode: '999999' }).expect(400))).toEqual(['territoryCode.0']);
    expect(
      fields(
        await post(base, tk.lazio, { name: 'x', level: 'LOCAL', territoryCode: '058091', agreementId: '00000000-0000-4000-8000-000000000000' }).expect(400),
      ),
    ).toEqual(['agreementId']);
    expect(fields(await post(base, tk.lazio, { name: 'x', level: 'REGIONAL', territoryCode: '058091' }).expect(400))).toEqual(['level']);
  });

  it('adds organisations and INPS units as members; partners see only the tables they sit at', async () => {
    const chair = await post(`${base}/${local.id}/members`, tk.lazio, { inpsUnitId: 'dr-lazio', role: 'CHAIR', validFrom: '2026-03-01' }).expect(201);
    expect(chair.body).toMatchObject({ inpsUnitId: 'dr-lazio', organisationId: null, role: 'CHAIR', validTo: null });
    const member = await post(`${base}/${local.id}/members`, tk.lazio, { organisationId: 'caritas-roma', role: 'MEMBER', validFrom: '2026-03-01' }).expect(201);
    expect(member.body).toMatchObject({ label: 'Caritas diocesana di Roma', role: 'MEMBER' });
    expect(
      fields(await post(`${base}/${local.id}/members`, tk.lazio, { organisationId: 'nobody', role: 'MEMBER', validFrom: '2026-03-01' }).expect(400)),
    ).toEqual(['organisationId']);
    expect(fields(await post(`${base}/${local.id}/members`, tk.lazio, { role: 'MEMBER', validFrom: '2026-03-01' }).expect(400))).toEqual(['organisationId']);
    expect(
      fields(
        await post(`${base}/${local.id}/members`, tk.lazio, { organisationId: 'anci', role: 'MEMBER', validFrom: '2026-03-01', validTo: '2026-02-01' }).expect(
          400,
        ),
      ),
    ).toEqual(['validTo']);
    const observer = (
      await post(`${base}/${local.id}/members`, tk.lazio, {
        inpsUnitId: 'dc-inclusione-sociale-invalidita-civile',
        role: 'OBSERVER',
        label: 'DC Inclusione',
        validFrom: '2026-03-01',
      }).expect(201)
    ).body;
    const end = (token: string, validTo: string) =>
      t.http.patch(`${base}/${local.id}/members/${observer.id}`).set('authorization', bearer(token)).send({ validTo });
    await end(tk.piemonte, '2026-03-05').expect(404); // a table it cannot see
    await end(partnerAdmin, '2026-03-05').expect(403);
    expect(fields(await end(tk.lazio, '2026-02-01').expect(400))).toEqual(['validTo']);
    expect((await end(tk.lazio, '2026-03-05').expect(200)).body).toMatchObject({ id: observer.id, label: 'DC Inclusione', validTo: '2026-03-05' });
    await post(`${base}/${local.id}/members`, tk.piemonte, { organisationId: 'anci', role: 'MEMBER', validFrom: '2026-03-01' }).expect(404);
    await post(`${base}/${local.id}/members`, partnerAdmin, { organisationId: 'anci', role: 'MEMBER', validFrom: '2026-03-01' }).expect(403);
    // Territorial staff read central tables (to escalate to them) but do not manage them.
    await get(`${base}/${central.id}`, tk.lazio).expect(200);
    expect(
      fields(await post(`${base}/${central.id}/members`, tk.lazio, { inpsUnitId: 'dr-lazio', role: 'MEMBER', validFrom: '2026-03-01' }).expect(403)),
    ).toEqual(['level']);
    await post(`${base}/${central.id}/members`, tk.central, { organisationId: 'anci', role: 'CHAIR', validFrom: '2026-03-01' }).expect(201);

    expect((await get(`${base}/${local.id}`, tk.operatorCaritasRoma).expect(200)).body.allowedActions).toEqual([]);
    expect((await get(`${base}/${local.id}/members`, partnerAdmin).expect(200)).body.total).toBe(3);
    expect((await get(base, tk.operatorCaritasRoma).expect(200)).body.items.map((x: { id: string }) => x.id)).toEqual([local.id]);
    await get(`${base}/${local.id}`, tk.operatorOther).expect(404);
    await get(`${base}/${local.id}/members`, tk.operatorOther).expect(404);
    expect((await get(base, tk.operatorOther).expect(200)).body.items.map((x: { id: string }) => x.id)).toEqual([central.id]);
    await get(`${base}/${local.id}`, tk.piemonte).expect(404);
    expect((await get(base, tk.piemonte).expect(200)).body.items.map((x: { id: string }) => x.id)).toEqual([central.id]);
    expect((await get(base, tk.dg).expect(200)).body.total).toBe(2);
  });

  it('filters and paginates the list', async () => {
    const ids = async (q: string) => (await get(`${base}?${q}`, tk.central).expect(200)).body.items.map((x: { id: string }) => x.id);
    expect(await ids('level=CENTRAL')).toEqual([central.id]);
    expect(await ids('territory=12')).toEqual([local.id]);
    expect(await ids('territory=01')).toEqual([]);
    expect(await ids(`agreement=${agreementId}`)).toEqual([local.id]);
    expect(await ids('organisation=caritas-roma')).toEqual([local.id]);
    expect(await ids('status=CLOSED')).toEqual([]);
    const first = await get(`${base}?limit=1&offset=0`, tk.central).expect(200);
    const second = await get(`${base}?limit=1&offset=1`, tk.central).expect(200);
    expect(second.body).toMatchObject({ total: 2, limit: 1, offset: 1 });
    expect([first.body.items[0].id, second.body.items[0].id].sort()).toEqual([local.id, central.id].sort());
    expect(fields(await get(`${base}?level=NOPE`, tk.central).expect(400))).toEqual(['level']);
  });

  it('plans meetings; held ones record attendance and minutes (an uploaded document), cancelled ones a reason', async () => {
    const all = (await get(`${base}/${local.id}/members`, tk.lazio).expect(200)).body.items as { id: string; validTo: string | null }[];
    const members = all.filter((x) => x.validTo === null);
    const former = all.find((x) => x.validTo !== null) as { id: string };
    const plan = await post(`${base}/${local.id}/meetings`, tk.lazio, {
      startsAt: '2026-03-10T10:00:00+01:00',
      place: 'Sede INPS, via Amba Aradam',
      agenda: 'Avvio del tavolo',
    }).expect(201);
    const m = plan.body;
    expect(m).toMatchObject({ status: 'PLANNED', day: '2026-03-10', startsAt: '2026-03-10T09:00:00.000Z', allowedActions: ['cancel'] });
    expect(fields(await post(`${base}/${local.id}/meetings`, tk.lazio, { startsAt: '2026-03-10T10:00:00+01:00', agenda: 'x' }).expect(400))).toEqual(['place']);
    await post(`${base}/${local.id}/meetings`, tk.piemonte, { startsAt: '2026-03-10T10:00:00+01:00', place: 'x', agenda: 'x' }).expect(404);
    await post(`${base}/${local.id}/meetings`, tk.operatorCaritasRoma, { startsAt: '2026-03-10T10:00:00+01:00', place: 'x', agenda: 'x' }).expect(403);

    const path = `${base}/${local.id}/meetings/${m.id}/transitions`;
    const early = await post(path, tk.lazio, { action: 'mark_held', minutesDocumentId: '00000000-0000-4000-8000-000000000000', version: m.version }).expect(
      409,
    );
    expect(early.body.error.code).toBe('TRANSITION_NOT_ALLOWED');
    expect(early.body.error.details).toEqual(expect.arrayContaining([{ field: 'allowedActions', issue: 'cancel' }]));

    clock.set('2026-03-10T12:00:00Z');
    expect(fields(await post(path, tk.lazio, { action: 'mark_held', version: m.version }).expect(400))).toEqual(['minutesDocumentId']);
    expect(
      fields(await post(path, tk.lazio, { action: 'mark_held', minutesDocumentId: '00000000-0000-4000-8000-000000000000', version: m.version }).expect(400)),
    ).toEqual(['minutesDocumentId']);
    const minutes = await t.http
      .post(`/api/v1/agreements/${agreementId}/documents`)
      .query({ name: 'verbale-2026-03-10.pdf', kind: 'OTHER' })
      .set('authorization', bearer(tk.lazio))
      .set('content-type', 'application/pdf')
      .send(PDF)
      .expect(201);
    const stranger = await post(path, tk.lazio, {
      action: 'mark_held',
      minutesDocumentId: minutes.body.id,
      attendeeIds: [members[0].id, central.id],
      version: m.version,
    }).expect(400);
    expect(fields(stranger)).toEqual(['attendeeIds.1']);
    const gone = await post(path, tk.lazio, { action: 'mark_held', minutesDocumentId: minutes.body.id, attendeeIds: [former.id], version: m.version }).expect(
      400,
    );
    expect(gone.body.error.details).toEqual([{ field: 'attendeeIds.0', issue: 'not a member on 2026-03-10' }]);
    await post(path, tk.piemonte, { action: 'mark_held', minutesDocumentId: minutes.body.id, version: m.version }).expect(404);
    await post(path, tk.operatorCaritasRoma, { action: 'mark_held', minutesDocumentId: minutes.body.id, version: m.version }).expect(403);
    const held = await post(path, tk.lazio, {
      action: 'mark_held',
      minutesDocumentId: minutes.body.id,
      attendeeIds: members.map((x) => x.id),
      version: m.version,
    }).expect(200);
    expect(held.body).toMatchObject({ status: 'HELD', minutesDocumentId: minutes.body.id, attendeeIds: members.map((x) => x.id), allowedActions: [] });
    // Recorded on the 10th for a meeting of the 10th: the event carries the meeting's Rome day, with the table's level and territory.
    const events = await t.app.get(DataSource).query(`SELECT type, payload FROM outbox_event WHERE aggregate_id = $1`, [m.id]);
    expect(events).toEqual([
      { type: 'technical-table-meeting.held', payload: { meetingId: m.id, tableId: local.id, level: 'LOCAL', territory: '058091', day: '2026-03-10' } },
    ]);
    const again = await post(path, tk.lazio, { action: 'cancel', comment: 'x', version: held.body.version }).expect(409);
    expect(again.body.error.code).toBe('TRANSITION_NOT_ALLOWED');
    expect((await post(path, tk.lazio, { action: 'cancel', comment: 'x', version: m.version }).expect(409)).body.error.code).toBe('STALE_VERSION');

    const other = (
      await post(`${base}/${local.id}/meetings`, tk.lazio, {
        startsAt: '2026-04-01T15:00:00+02:00',
        onlineLink: 'https://meet.example.org/tavolo',
        agenda: 'Seconda riunione',
      }).expect(201)
    ).body;
    const otherPath = `${base}/${local.id}/meetings/${other.id}/transitions`;
    expect(fields(await post(otherPath, tk.lazio, { action: 'cancel', version: other.version }).expect(400))).toEqual(['comment']);
    const cancelled = await post(otherPath, tk.lazio, { action: 'cancel', comment: 'Sciopero dei trasporti', version: other.version }).expect(200);
    expect(cancelled.body).toMatchObject({ status: 'CANCELLED', cancellationReason: 'Sciopero dei trasporti' });

    const listed = await get(`${base}/${local.id}/meetings?status=HELD`, tk.operatorCaritasRoma).expect(200);
    expect(listed.body.items.map((x: { id: string }) => x.id)).toEqual([m.id]);
    await get(`${base}/${local.id}/meetings`, tk.operatorOther).expect(404);
  });

  it('escalates a local issue to a central table, linking both; only central resolves it', async () => {
    clock.set('2026-03-12T09:00:00Z');
    const raised = (
      await post(`${base}/${local.id}/issues`, tk.lazio, {
        title: 'Residenza fittizia',
        description: 'Tempi lunghi per l’iscrizione anagrafica',
        raisedAt: '2026-03-10',
      }).expect(201)
    ).body;
    expect(raised).toMatchObject({ status: 'OPEN', raisedAt: '2026-03-10', allowedActions: ['resolve', 'escalate'] });
    expect(fields(await post(`${base}/${local.id}/issues`, tk.lazio, { title: 'x', description: 'x', raisedAt: '2026-04-10' }).expect(400))).toEqual([
      'raisedAt',
    ]);
    await post(`${base}/${local.id}/issues`, tk.operatorCaritasRoma, { title: 'x', description: 'x', raisedAt: '2026-03-10' }).expect(403);

    const path = `${base}/${local.id}/issues/${raised.id}/transitions`;
    expect(fields(await post(path, tk.lazio, { action: 'escalate', version: raised.version }).expect(400))).toEqual(['centralTableId']);
    expect(fields(await post(path, tk.lazio, { action: 'escalate', centralTableId: local.id, version: raised.version }).expect(400))).toEqual([
      'centralTableId',
    ]);
    await post(path, tk.piemonte, { action: 'escalate', centralTableId: central.id, version: raised.version }).expect(404);
    const escalated = await post(path, tk.lazio, { action: 'escalate', centralTableId: central.id, version: raised.version }).expect(200);
    expect(escalated.body).toMatchObject({ status: 'ESCALATED', escalatedToId: expect.any(String), allowedActions: [] });
    const centralIssues = (await get(`${base}/${central.id}/issues`, tk.central).expect(200)).body.items;
    expect(centralIssues).toEqual([
      expect.objectContaining({
        id: escalated.body.escalatedToId,
        escalatedFromId: raised.id,
        status: 'OPEN',
        title: 'Residenza fittizia',
        raisedAt: '2026-03-12',
      }),
    ]);
    const events = await t.app.get(DataSource).query(`SELECT type, payload FROM outbox_event WHERE aggregate_id = $1`, [raised.id]);
    expect(events).toEqual([
      {
        type: 'technical-table-issue.escalated',
        payload: {
          issueId: raised.id,
          tableId: local.id,
          territory: '058091',
          centralIssueId: escalated.body.escalatedToId,
          centralTableId: central.id,
          day: '2026-03-12',
        },
      },
    ]);

    // The territorial structure handed it over: neither side is theirs to resolve now.
    await post(path, tk.lazio, { action: 'resolve', note: 'risolto', version: escalated.body.version }).expect(403);
    const centralPath = `${base}/${central.id}/issues/${escalated.body.escalatedToId}/transitions`;
    await post(centralPath, tk.lazio, { action: 'resolve', note: 'risolto', version: 1 }).expect(403);
    expect(fields(await post(centralPath, tk.central, { action: 'resolve', version: 1 }).expect(400))).toEqual(['note']);
    const resolved = await post(centralPath, tk.central, { action: 'resolve', note: 'Circolare ai Comuni inviata', version: 1 }).expect(200);
    expect(resolved.body).toMatchObject({ status: 'RESOLVED', resolutionNote: 'Circolare ai Comuni inviata', resolvedOn: '2026-03-12' });
    const localAfter = (await get(`${base}/${local.id}/issues`, tk.lazio).expect(200)).body.items[0];
    expect(localAfter).toMatchObject({
      id: raised.id,
      status: 'RESOLVED',
      resolutionNote: 'Circolare ai Comuni inviata',
      escalatedToId: escalated.body.escalatedToId,
    });

    const simple = (await post(`${base}/${local.id}/issues`, tk.lazio, { title: 'Locali', description: 'Serve una sala', raisedAt: '2026-03-12' }).expect(201))
      .body;
    const done = await post(`${base}/${local.id}/issues/${simple.id}/transitions`, tk.lazio, {
      action: 'resolve',
      note: 'Sala concessa dal Municipio',
      version: simple.version,
    }).expect(200);
    expect(done.body.status).toBe('RESOLVED');

    // Central tables have nobody above them.
    const top = (await post(`${base}/${central.id}/issues`, tk.central, { title: 'x', description: 'x', raisedAt: '2026-03-12' }).expect(201)).body;
    const refused = await post(`${base}/${central.id}/issues/${top.id}/transitions`, tk.central, {
      action: 'escalate',
      centralTableId: central.id,
      version: top.version,
    }).expect(409);
    expect(refused.body.error).toMatchObject({ code: 'TRANSITION_NOT_ALLOWED' });
    expect(refused.body.error.details).toEqual(
      expect.arrayContaining([
        { field: 'level', issue: expect.any(String) },
        { field: 'allowedActions', issue: 'resolve' },
      ]),
    );
    await get(`${base}/${local.id}/issues`, tk.operatorOther).expect(404);
    expect((await get(`${base}/${local.id}/issues?status=RESOLVED`, tk.operatorCaritasRoma).expect(200)).body.total).toBe(2);
  });

  it('closes a table: nothing is added until it is reopened', async () => {
    const current = (await get(`${base}/${local.id}`, tk.lazio).expect(200)).body;
    await post(`${base}/${local.id}/transitions`, tk.piemonte, { action: 'close', version: current.version }).expect(404);
    await post(`${base}/${local.id}/transitions`, tk.operatorCaritasRoma, { action: 'close', version: current.version }).expect(403);
    await post(`${base}/${central.id}/transitions`, tk.lazio, { action: 'close', version: 1 }).expect(403);
    const closed = await post(`${base}/${local.id}/transitions`, tk.lazio, { action: 'close', version: current.version }).expect(200);
    expect(closed.body).toMatchObject({ status: 'CLOSED', allowedActions: ['reopen'] });
    expect((await post(`${base}/${local.id}/transitions`, tk.lazio, { action: 'close', version: current.version }).expect(409)).body.error.code).toBe(
      'STALE_VERSION',
    );
    const twice = await post(`${base}/${local.id}/transitions`, tk.lazio, { action: 'close', version: closed.body.version }).expect(409);
    expect(twice.body.error.details).toEqual(expect.arrayContaining([{ field: 'allowedActions', issue: 'reopen' }]));
    const blocked = await post(`${base}/${local.id}/issues`, tk.lazio, { title: 'x', description: 'x', raisedAt: '2026-03-12' }).expect(409);
    expect(blocked.body.error).toMatchObject({ code: 'TABLE_CLOSED', details: [{ field: 'status', issue: expect.any(String) }] });
    const reopened = await post(`${base}/${local.id}/transitions`, tk.lazio, { action: 'reopen', version: closed.body.version }).expect(200);
    expect(reopened.body.status).toBe('ACTIVE');
  });

  it('refuses anonymous callers', async () => {
    await t.http.get(base).expect(401);
    await t.http.post(base).send({ name: 'x', level: 'CENTRAL' }).expect(401);
  });
});
