import { FixedClock } from '@inps/shared';
import { bearer, startApp, type AgreementsTestApp } from './helpers';
import { signedFramework, territorialBody, tokensFor, type Tokens } from './fixtures';

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('verbale\n'.repeat(20)), Buffer.from('%%EOF\n')]);

/** Operations that only REST had: the resolvers call the same service methods, with the same errors. */
describe('GraphQL: outreach, mobile units, referents, technical tables, documents', () => {
  let t: AgreementsTestApp;
  let tk: Tokens;
  let agreementId: string;
  const clock = new FixedClock('2026-03-02T09:00:00Z');

  const send = (token: string | null, query: string, variables: object = {}) => {
    const req = t.http.post('/graphql').send({ query, variables });
    return (token ? req.set('authorization', bearer(token)) : req).expect(200);
  };
  const data = async (token: string, query: string, variables: object = {}) => {
    const res = await send(token, query, variables);
    expect(res.body.errors).toBeUndefined();
    return res.body.data;
  };
  const error = async (token: string | null, query: string, variables: object = {}) => {
    const res = await send(token, query, variables);
    expect(res.body.errors).toHaveLength(1);
    return res.body.errors[0] as { message: string; extensions: { code: string; details?: { field: string; issue: string }[] } };
  };

  const PLAN = `mutation($i: CreateOutreachEventInput!) { planOutreachEvent(input: $i) { id status version } }`;
  const eventInput = (startsAt: string, endsAt: string) => ({
    agreementId,
    organisationId: 'caritas-roma',
    territoryCode: '058091',
    venueType: 'STATION',
    venueName: 'Stazione Termini',
    startsAt,
    endsAt,
  });
  const REQUEST = `mutation($i: CreateMobileUnitRequestInput!) { requestMobileUnit(input: $i) { id status leadTimeDays override { reason daysAhead } } }`;

  beforeAll(async () => {
    t = await startApp({ clock });
    tk = await tokensFor(t);
    const framework = await signedFramework(t, tk.central);
    agreementId = (
      await t.http.post('/api/v1/agreements').set('authorization', bearer(tk.lazio)).send(territorialBody(framework.id, 'TER-GQLOPS-01')).expect(201)
    ).body.id;
  }, 60_000); // starts the app (and runs migrations) on a possibly busy machine
  afterAll(() => t.close());

  it('plans outreach events with the REST rules: fields named, territories and roles enforced', async () => {
    const bad = await error(tk.lazio, PLAN, { i: { ...eventInput('2026-03-20T09:00:00Z', '2026-03-20T12:00:00Z'), territoryCode: 'Roma' } });
    expect(bad.extensions.code).toBe('VALIDATION_FAILED');
    expect(bad.extensions.details?.map((d) => d.field)).toEqual(['territoryCode']);
    const backwards = await error(tk.lazio, PLAN, { i: eventInput('2026-03-20T12:00:00Z', '2026-03-20T09:00:00Z') });
    expect(backwards.extensions.details?.[0].field).toBe('endsAt');
    const outside = await error(tk.piemonte, PLAN, { i: eventInput('2026-03-20T09:00:00Z', '2026-03-20T12:00:00Z') });
    expect(outside.extensions).toMatchObject({ code: 'FORBIDDEN', details: [{ field: 'territoryCode' }] });
    expect((await error(tk.operatorCaritasRoma, PLAN, { i: eventInput('2026-03-20T09:00:00Z', '2026-03-20T12:00:00Z') })).extensions.code).toBe('FORBIDDEN');
    expect((await error(null, '{ outreachEvents { total } }')).extensions.code).toBe('UNAUTHORIZED');

    const e = (await data(tk.lazio, PLAN, { i: eventInput('2026-03-20T09:00:00Z', '2026-03-20T12:00:00Z') })).planOutreachEvent;
    const moved = (
      await data(
        tk.lazio,
        `mutation($id: ID!, $i: RescheduleOutreachEventInput!) { rescheduleOutreachEvent(id: $id, input: $i) { startsAt sequence version } }`,
        {
          id: e.id,
          i: { startsAt: '2026-03-21T09:00:00Z', endsAt: '2026-03-21T12:00:00Z', version: e.version },
        },
      )
    ).rescheduleOutreachEvent;
    expect(moved).toMatchObject({ startsAt: '2026-03-21T09:00:00.000Z', sequence: 1 });
    const MOVE = `mutation($id: ID!, $i: OutreachEventTransitionInput!) { transitionOutreachEvent(id: $id, input: $i) { status cancellationReason } }`;
    const noReason = await error(tk.lazio, MOVE, { id: e.id, i: { action: 'cancel', version: moved.version } });
    expect(noReason.extensions).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'comment' }] });
    const refused = await error(tk.lazio, MOVE, { id: e.id, i: { action: 'mark_held', peopleContacted: 3, version: moved.version } });
    expect(refused.extensions.code).toBe('TRANSITION_NOT_ALLOWED');
    expect(refused.extensions.details).toEqual(expect.arrayContaining([{ field: 'allowedActions', issue: expect.stringContaining('cancel') }]));
    expect((await data(tk.lazio, MOVE, { id: e.id, i: { action: 'cancel', comment: 'Maltempo', version: moved.version } })).transitionOutreachEvent).toEqual({
      status: 'CANCELLED',
      cancellationReason: 'Maltempo',
    });

    expect((await data(tk.operatorCaritasRoma, `query($id: ID!) { outreachEvent(id: $id) { id } }`, { id: e.id })).outreachEvent.id).toBe(e.id);
    expect((await data(tk.operatorOther, '{ outreachEvents { total } }')).outreachEvents.total).toBe(0);
    expect((await error(tk.operatorOther, `query($id: ID!) { outreachEvent(id: $id) { id } }`, { id: e.id })).extensions.code).toBe('NOT_FOUND');
  });

  it('applies the 15-day rule to mobile units, with the central override and its reason', async () => {
    const late = (await data(tk.lazio, PLAN, { i: eventInput('2026-03-10T09:00:00Z', '2026-03-10T12:00:00Z') })).planOutreachEvent;
    const refused = await error(tk.lazio, REQUEST, { i: { eventId: late.id, stationKind: 'GAZEBO', availableSpace: 'Piazzale' } });
    expect(refused.extensions).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'eventId', issue: expect.stringContaining('15 days') }] });
    expect(
      (await error(tk.lazio, REQUEST, { i: { eventId: late.id, stationKind: 'GAZEBO', availableSpace: 'Piazzale', override: { reason: 'urgente' } } }))
        .extensions.code,
    ).toBe('FORBIDDEN');
    expect((await error(tk.operatorCaritasRoma, REQUEST, { i: { eventId: late.id, stationKind: 'GAZEBO', availableSpace: 'Piazzale' } })).extensions.code).toBe(
      'FORBIDDEN',
    );
    const overridden = (
      await data(tk.central, REQUEST, { i: { eventId: late.id, stationKind: 'GAZEBO', availableSpace: 'Piazzale', override: { reason: 'Emergenza freddo' } } })
    ).requestMobileUnit;
    expect(overridden).toMatchObject({ status: 'REQUESTED', leadTimeDays: 8, override: { reason: 'Emergenza freddo', daysAhead: 8 } });

    const MU = `mutation($id: ID!, $i: MobileUnitTransitionInput!) { transitionMobileUnitRequest(id: $id, input: $i) { status version closingReason } }`;
    expect((await error(tk.lazio, MU, { id: overridden.id, i: { action: 'approve', version: 1 } })).extensions.code).toBe('FORBIDDEN');
    const rejected = (await data(tk.central, MU, { id: overridden.id, i: { action: 'reject', comment: 'Nessun camper libero', version: 1 } }))
      .transitionMobileUnitRequest;
    expect(rejected).toMatchObject({ status: 'REJECTED', closingReason: 'Nessun camper libero' });
    const one = (await data(tk.operatorCaritasRoma, `query($id: ID!) { mobileUnitRequest(id: $id) { status } }`, { id: overridden.id })).mobileUnitRequest;
    expect(one.status).toBe('REJECTED');
    expect((await error(tk.operatorOther, `query($id: ID!) { mobileUnitRequest(id: $id) { status } }`, { id: overridden.id })).extensions.code).toBe(
      'NOT_FOUND',
    );
    expect((await data(tk.central, '{ mobileUnitRequests(status: "REJECTED") { total } }')).mobileUnitRequests.total).toBe(1);
  });

  it('names referents, one primary per unit and role, within the caller’s competence', async () => {
    const CREATE = `mutation($u: String!, $i: CreateReferentInput!) { createReferent(unitId: $u, input: $i) { id role fullName primary validFrom validTo version } }`;
    const input = { role: 'MOBILE_UNIT', personId: 'p-001', fullName: 'Maria Rossi', primary: true, validFrom: '2026-01-01' };
    const r = (await data(tk.lazio, CREATE, { u: 'dr-lazio', i: input })).createReferent;
    expect(r).toMatchObject({ role: 'MOBILE_UNIT', primary: true, validTo: null });
    const overlap = await error(tk.lazio, CREATE, { u: 'dr-lazio', i: { ...input, personId: 'p-002', fullName: 'Luca Bianchi', validFrom: '2026-02-01' } });
    expect(overlap.extensions.code).toBe('CONFLICT');
    expect((await error(tk.piemonte, CREATE, { u: 'dr-lazio', i: input })).extensions.code).toBe('NOT_FOUND');
    expect((await error(tk.operatorCaritasRoma, `{ referents(unitId: "dr-lazio") { id } }`)).extensions.code).toBe('FORBIDDEN');
    const bad = await error(tk.lazio, CREATE, { u: 'dr-lazio', i: { ...input, role: 'BOSS' } });
    expect(bad.extensions.details?.map((d) => d.field)).toEqual(['role']);
    const closed = (
      await data(tk.lazio, `mutation($id: ID!, $i: CloseReferentInput!) { closeReferent(id: $id, input: $i) { validTo version } }`, {
        id: r.id,
        i: { validTo: '2026-01-31', version: r.version },
      })
    ).closeReferent;
    expect(closed).toEqual({ validTo: '2026-01-31', version: 2 });
    expect((await data(tk.central, `{ referents(unitId: "dr-lazio") { fullName } }`)).referents).toEqual([{ fullName: 'Maria Rossi' }]);
  });

  it('runs a technical table: set up, members, meeting held with minutes, issue escalated', async () => {
    const CREATE = `mutation($i: CreateTechnicalTableInput!) { createTechnicalTable(input: $i) { id level status version allowedActions } }`;
    const local = (await data(tk.lazio, CREATE, { i: { name: 'Tavolo Roma', level: 'LOCAL', territoryCode: '058091', agreementId } })).createTechnicalTable;
    expect(local).toMatchObject({ level: 'LOCAL', status: 'ACTIVE', allowedActions: ['close'] });
    expect((await error(tk.lazio, CREATE, { i: { name: 'Nazionale', level: 'CENTRAL' } })).extensions).toMatchObject({
      code: 'FORBIDDEN',
      details: [{ field: 'level' }, { field: 'requiredRoles', issue: 'central' }],
    });
    expect((await error(tk.piemonte, CREATE, { i: { name: 'x', level: 'LOCAL', territoryCode: '058091' } })).extensions.code).toBe('FORBIDDEN');
    expect((await error(tk.lazio, CREATE, { i: { name: 'x', level: 'LOCAL' } })).extensions.details?.[0].field).toBe('territoryCode');
    const central = (await data(tk.central, CREATE, { i: { name: 'Nazionale', level: 'CENTRAL' } })).createTechnicalTable;

    const member = (
      await data(tk.lazio, `mutation($t: ID!, $i: AddTableMemberInput!) { addTechnicalTableMember(tableId: $t, input: $i) { id label role } }`, {
        t: local.id,
        i: { organisationId: 'caritas-roma', role: 'SECRETARY', validFrom: '2026-03-01' },
      })
    ).addTechnicalTableMember;
    expect(member).toMatchObject({ label: 'Caritas diocesana di Roma', role: 'SECRETARY' });
    const meeting = (
      await data(tk.lazio, `mutation($t: ID!, $i: PlanTableMeetingInput!) { planTechnicalTableMeeting(tableId: $t, input: $i) { id status day version } }`, {
        t: local.id,
        i: { startsAt: '2026-03-02T08:00:00Z', onlineLink: 'https://meet.example.org/roma', agenda: 'Avvio' },
      })
    ).planTechnicalTableMeeting;
    expect(meeting).toMatchObject({ status: 'PLANNED', day: '2026-03-02' });
    const doc = await t.http
      .post(`/api/v1/agreements/${agreementId}/documents`)
      .query({ name: 'verbale.pdf', kind: 'OTHER' })
      .set('authorization', bearer(tk.lazio))
      .set('content-type', 'application/pdf')
      .send(PDF)
      .expect(201);
    const HOLD = `mutation($t: ID!, $m: ID!, $i: TableMeetingTransitionInput!) { transitionTechnicalTableMeeting(tableId: $t, meetingId: $m, input: $i) { status attendeeIds minutesDocumentId } }`;
    expect(
      (await error(tk.lazio, HOLD, { t: local.id, m: meeting.id, i: { action: 'mark_held', version: meeting.version } })).extensions.details?.[0].field,
    ).toBe('minutesDocumentId');
    const held = (
      await data(tk.lazio, HOLD, {
        t: local.id,
        m: meeting.id,
        i: { action: 'mark_held', minutesDocumentId: doc.body.id, attendeeIds: [member.id], version: meeting.version },
      })
    ).transitionTechnicalTableMeeting;
    expect(held).toEqual({ status: 'HELD', attendeeIds: [member.id], minutesDocumentId: doc.body.id });
    const docs = (await data(tk.operatorCaritasRoma, `query($a: ID!) { agreementDocuments(agreementId: $a) { id sha256 fileName } }`, { a: agreementId }))
      .agreementDocuments;
    expect(docs).toEqual([{ id: doc.body.id, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), fileName: 'verbale.pdf' }]);

    const issue = (
      await data(tk.lazio, `mutation($t: ID!, $i: RaiseTableIssueInput!) { raiseTechnicalTableIssue(tableId: $t, input: $i) { id version } }`, {
        t: local.id,
        i: { title: 'ISEE', description: 'CAF saturi', raisedAt: '2026-03-02' },
      })
    ).raiseTechnicalTableIssue;
    const ISSUE = `mutation($t: ID!, $id: ID!, $i: TableIssueTransitionInput!) { transitionTechnicalTableIssue(tableId: $t, issueId: $id, input: $i) { status escalatedToId } }`;
    const escalated = (
      await data(tk.lazio, ISSUE, { t: local.id, id: issue.id, i: { action: 'escalate', centralTableId: central.id, version: issue.version } })
    ).transitionTechnicalTableIssue;
    expect(escalated).toMatchObject({ status: 'ESCALATED', escalatedToId: expect.any(String) });
    const centralIssues = (await data(tk.central, `query($t: ID!) { technicalTableIssues(tableId: $t) { id escalatedFromId } }`, { t: central.id }))
      .technicalTableIssues;
    expect(centralIssues).toEqual([{ id: escalated.escalatedToId, escalatedFromId: issue.id }]);

    const seen = (await data(tk.operatorCaritasRoma, `{ technicalTables { total items { id } } }`)).technicalTables;
    expect(seen).toEqual({ total: 1, items: [{ id: local.id }] });
    expect((await data(tk.operatorOther, `{ technicalTables(level: "LOCAL") { total } }`)).technicalTables.total).toBe(0);
    expect((await error(tk.operatorOther, `query($id: ID!) { technicalTable(id: $id) { id } }`, { id: local.id })).extensions.code).toBe('NOT_FOUND');
    const members = await data(
      tk.operatorCaritasRoma,
      `query($t: ID!) { technicalTableMembers(tableId: $t) { id } technicalTableMeetings(tableId: $t, status: "HELD") { id minutes { fileName } } }`,
      {
        t: local.id,
      },
    );
    expect(members).toEqual({ technicalTableMembers: [{ id: member.id }], technicalTableMeetings: [{ id: meeting.id, minutes: { fileName: 'verbale.pdf' } }] });

    // A member organisation that is not party to the agreement sees the meeting, not the agreement's file.
    await data(tk.lazio, `mutation($t: ID!, $i: AddTableMemberInput!) { addTechnicalTableMember(tableId: $t, input: $i) { id } }`, {
      t: local.id,
      i: { organisationId: 'anci', role: 'OBSERVER', validFrom: '2026-03-01' },
    });
    const anci = await data(tk.operatorOther, `query($t: ID!) { technicalTableMeetings(tableId: $t) { id minutes { fileName } } }`, { t: local.id });
    expect(anci.technicalTableMeetings).toEqual([{ id: meeting.id, minutes: null }]);
    const ENDM = `mutation($t: ID!, $m: ID!, $i: EndTableMemberInput!) { endTechnicalTableMember(tableId: $t, memberId: $m, input: $i) { validTo } }`;
    expect((await error(tk.operatorCaritasRoma, ENDM, { t: local.id, m: member.id, i: { validTo: '2026-03-31' } })).extensions.code).toBe('FORBIDDEN');
    expect((await data(tk.lazio, ENDM, { t: local.id, m: member.id, i: { validTo: '2026-03-31' } })).endTechnicalTableMember).toEqual({
      validTo: '2026-03-31',
    });
  });

  it('links an agreement to its outreach events and technical tables, as far as the caller may see them', async () => {
    const q = `query($id: ID!) { agreement(id: $id) { outreachEvents { venueName } technicalTables { name } } }`;
    const seen = (await data(tk.operatorCaritasRoma, q, { id: agreementId })).agreement;
    expect(seen.technicalTables).toEqual([{ name: 'Tavolo Roma' }]);
    expect(seen.outreachEvents.length).toBeGreaterThanOrEqual(2);
    // Through federation the guard does not run: the fields check the token themselves.
    const entities = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Agreement { technicalTables { name } } } }`;
    const viaGateway = await send(tk.lazio, entities, { r: [{ __typename: 'Agreement', id: agreementId }] });
    expect(viaGateway.body.data._entities).toEqual([{ technicalTables: [{ name: 'Tavolo Roma' }] }]);
    expect((await error(tk.piemonte, q, { id: agreementId })).extensions.code).toBe('NOT_FOUND');
  });
});
