import { FixedClock } from '@inps/shared';
import { DataSource } from 'typeorm';
import { bearer, startApp, type AgreementsTestApp } from './helpers';
import { signedFramework, territorialBody, tokensFor, type Tokens } from './fixtures';

type Detail = { field: string; issue: string };

/** Drafts: the dates they are created with, and editing them until they are submitted again. */
describe('agreement drafts', () => {
  let t: AgreementsTestApp;
  let tk: Tokens;
  let frameworkId: string;
  const clock = new FixedClock('2026-03-02T09:00:00Z');

  const post = (path: string, token: string, body: object) => t.http.post(path).set('authorization', bearer(token)).send(body);
  const patch = (path: string, token: string, body: object) => t.http.patch(path).set('authorization', bearer(token)).send(body);
  const get = (path: string, token: string) => t.http.get(path).set('authorization', bearer(token));
  const act = (id: string, token: string, body: object) => post(`/api/v1/agreements/${id}/transitions`, token, body);
  const gql = (token: string, query: string, variables: object = {}) =>
    t.http.post('/graphql').set('authorization', bearer(token)).send({ query, variables }).expect(200);
  const fields = (details: Detail[]) => details.map((d) => d.field);

  beforeAll(async () => {
    t = await startApp({ clock });
    tk = await tokensFor(t);
    frameworkId = (await signedFramework(t, tk.central)).id;
  }, 60_000); // starts the app (and runs migrations) on a possibly busy machine
  afterAll(() => t.close());

  async function draft(code: string, extra: object = {}) {
    const res = await post('/api/v1/agreements', tk.lazio, { ...territorialBody(frameworkId, code), ...extra }).expect(201);
    return res.body as { id: string; version: number; status: string };
  }

  /** A draft taken to CHANGES_REQUESTED by the central directorate. */
  async function sentBack(code: string) {
    const a = await draft(code, { flags: { itChanges: false, dataExchange: false, costs: false } });
    let r = await act(a.id, tk.lazio, { action: 'submit', version: a.version }).expect(200);
    r = await act(a.id, tk.central, { action: 'start_review', version: r.body.version }).expect(200);
    r = await act(a.id, tk.central, { action: 'request_changes', comment: 'Indicare la durata', version: r.body.version }).expect(200);
    expect(r.body.status).toBe('CHANGES_REQUESTED');
    return r.body as { id: string; version: number };
  }

  describe('start and end of the text', () => {
    const backwards = { term: undefined, effectiveFrom: '2026-06-01', validTo: '2026-05-31' };

    it('refuses over REST a draft whose start is after its end, naming the field', async () => {
      const res = await post('/api/v1/agreements', tk.lazio, { ...territorialBody(frameworkId, 'TER-DATES-01'), ...backwards }).expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details).toEqual([{ field: 'validTo', issue: expect.stringContaining('2026-06-01') }]);
      // a one-day text is fine
      await draft('TER-DATES-02', { term: undefined, effectiveFrom: '2026-06-01', validTo: '2026-06-01' });
    });

    it('refuses it over GraphQL alike', async () => {
      const { term: _term, ...body } = { ...territorialBody(frameworkId, 'TER-DATES-03'), ...backwards };
      const res = await gql(tk.lazio, 'mutation($i: CreateAgreementInput!) { createAgreement(input: $i) { id } }', { i: body });
      expect(res.body.errors[0].extensions).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ field: 'validTo', issue: expect.stringContaining('2026-06-01') }],
      });
    });
  });

  describe('editing', () => {
    it('edits a draft over REST, recording it in the history and bumping the version', async () => {
      const a = await draft('TER-EDIT-01');
      const res = await patch(`/api/v1/agreements/${a.id}`, tk.lazio, {
        version: a.version,
        title: 'Protocollo Roma (rivisto)',
        scope: ['058091', '058003'],
      }).expect(200);
      expect(res.body).toMatchObject({ id: a.id, status: 'DRAFT', title: 'Protocollo Roma (rivisto)', scope: ['058091', '058003'], version: a.version + 1 });
      const history = await get(`/api/v1/agreements/${a.id}/history`, tk.lazio).expect(200);
      expect(history.body.items).toEqual([expect.objectContaining({ action: 'edit', from: 'DRAFT', to: 'DRAFT', by: expect.any(String) })]);
    });

    it('edits a draft sent back for changes, then resubmits it', async () => {
      const a = await sentBack('TER-EDIT-02');
      const res = await patch(`/api/v1/agreements/${a.id}`, tk.lazio, {
        version: a.version,
        term: null,
        validTo: '2026-12-31',
        comment: 'Durata indicata',
      }).expect(200);
      expect(res.body).toMatchObject({ status: 'CHANGES_REQUESTED', text: { term: null, validTo: '2026-12-31' } });
      const resubmitted = await act(a.id, tk.lazio, { action: 'resubmit', version: res.body.version }).expect(200);
      expect(resubmitted.body).toMatchObject({ status: 'SUBMITTED', revision: 2 });
      const history = await get(`/api/v1/agreements/${a.id}/history`, tk.central).expect(200);
      expect(history.body.items.map((h: { action: string }) => h.action)).toEqual(['submit', 'start_review', 'request_changes', 'edit', 'resubmit']);
      expect(history.body.items[3]).toMatchObject({ from: 'CHANGES_REQUESTED', to: 'CHANGES_REQUESTED', comment: 'Durata indicata' });
    });

    it('refuses a stale version with 409 STALE_VERSION and changes nothing', async () => {
      const a = await draft('TER-EDIT-03');
      await patch(`/api/v1/agreements/${a.id}`, tk.lazio, { version: a.version, title: 'Primo' }).expect(200);
      const stale = await patch(`/api/v1/agreements/${a.id}`, tk.lazio, { version: a.version, title: 'Secondo' }).expect(409);
      expect(stale.body.error.code).toBe('STALE_VERSION');
      expect((await get(`/api/v1/agreements/${a.id}`, tk.lazio).expect(200)).body.title).toBe('Primo');
    });

    it('validates an edit as a creation: start after end, both term and end, unknown parties, scope outside the territories', async () => {
      const a = await draft('TER-EDIT-04');
      const backwards = await patch(`/api/v1/agreements/${a.id}`, tk.lazio, {
        version: a.version,
        term: null,
        effectiveFrom: '2026-06-01',
        validTo: '2026-05-31',
      }).expect(400);
      expect(backwards.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'validTo', issue: expect.stringContaining('2026-06-01') }] });
      // the end alone, before a start already in the draft, is refused too
      const withStart = await draft('TER-EDIT-05', { term: undefined, effectiveFrom: '2026-06-01', validTo: '2026-12-31' });
      const endOnly = await patch(`/api/v1/agreements/${withStart.id}`, tk.lazio, { version: withStart.version, validTo: '2026-05-01' }).expect(400);
      expect(fields(endOnly.body.error.details)).toEqual(['validTo']);
      const both = await patch(`/api/v1/agreements/${a.id}`, tk.lazio, { version: a.version, validTo: '2026-12-31' }).expect(400);
      expect(fields(both.body.error.details)).toEqual(['term']);
      const party = await patch(`/api/v1/agreements/${a.id}`, tk.lazio, {
        version: a.version,
        parties: [{ organisationId: 'nessuno', role: 'proponent', commitments: [] }],
      }).expect(400);
      expect(fields(party.body.error.details)).toEqual(['parties.0.organisationId']);
      const badShape = await patch(`/api/v1/agreements/${a.id}`, tk.lazio, { version: a.version, scope: 'Roma' }).expect(400);
      expect(fields(badShape.body.error.details)).toContain('scope');
      const noVersion = await patch(`/api/v1/agreements/${a.id}`, tk.lazio, { title: 'x' }).expect(400);
      expect(new Set(fields(noVersion.body.error.details))).toEqual(new Set(['version']));
      const outside = await patch(`/api/v1/agreements/${a.id}`, tk.lazio, { version: a.version, scope: ['001272'] }).expect(403);
      expect(fields(outside.body.error.details)).toEqual(['scope']);
      // nothing changed
      expect((await get(`/api/v1/agreements/${a.id}`, tk.lazio).expect(200)).body).toMatchObject({ version: a.version, scope: ['058091'] });
    });

    it('refuses to edit once submitted, listing the allowed actions', async () => {
      const a = await draft('TER-EDIT-06');
      const submitted = await act(a.id, tk.lazio, { action: 'submit', version: a.version }).expect(200);
      const res = await patch(`/api/v1/agreements/${a.id}`, tk.lazio, { version: submitted.body.version, title: 'Troppo tardi' }).expect(409);
      expect(res.body.error.code).toBe('TRANSITION_NOT_ALLOWED');
      expect(res.body.error.details).toEqual(expect.arrayContaining([{ field: 'allowedActions', issue: expect.stringContaining('withdraw') }]));
    });

    it('refuses roles that never edit drafts', async () => {
      const a = await draft('TER-EDIT-07');
      const dg = await patch(`/api/v1/agreements/${a.id}`, tk.dg, { version: a.version, title: 'x' }).expect(403);
      expect(dg.body.error.code).toBe('FORBIDDEN');
      await patch(`/api/v1/agreements/${a.id}`, tk.operatorCaritasRoma, { version: a.version, title: 'x' }).expect(403);
    });

    it('edits over GraphQL with the same rules', async () => {
      const EDIT = `mutation($id: ID!, $i: EditAgreementInput!) { editAgreement(id: $id, input: $i) { id status title version } }`;
      const a = await sentBack('TER-EDIT-08');
      const ok = await gql(tk.lazio, EDIT, { id: a.id, i: { version: a.version, title: 'Protocollo Roma 2' } });
      expect(ok.body.data.editAgreement).toMatchObject({ id: a.id, status: 'CHANGES_REQUESTED', title: 'Protocollo Roma 2', version: a.version + 1 });
      const bad = await gql(tk.lazio, EDIT, { id: a.id, i: { version: a.version + 1, term: null, effectiveFrom: '2026-06-01', validTo: '2026-05-31' } });
      expect(bad.body.errors[0].extensions).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ field: 'validTo', issue: expect.stringContaining('2026-06-01') }],
      });
      const stale = await gql(tk.lazio, EDIT, { id: a.id, i: { version: a.version, title: 'x' } });
      expect(stale.body.errors[0].extensions.code).toBe('STALE_VERSION');
    });
  });

  describe('review decisions', () => {
    afterAll(() => clock.set('2026-03-02T09:00:00Z'));

    const reviewed = async (id: string) =>
      (await t.app.get(DataSource).query(`SELECT payload FROM outbox_event WHERE aggregate_id = $1 AND type = 'agreement.reviewed' ORDER BY seq`, [id])).map(
        (r: { payload: object }) => r.payload,
      );

    it('writes agreement.reviewed for each decision, counting Rome days from the last submission', async () => {
      const a = await draft('TER-REV-01'); // costs: the general directorate decides last
      clock.set('2026-03-02T23:30:00Z'); // 00:30 on the 3rd in Rome
      let r = await act(a.id, tk.lazio, { action: 'submit', version: a.version }).expect(200);
      r = await act(a.id, tk.central, { action: 'start_review', version: r.body.version }).expect(200);
      clock.set('2026-03-10T09:00:00Z');
      r = await act(a.id, tk.central, { action: 'request_changes', comment: 'Specificare i costi', version: r.body.version }).expect(200);
      clock.set('2026-03-12T10:00:00Z');
      r = await act(a.id, tk.lazio, { action: 'resubmit', version: r.body.version }).expect(200);
      r = await act(a.id, tk.central, { action: 'start_review', version: r.body.version }).expect(200);
      r = await act(a.id, tk.central, { action: 'refer_to_dg', version: r.body.version }).expect(200);
      clock.set('2026-03-20T22:59:00Z'); // 23:59 on the 20th in Rome
      await act(a.id, tk.dg, { action: 'approve', version: r.body.version }).expect(200);
      const common = { agreementId: a.id, kind: 'TERRITORIAL', territories: ['058091'], organisations: ['caritas-roma'] };
      expect(await reviewed(a.id)).toEqual([
        { ...common, decision: 'CHANGES_REQUESTED', submittedOn: '2026-03-03', day: '2026-03-10', reviewDays: 7 },
        { ...common, decision: 'APPROVED', submittedOn: '2026-03-12', day: '2026-03-20', reviewDays: 8 },
      ]);
    });

    it('writes it for a rejection, and not for the steps that decide nothing', async () => {
      const a = await draft('TER-REV-02', { flags: { itChanges: false, dataExchange: false, costs: false } });
      clock.set('2026-03-02T09:00:00Z');
      let r = await act(a.id, tk.lazio, { action: 'submit', version: a.version }).expect(200);
      r = await act(a.id, tk.central, { action: 'start_review', version: r.body.version }).expect(200);
      expect(await reviewed(a.id)).toEqual([]);
      await act(a.id, tk.central, { action: 'reject', comment: 'Fuori ambito', version: r.body.version }).expect(200);
      expect(await reviewed(a.id)).toEqual([expect.objectContaining({ decision: 'REJECTED', submittedOn: '2026-03-02', day: '2026-03-02', reviewDays: 0 })]);
    });
  });
});
