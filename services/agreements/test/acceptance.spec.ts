import { createTestApp, FixedClock, testQueuePrefix, testRedisUrl, type TestApp } from '@inps/shared';
import { agreementsConfig } from '../src/agreements.config';
import { AGREEMENTS_DATABASE } from '../src/migrations';
import { AgreementScheduler } from '../src/modules/scheduler/agreement-scheduler.service';
import { WorkerModule } from '../src/worker.module';
import { bearer, startApp, type AgreementsTestApp } from './helpers';
import { frameworkBody, territorialBody, tokensFor, type Tokens } from './fixtures';

/**
 * The acceptance walk, through GraphQL only: a framework agreement, a territorial agreement
 * under it taken through review to ACTIVE, an outreach event and a mobile unit for it. Activation is
 * the worker's daily run (no person may activate an agreement), so the test runs it as the worker does.
 */
describe('acceptance: from a framework agreement to a mobile unit, through GraphQL', () => {
  let t: AgreementsTestApp;
  let worker: TestApp<typeof agreementsConfig.fields>;
  let tk: Tokens;
  const clock = new FixedClock('2026-03-02T09:00:00Z');

  beforeAll(async () => {
    t = await startApp({ clock });
    tk = await tokensFor(t);
    worker = await createTestApp((config) => WorkerModule.forRoot(config, { clock, processJobs: false }), {
      config: agreementsConfig,
      database: AGREEMENTS_DATABASE,
      env: { REDIS_URL: testRedisUrl(), QUEUE_PREFIX: testQueuePrefix(), DATABASE_URL: t.config.DATABASE_URL },
    });
  }, 60_000); // starts the app (and runs migrations) on a possibly busy machine
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  /** Sends one operation and returns its data, failing with the GraphQL errors if there are any. */
  async function gql(token: string, query: string, variables: object = {}) {
    const res = await t.http.post('/graphql').set('authorization', bearer(token)).send({ query, variables }).expect(200);
    expect(res.body.errors).toBeUndefined();
    return res.body.data;
  }

  const CREATE = `mutation($i: CreateAgreementInput!) { createAgreement(input: $i) { id status version } }`;
  const MOVE = `mutation($id: ID!, $i: AgreementTransitionInput!) { transitionAgreement(id: $id, input: $i) { id status version allowedActions validity { from to } } }`;

  it('creates a framework and a territorial agreement, reviews it to ACTIVE, plans an event and gets a mobile unit', async () => {
    // 1. The central directorate records and signs the framework agreement.
    const fw = (await gql(tk.central, CREATE, { i: frameworkBody('FW-ACC-2026') })).createAgreement;
    expect(fw.status).toBe('DRAFT');
    const fwSigned = (
      await gql(tk.central, MOVE, {
        id: fw.id,
        i: {
          action: 'sign',
          version: fw.version,
          signatures: [
            { party: 0, signedOn: '2026-01-10' },
            { party: 1, signedOn: '2026-01-10' },
          ],
        },
      })
    ).transitionAgreement;
    expect(fwSigned.status).toBe('SIGNED');

    // 2. The regional directorate drafts a territorial agreement under it (costs: the DG must evaluate).
    let ter = (await gql(tk.lazio, CREATE, { i: territorialBody(fw.id, 'TER-ACC-01', { itChanges: false, dataExchange: false, costs: true }) }))
      .createAgreement;
    expect(ter.status).toBe('DRAFT');
    const move = async (token: string, action: string, extra: object = {}) =>
      (ter = (await gql(token, MOVE, { id: ter.id, i: { action, version: ter.version, ...extra } })).transitionAgreement);

    // 3. Review: submitted, central review, DG evaluation, approval, signature.
    expect((await move(tk.lazio, 'submit')).status).toBe('SUBMITTED');
    expect((await move(tk.central, 'start_review')).status).toBe('CENTRAL_REVIEW');
    expect((await move(tk.central, 'refer_to_dg')).status).toBe('DG_EVALUATION');
    expect((await move(tk.dg, 'approve')).status).toBe('APPROVED');
    const signed = await move(tk.lazio, 'sign', {
      signatures: [
        { party: 0, signedOn: '2026-02-27' },
        { party: 1, signedOn: '2026-03-01' },
      ],
    });
    expect(signed).toMatchObject({ status: 'SIGNED', validity: { from: '2026-03-01', to: '2027-02-28' } });

    // 4. The worker's daily run puts both agreements in force.
    const run = await worker.app.get(AgreementScheduler).runDaily();
    expect(run.activated).toEqual(expect.arrayContaining([fw.id, ter.id]));
    const active = (await gql(tk.lazio, `query($id: ID!) { agreement(id: $id) { status parentId organisations { id } } }`, { id: ter.id })).agreement;
    expect(active).toEqual({ status: 'ACTIVE', parentId: fw.id, organisations: [{ id: 'caritas-roma' }] });

    // 5. An outreach event under the agreement, 23 days ahead, communicated to the partners.
    const event = (
      await gql(tk.lazio, `mutation($i: CreateOutreachEventInput!) { planOutreachEvent(input: $i) { id status version agreementId territoryCode } }`, {
        i: {
          agreementId: ter.id,
          organisationId: 'caritas-roma',
          territoryCode: '058091',
          venueType: 'SOUP_KITCHEN',
          venueName: 'Mensa di via Marsala',
          startsAt: '2026-03-25T09:00:00+01:00',
          endsAt: '2026-03-25T13:00:00+01:00',
        },
      })
    ).planOutreachEvent;
    expect(event).toMatchObject({ status: 'PLANNED', agreementId: ter.id, territoryCode: '058091' });
    const communicated = (
      await gql(
        tk.lazio,
        `mutation($id: ID!, $i: OutreachEventTransitionInput!) { transitionOutreachEvent(id: $id, input: $i) { status communicatedInTime communicatedDaysAhead } }`,
        {
          id: event.id,
          i: { action: 'communicate', version: event.version },
        },
      )
    ).transitionOutreachEvent;
    expect(communicated).toEqual({ status: 'COMMUNICATED', communicatedInTime: true, communicatedDaysAhead: 23 });

    // 6. A mobile unit for it, requested 23 days ahead, approved and assigned by the central directorate.
    const request = (
      await gql(
        tk.lazio,
        `mutation($i: CreateMobileUnitRequestInput!) { requestMobileUnit(input: $i) { id status version leadTimeDays override { reason } } }`,
        {
          i: { eventId: event.id, stationKind: 'GAZEBO', availableSpace: 'Cortile interno, 30 m²' },
        },
      )
    ).requestMobileUnit;
    expect(request).toMatchObject({ status: 'REQUESTED', leadTimeDays: 23, override: null });
    const MU = `mutation($id: ID!, $i: MobileUnitTransitionInput!) { transitionMobileUnitRequest(id: $id, input: $i) { status version assignedUnit } }`;
    const approved = (await gql(tk.central, MU, { id: request.id, i: { action: 'approve', version: request.version } })).transitionMobileUnitRequest;
    expect(approved.status).toBe('APPROVED');
    const assigned = (await gql(tk.central, MU, { id: request.id, i: { action: 'assign', unit: 'Camper 3', version: approved.version } }))
      .transitionMobileUnitRequest;
    expect(assigned).toMatchObject({ status: 'ASSIGNED', assignedUnit: 'Camper 3' });

    // 7. Everyone concerned finds it: the region, and the partner party to the agreement (read only).
    const listed = (await gql(tk.lazio, `query($a: ID) { mobileUnitRequests(agreement: $a) { total items { id status } } }`, { a: ter.id })).mobileUnitRequests;
    expect(listed).toEqual({ total: 1, items: [{ id: request.id, status: 'ASSIGNED' }] });
    const partner = await gql(
      tk.operatorCaritasRoma,
      `{ mobileUnitRequests { total items { id allowedActions } } outreachEvents(territory: "058091") { total items { id status } } }`,
    );
    expect(partner.mobileUnitRequests).toEqual({ total: 1, items: [{ id: request.id, allowedActions: [] }] });
    expect(partner.outreachEvents).toEqual({ total: 1, items: [{ id: event.id, status: 'COMMUNICATED' }] });
  });
});
