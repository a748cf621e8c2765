import { FixedClock } from '@inps/shared';
import { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '../src/common/actor';
import { AgreementsService } from '../src/modules/agreements/agreements.service';
import { bearer, startApp, type AgreementsTestApp } from './helpers';
import { frameworkBody, signedFramework, territorialBody, tokensFor, type Tokens } from './fixtures';

describe('agreements over HTTP', () => {
  let t: AgreementsTestApp;
  let tk: Tokens;
  let frameworkId: string;

  const post = (path: string, token: string, body: object) => t.http.post(path).set('authorization', bearer(token)).send(body);
  const get = (path: string, token: string) => t.http.get(path).set('authorization', bearer(token));
  const act = (id: string, token: string, body: object) => post(`/api/v1/agreements/${id}/transitions`, token, body);

  beforeAll(async () => {
    t = await startApp({ clock: new FixedClock('2026-03-02T09:00:00Z') });
    tk = await tokensFor(t);
    frameworkId = (await signedFramework(t, tk.central)).id;
  });
  afterAll(() => t.close());

  async function draft(code: string, flags?: { itChanges: boolean; dataExchange: boolean; costs: boolean }) {
    const res = await post('/api/v1/agreements', tk.lazio, territorialBody(frameworkId, code, flags)).expect(201);
    return res.body as { id: string; version: number; status: string };
  }

  it('a signed framework has the validity computed from its text', async () => {
    const res = await get(`/api/v1/agreements/${frameworkId}`, tk.central).expect(200);
    expect(res.body).toMatchObject({ status: 'SIGNED', signedOn: '2026-01-10', validity: { from: '2026-01-10', to: '2029-01-09' } });
  });

  it('runs the full review with DG evaluation, changes requested, approval and signature', async () => {
    const a = await draft('TER-FULL-01');
    expect(a.status).toBe('DRAFT');
    let r = await act(a.id, tk.lazio, { action: 'submit', version: a.version }).expect(200);
    expect(r.body.status).toBe('SUBMITTED');
    r = await act(a.id, tk.central, { action: 'start_review', version: r.body.version }).expect(200);
    expect(r.body.status).toBe('CENTRAL_REVIEW');
    // costs=true: the central directorate cannot approve alone.
    const refused = await act(a.id, tk.central, { action: 'approve', version: r.body.version }).expect(409);
    expect(refused.body.error.code).toBe('TRANSITION_NOT_ALLOWED');
    expect(refused.body.error.details).toEqual(expect.arrayContaining([{ field: 'allowedActions', issue: expect.stringContaining('refer_to_dg') }]));
    r = await act(a.id, tk.central, { action: 'refer_to_dg', version: r.body.version }).expect(200);
    expect(r.body.status).toBe('DG_EVALUATION');
    const noComment = await act(a.id, tk.dg, { action: 'request_changes', version: r.body.version }).expect(400);
    expect(noComment.body.error.details.map((d: { field: string }) => d.field)).toContain('comment');
    r = await act(a.id, tk.dg, { action: 'request_changes', comment: 'Specificare i costi', version: r.body.version }).expect(200);
    expect(r.body.status).toBe('CHANGES_REQUESTED');
    r = await act(a.id, tk.lazio, { action: 'resubmit', version: r.body.version }).expect(200);
    expect(r.body).toMatchObject({ status: 'SUBMITTED', revision: 2 });
    r = await act(a.id, tk.central, { action: 'start_review', version: r.body.version }).expect(200);
    r = await act(a.id, tk.central, { action: 'refer_to_dg', version: r.body.version }).expect(200);
    r = await act(a.id, tk.dg, { action: 'approve', version: r.body.version }).expect(200);
    expect(r.body.status).toBe('APPROVED');
    const missing = await act(a.id, tk.lazio, { action: 'sign', version: r.body.version, signatures: [{ party: 0, signedOn: '2026-03-01' }] }).expect(400);
    expect(missing.body.error.details[0].field).toBe('signatures');
    r = await act(a.id, tk.lazio, {
      action: 'sign',
      version: r.body.version,
      signatures: [
        { party: 0, signedOn: '2026-02-27' },
        { party: 1, signedOn: '2026-03-01' },
      ],
    }).expect(200);
    expect(r.body).toMatchObject({ status: 'SIGNED', signedOn: '2026-03-01', validity: { from: '2026-03-01', to: '2027-02-28' } });

    const history = await get(`/api/v1/agreements/${a.id}/history`, tk.central).expect(200);
    expect(history.body.items.map((h: { to: string }) => h.to)).toEqual([
      'SUBMITTED',
      'CENTRAL_REVIEW',
      'DG_EVALUATION',
      'CHANGES_REQUESTED',
      'SUBMITTED',
      'CENTRAL_REVIEW',
      'DG_EVALUATION',
      'APPROVED',
      'SIGNED',
    ]);
    expect(history.body.items[3]).toMatchObject({ action: 'request_changes', from: 'DG_EVALUATION', comment: 'Specificare i costi', by: expect.any(String) });
  });

  it('approves without DG when no flag is set, and refuses the DG referral', async () => {
    const a = await draft('TER-NODG-01', { itChanges: false, dataExchange: false, costs: false });
    let r = await act(a.id, tk.lazio, { action: 'submit', version: a.version }).expect(200);
    r = await act(a.id, tk.central, { action: 'start_review', version: r.body.version }).expect(200);
    await act(a.id, tk.central, { action: 'refer_to_dg', version: r.body.version }).expect(409);
    r = await act(a.id, tk.central, { action: 'approve', version: r.body.version }).expect(200);
    expect(r.body.status).toBe('APPROVED');
  });

  it('refuses by role: territorial cannot review, dg cannot start a review, a partner cannot act at all', async () => {
    const a = await draft('TER-ROLE-01');
    const r = await act(a.id, tk.lazio, { action: 'submit', version: a.version }).expect(200);
    const own = await act(a.id, tk.lazio, { action: 'start_review', version: r.body.version }).expect(403);
    expect(own.body.error.code).toBe('FORBIDDEN');
    await act(a.id, tk.dg, { action: 'start_review', version: r.body.version }).expect(403);
    await act(a.id, tk.operatorCaritasRoma, { action: 'withdraw', version: r.body.version }).expect(403);
    // and nothing moved
    expect((await get(`/api/v1/agreements/${a.id}`, tk.central).expect(200)).body).toMatchObject({ status: 'SUBMITTED', version: r.body.version });
  });

  it('refuses by territory: another region can neither see nor move it (it does not exist for it), nor create outside its territories', async () => {
    const a = await draft('TER-TERR-01');
    await act(a.id, tk.piemonte, { action: 'submit', version: a.version }).expect(404);
    await get(`/api/v1/agreements/${a.id}`, tk.piemonte).expect(404);
    const outside = await post('/api/v1/agreements', tk.piemonte, territorialBody(frameworkId, 'TER-TERR-02')).expect(403);
    expect(outside.body.error.details[0].field).toBe('scope');
    await post('/api/v1/agreements', tk.lazio, frameworkBody('FW-BY-LAZIO')).expect(403);
  });

  it('refuses by state: no double submission, no activation by a person, terminate needs a comment', async () => {
    const a = await draft('TER-STATE-01');
    const r = await act(a.id, tk.lazio, { action: 'submit', version: a.version }).expect(200);
    const again = await act(a.id, tk.lazio, { action: 'submit', version: r.body.version }).expect(409);
    expect(again.body.error.code).toBe('TRANSITION_NOT_ALLOWED');
    const fw = await get(`/api/v1/agreements/${frameworkId}`, tk.central).expect(200);
    // activate is the scheduler's alone
    await act(frameworkId, tk.central, { action: 'activate', version: fw.body.version }).expect(403);
    const noComment = await act(frameworkId, tk.central, { action: 'terminate', version: fw.body.version }).expect(400);
    expect(noComment.body.error.details[0].field).toBe('comment');
  });

  it('withdraws, rejects and terminates, writing agreement.terminated to the outbox once', async () => {
    const w = await draft('TER-WD-01');
    expect((await act(w.id, tk.lazio, { action: 'withdraw', version: w.version }).expect(200)).body.status).toBe('WITHDRAWN');

    const j = await draft('TER-REJ-01', { itChanges: false, dataExchange: false, costs: false });
    let r = await act(j.id, tk.lazio, { action: 'submit', version: j.version }).expect(200);
    r = await act(j.id, tk.central, { action: 'start_review', version: r.body.version }).expect(200);
    r = await act(j.id, tk.central, { action: 'reject', comment: 'Fuori ambito', version: r.body.version }).expect(200);
    expect(r.body.status).toBe('REJECTED');

    const fw = await signedFramework(t, tk.central, 'FW-TERM-01');
    const term = await act(fw.id, tk.central, { action: 'terminate', comment: 'Recesso', version: fw.version }).expect(200);
    expect(term.body).toMatchObject({ status: 'TERMINATED', terminatedOn: '2026-03-02' });
    const rows = await t.app.get(DataSource).query(`SELECT type, payload FROM outbox_event WHERE aggregate_id = $1`, [fw.id]);
    expect(rows).toEqual([
      {
        type: 'agreement.terminated',
        payload: {
          agreementId: fw.id,
          code: 'FW-TERM-01',
          kind: 'FRAMEWORK',
          organisations: ['caritas-italiana'],
          territories: ['IT'],
          validFrom: '2026-01-10',
          validTo: '2029-01-09',
          day: '2026-03-02',
        },
      },
    ]);
  });

  it('refuses a stale version with 409 and changes nothing', async () => {
    const a = await draft('TER-LOCK-01');
    await act(a.id, tk.lazio, { action: 'submit', version: a.version }).expect(200);
    const stale = await act(a.id, tk.lazio, { action: 'withdraw', version: a.version }).expect(409);
    expect(stale.body.error).toMatchObject({ code: 'STALE_VERSION', details: [{ field: 'version', issue: expect.any(String) }] });
    expect((await get(`/api/v1/agreements/${a.id}`, tk.lazio).expect(200)).body.status).toBe('SUBMITTED');
  });

  it('validates input naming the field, and refuses a duplicate code', async () => {
    const bad = await post('/api/v1/agreements', tk.lazio, { ...territorialBody(frameworkId, 'TER-BAD-01'), scope: ['999999'] }).expect(400);
    expect(bad.body.error.details[0].field).toBe('scope.0');
    const noParent = await post('/api/v1/agreements', tk.lazio, { ...territorialBody(frameworkId, 'TER-BAD-02'), parentId: undefined }).expect(400);
    expect(noParent.body.error.details[0].field).toBe('parentId');
    const party = await post('/api/v1/agreements', tk.lazio, {
      ...territorialBody(frameworkId, 'TER-BAD-03'),
      parties: [{ organisationId: 'nobody', role: 'x', commitments: [] }],
    }).expect(400);
    expect(party.body.error.details[0].field).toBe('parties.0.organisationId');
    await draft('TER-DUP-01');
    await post('/api/v1/agreements', tk.lazio, territorialBody(frameworkId, 'TER-DUP-01')).expect(409);
  });

  it('lists what each caller may see, filtered and sorted', async () => {
    const mine = await get('/api/v1/agreements?organisation=caritas-roma&sort=code&limit=200', tk.operatorCaritasRoma).expect(200);
    expect(mine.body.total).toBeGreaterThan(0);
    const codes = mine.body.items.map((a: { code: string }) => a.code);
    expect(codes).toEqual([...codes].sort());
    expect(codes.every((c: string) => c.startsWith('TER-'))).toBe(true);
    const other = await get('/api/v1/agreements', tk.operatorOther).expect(200);
    expect(other.body.total).toBe(0);
    const piemonte = await get('/api/v1/agreements?kind=TERRITORIAL', tk.piemonte).expect(200);
    expect(piemonte.body.total).toBe(0);
    const rome = await get('/api/v1/agreements?territory=058091&status=SIGNED', tk.central).expect(200);
    expect(rome.body.items.map((a: { code: string }) => a.code).sort()).toEqual(['FW-2026-01', 'TER-FULL-01']);
    const expiring = await get('/api/v1/agreements?expiringBefore=2027-12-31', tk.central).expect(200);
    expect(expiring.body.items.map((a: { code: string }) => a.code)).toEqual(['TER-FULL-01']);
    await get('/api/v1/agreements?status=NOPE', tk.central).expect(400);
  });

  describe('amendments', () => {
    let activeId: string;

    beforeAll(async () => {
      const a = await draft('TER-AMEND-01', { itChanges: false, dataExchange: false, costs: false });
      let r = await act(a.id, tk.lazio, { action: 'submit', version: a.version }).expect(200);
      r = await act(a.id, tk.central, { action: 'start_review', version: r.body.version }).expect(200);
      r = await act(a.id, tk.central, { action: 'approve', version: r.body.version }).expect(200);
      r = await act(a.id, tk.lazio, {
        action: 'sign',
        version: r.body.version,
        signatures: [
          { party: 0, signedOn: '2026-03-01' },
          { party: 1, signedOn: '2026-03-01' },
        ],
      }).expect(200);
      // activation is the scheduler's: run it as the system actor
      const activated = await t.app.get(AgreementsService).applyTransition(a.id, { action: 'activate', version: r.body.version }, SYSTEM_ACTOR);
      expect(activated.status).toBe('ACTIVE');
      activeId = a.id;
    });

    it('an amendment that keeps flags and scope is approved on submission, without review', async () => {
      const body = {
        ...territorialBody(frameworkId, 'TER-AMEND-01-A1', { itChanges: false, dataExchange: false, costs: false }),
        title: 'Protocollo Roma (modifica referenti)',
      };
      const am = await post(`/api/v1/agreements/${activeId}/amendments`, tk.lazio, body).expect(201);
      expect(am.body).toMatchObject({ status: 'DRAFT', amendsId: activeId });
      const r = await act(am.body.id, tk.lazio, { action: 'submit', version: am.body.version }).expect(200);
      expect(r.body.status).toBe('APPROVED');
      const list = await get(`/api/v1/agreements/${activeId}/amendments`, tk.lazio).expect(200);
      expect(list.body.items.map((x: { code: string }) => x.code)).toEqual(['TER-AMEND-01-A1']);
    });

    it('an amendment that changes the scope goes through the central review again', async () => {
      const body = { ...territorialBody(frameworkId, 'TER-AMEND-01-A2', { itChanges: false, dataExchange: false, costs: false }), scope: ['058091', '058047'] };
      const am = await post(`/api/v1/agreements/${activeId}/amendments`, tk.lazio, body).expect(201);
      expect((await act(am.body.id, tk.lazio, { action: 'submit', version: am.body.version }).expect(200)).body.status).toBe('SUBMITTED');
    });

    it('refuses to amend a draft, or to change the kind', async () => {
      const d = await draft('TER-AMEND-02');
      await post(`/api/v1/agreements/${d.id}/amendments`, tk.lazio, territorialBody(frameworkId, 'TER-AMEND-02-A1')).expect(409);
      const kind = await post(`/api/v1/agreements/${activeId}/amendments`, tk.central, { ...frameworkBody('TER-AMEND-01-A3') }).expect(400);
      expect(kind.body.error.details.map((d: { field: string }) => d.field)).toContain('kind');
    });
  });

  describe('renewals', () => {
    it('drafts a renewal from the day after the end, signs it, and refuses one beyond what the text allows', async () => {
      const created = await post('/api/v1/agreements', tk.central, { ...frameworkBody('FW-RENEW-01'), maxRenewals: 1 }).expect(201);
      const signed = await act(created.body.id, tk.central, {
        action: 'sign',
        version: created.body.version,
        signatures: [
          { party: 0, signedOn: '2026-01-10' },
          { party: 1, signedOn: '2026-01-10' },
        ],
      }).expect(200);
      const renewal = await post(`/api/v1/agreements/${signed.body.id}/renewals`, tk.central, { code: 'FW-RENEW-01-R1' }).expect(201);
      expect(renewal.body).toMatchObject({ status: 'DRAFT', renewsId: signed.body.id, text: { effectiveFrom: '2029-01-10', validTo: '2032-01-09' } });
      const renewedSigned = await act(renewal.body.id, tk.central, {
        action: 'sign',
        version: renewal.body.version,
        signatures: [
          { party: 0, signedOn: '2026-03-02' },
          { party: 1, signedOn: '2026-03-02' },
        ],
      }).expect(200);
      expect(renewedSigned.body.validity).toEqual({ from: '2029-01-10', to: '2032-01-09' });
      const again = await post(`/api/v1/agreements/${signed.body.id}/renewals`, tk.central, { code: 'FW-RENEW-01-R2' }).expect(400);
      expect(again.body.error.details[0].field).toBe('renewal');
      await post(`/api/v1/agreements/${renewal.body.id}/renewals`, tk.central, { code: 'FW-RENEW-01-R2' }).expect(400);
    });

    it('refuses to renew a draft or an agreement whose text allows no renewal', async () => {
      const d = await draft('TER-RENEW-02');
      await post(`/api/v1/agreements/${d.id}/renewals`, tk.lazio, { code: 'TER-RENEW-02-R1' }).expect(409);
      await post(`/api/v1/agreements/${frameworkId}/renewals`, tk.central, { code: 'FW-2026-01-R1' }).expect(400);
    });
  });
});
