import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { romeDate } from '@inps/kernel';
import { eventually } from '@inps/shared';
import { createInpsClient, idempotent, InpsApiError, unwrap, type InpsClient, type Schema } from '@inps/client';
import { OPENAPI_FILE, serialiseOpenApi, type GatewayDocument } from '../services/gateway/src/openapi/gateway-document';
import { startGateway, startStack, type RunningGateway, type Stack } from '../services/gateway/test/stack';

/**
 * The partners' journeys through the real gateway with the typed client they are given
 * (libs/client, `@inps/client`): every path, parameter and body below is checked by the compiler
 * against services/gateway/openapi.json, and that file against what the gateway serves.
 *
 * The whole stack runs with its workers on one queue prefix, so that a completed screening reaches
 * monitoring (the follow-up) as it does in production.
 */
describe('end to end through the gateway, with the typed client (@inps/client)', () => {
  jest.setTimeout(600_000);

  const today = romeDate(new Date());
  let stack: Stack;
  let gw: RunningGateway;
  let anonymous: InpsClient;
  let central: InpsClient;
  let territorial: InpsClient;
  let operator: InpsClient;
  let partnerAdmin: InpsClient;

  beforeAll(async () => {
    const queuePrefix = `e2ec${process.pid}${Date.now().toString(36)}`;
    stack = await startStack({
      questionnaire: { queuePrefix, worker: true },
      agreements: { queuePrefix, worker: true },
      monitoring: { queuePrefix, worker: true },
    });
    gw = await startGateway(stack);
    const client = (token?: string) => createInpsClient({ baseUrl: gw.url, ...(token ? { token } : {}) });
    anonymous = client();
    central = client(await stack.tokens.central());
    territorial = client(await stack.tokens.territorial(['12']));
    operator = client(await stack.tokens.operator('caritas-roma'));
    partnerAdmin = client(await stack.tokens.partnerAdmin('caritas-roma'));
  });
  afterAll(async () => {
    await gw?.close();
    await stack?.close();
  });

  // Bounded polls, not timings: generous, because a loaded 2-core CI machine can take minutes.
  const SLOW = { timeoutMs: 180_000, everyMs: 250 };

  type Screening = Schema<'Screening'>;
  const elderly: Record<string, boolean | number | string> = {
    age: 71,
    citizenship: 'IT',
    yearsOfResidenceInItaly: 71,
    maritalStatus: 'WIDOWED',
    personalIncome: 4000,
    householdSize: 1,
  };

  /** Answers each question from the persona (the most modest answer for the rest) until completed, or `limit` answers. */
  async function answer(client: InpsClient, start: Screening, persona: Record<string, boolean | number | string>, limit = 60): Promise<Screening> {
    let s = start;
    for (let step = 0; step < limit && s.status === 'IN_PROGRESS' && s.nextQuestion; step++) {
      const q = s.nextQuestion;
      const fallback = q.type === 'boolean' ? false : q.type === 'choice' ? (q.options?.[0]?.value ?? '') : q.fact === 'householdSize' ? 1 : 0;
      s = unwrap(
        await client.POST('/api/v1/screenings/{id}/answers', {
          params: { path: { id: s.id } },
          body: { questionId: q.id, value: persona[q.fact] ?? fallback },
        }),
      );
    }
    return s;
  }

  it('is generated from what the gateway serves (else: npm run supergraph, and commit services/gateway/openapi.json)', async () => {
    const served = (await (await fetch(`${gw.url}/openapi.json`)).json()) as GatewayDocument;
    const committed = readFileSync(join(__dirname, '..', 'services', 'gateway', OPENAPI_FILE), 'utf8');
    if (serialiseOpenApi(served) !== committed) {
      throw new Error('services/gateway/openapi.json is stale: run `npm run supergraph` and commit it (libs/client is generated from it)');
    }
  });

  it('screens a person: start, answer, resume by code, read the outcome; a second one ended early', async () => {
    const started = unwrap(await anonymous.POST('/api/v1/screenings', { body: { mode: 'self', language: 'en', territory: '058091' } }));
    expect(started).toMatchObject({ status: 'IN_PROGRESS', mode: 'self', channel: 'self', territory: '058091' });

    const done = await answer(anonymous, started, elderly);
    expect(done.status).toBe('COMPLETED');
    expect(done.nextQuestion).toBeNull();

    // The code is shown once, in the answer to the start.
    const resumeCode = started.resumeCode;
    if (resumeCode === null) throw new Error('the start answered no resume code');
    const resumed = unwrap(await anonymous.GET('/api/v1/screenings/by-code/{resumeCode}', { params: { path: { resumeCode } } }));
    expect(resumed.id).toBe(started.id);
    const read = unwrap(await anonymous.GET('/api/v1/screenings/{id}', { params: { path: { id: started.id } } }));
    const likely = read.outcome?.benefits.filter((b) => b.status === 'LIKELY_ELIGIBLE') ?? [];
    expect(likely.length).toBeGreaterThan(0);

    const early = unwrap(await anonymous.POST('/api/v1/screenings', { body: { mode: 'self', language: 'it' } }));
    const twoAnswers = await answer(anonymous, early, elderly, 2);
    expect(twoAnswers.answeredCount).toBe(2);
    const ended = unwrap(await anonymous.POST('/api/v1/screenings/{id}/complete', { params: { path: { id: early.id } } }));
    expect(ended.status).toBe('COMPLETED');
    expect(ended.outcome?.benefits.some((b) => b.status === 'UNDETERMINED')).toBe(true);

    // Errors come back typed, in the one shape: here an answer to a completed screening.
    const refused = await anonymous.POST('/api/v1/screenings/{id}/answers', { params: { path: { id: early.id } }, body: { questionId: 'age', value: 70 } });
    expect(refused.response.status).toBe(409);
    expect(refused.error?.error.code).toBe('SCREENING_COMPLETED');
  });

  it('files a territorial agreement under a framework, submits it and takes it in review; a stale version is refused', async () => {
    const framework = unwrap(
      await central.POST('/api/v1/agreements', {
        body: {
          code: 'E2EC-QUADRO',
          kind: 'FRAMEWORK',
          title: 'Accordo quadro INPS per tutti',
          parties: [
            { organisationId: 'caritas-italiana', role: 'signatory', commitments: ['sportelli'] },
            { inpsUnitId: 'dg', role: 'signatory', commitments: ['formazione'] },
          ],
          scope: ['IT'],
          term: { years: 3 },
          flags: { itChanges: false, dataExchange: false, costs: false },
        },
      }),
    );
    const signatures = [0, 1].map((party) => ({ party, signedOn: today }));
    unwrap(
      await central.POST('/api/v1/agreements/{id}/transitions', {
        params: { path: { id: framework.id } },
        body: { action: 'sign', version: framework.version, signatures },
      }),
    );

    const draft = unwrap(
      await territorial.POST('/api/v1/agreements', {
        body: {
          code: 'E2EC-ROMA',
          kind: 'TERRITORIAL',
          title: 'Protocollo Roma',
          parentId: framework.id,
          parties: [
            { organisationId: 'caritas-roma', role: 'proponent', commitments: ['sportello presso la mensa'] },
            { inpsUnitId: 'dr-lazio', role: 'signatory', commitments: ['consulenza'] },
          ],
          scope: ['058091'],
          term: { years: 1 },
          flags: { itChanges: false, dataExchange: false, costs: false },
        },
        ...idempotent(),
      }),
    );
    expect(draft.status).toBe('DRAFT');
    const move = (client: InpsClient, body: Schema<'TransitionDto'>) =>
      client.POST('/api/v1/agreements/{id}/transitions', { params: { path: { id: draft.id } }, body });
    const submitted = unwrap(await move(territorial, { action: 'submit', version: draft.version }));
    expect(submitted.status).toBe('SUBMITTED');
    const inReview = unwrap(await move(central, { action: 'start_review', version: submitted.version }));
    expect(inReview.status).toBe('CENTRAL_REVIEW');

    const stale = await move(central, { action: 'approve', version: draft.version, comment: 'Conforme' });
    expect(() => unwrap(stale)).toThrow(InpsApiError);
    expect(stale.response.status).toBe(409);
    expect(stale.error?.error.code).toBe('STALE_VERSION');

    const page = unwrap(await central.GET('/api/v1/agreements', { params: { query: { status: 'CENTRAL_REVIEW', territory: '058091' } } }));
    expect(page.items.map((a) => a.id)).toContain(draft.id);
    const history = unwrap(await central.GET('/api/v1/agreements/{id}/history', { params: { path: { id: draft.id } } }));
    expect(history.items.map((h) => h.to)).toEqual(expect.arrayContaining(['SUBMITTED', 'CENTRAL_REVIEW']));
  });

  it('follows a person up after an operator screening (started safely retried), records the result, and a partner app reads it with an API key', async () => {
    const retry = idempotent();
    const body = { mode: 'operator', language: 'it', territory: '058091', channel: 'desk' } as const;
    const started = unwrap(await operator.POST('/api/v1/screenings', { body, ...retry }));
    // The same call again (its answer lost, say) is the same screening, not a second one.
    const again = await operator.POST('/api/v1/screenings', { body, ...retry });
    expect(again.response.headers.get('idempotent-replayed')).toBe('true');
    expect(unwrap(again).id).toBe(started.id);
    const done = await answer(operator, started, elderly);
    expect(done.status).toBe('COMPLETED');
    const benefit = done.outcome?.benefits.find((b) => b.status === 'LIKELY_ELIGIBLE')?.id;
    expect(benefit).toBeDefined();

    // Monitoring learns of the screening from its screening.completed event: 404 until then.
    const followUp = await eventually(
      `screening ${done.id} to reach monitoring`,
      async () => {
        const res = await operator.POST('/api/v1/follow-ups', {
          body: { screeningId: done.id, day: today, needs: ['INCOME_SUPPORT', 'ISEE'], help: [{ type: 'ISEE' }, { type: 'APPLICATION', benefitId: benefit }] },
        });
        if (res.response.status === 404) return undefined;
        return unwrap(res);
      },
      SLOW,
    );
    expect(followUp).toMatchObject({ screeningId: done.id, organisationId: 'caritas-roma', day: today });

    const granted = unwrap(
      await operator.PATCH('/api/v1/follow-ups/{id}', {
        params: { path: { id: followUp.id } },
        body: { benefitId: benefit as string, result: 'GRANTED', resultDate: today },
      }),
    );
    expect(JSON.stringify(granted.help)).toContain('GRANTED');

    const created = unwrap(
      await partnerAdmin.POST('/api/v1/organisations/{organisationId}/api-keys', {
        params: { path: { organisationId: 'caritas-roma' } },
        body: { label: 'App sportello (e2e)' },
      }),
    );
    const app = createInpsClient({ baseUrl: gw.url, apiKey: created.key as string });
    const listed = unwrap(await app.GET('/api/v1/follow-ups'));
    expect(listed.map((f) => f.id)).toContain(followUp.id);
    const one = unwrap(await app.GET('/api/v1/follow-ups/{id}', { params: { path: { id: followUp.id } } }));
    expect(one.id).toBe(followUp.id);

    const wrongKey = await createInpsClient({ baseUrl: gw.url, apiKey: `${(created.key as string).slice(0, -2)}xx` }).GET('/api/v1/follow-ups');
    expect(wrongKey.response.status).toBe(401);
    expect(wrongKey.error?.error.code).toBe('INVALID_API_KEY');
  });
});
