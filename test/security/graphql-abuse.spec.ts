/**
 * Security #2: GraphQL abuse through the gateway. Deep nesting, many aliases, oversized batches,
 * huge token counts, costly lists, introspection and field suggestions in production: each must be
 * refused BEFORE execution. The proof: every service sits behind a counting proxy (the gateway's
 * QUESTIONNAIRE_URL/AGREEMENTS_URL/MONITORING_URL point at the proxies), and a refused operation
 * must not have sent a single request to any subgraph's /graphql; for mutations, the screening table
 * must also not have grown.
 */
import { startGateway, type RunningGateway } from '../../services/gateway/test/stack';
import { countingProxy, rowCounts, startSecurityStack, SERVICES, type CountingProxy, type SecurityStack } from './support/security-stack';

jest.setTimeout(300_000);

type Answer = { status: number; body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] }; text: string };

describe('GraphQL abuse is refused before execution', () => {
  let stack: SecurityStack;
  const proxies: CountingProxy[] = [];
  let gw: RunningGateway;
  let prod: RunningGateway;

  beforeAll(async () => {
    stack = await startSecurityStack({ questionnaire: {}, agreements: {}, monitoring: {} });
    for (const name of SERVICES) proxies.push(await countingProxy(stack.services[name].url));
    const upstreams = { QUESTIONNAIRE_URL: proxies[0]!.url, AGREEMENTS_URL: proxies[1]!.url, MONITORING_URL: proxies[2]!.url };
    gw = await startGateway(stack, upstreams);
    prod = await startGateway(stack, {
      ...upstreams,
      NODE_ENV: 'production',
      // The gateway verifies no token itself, but production refuses dev auth in any service's config.
      AUTH_MODE: 'jwks',
      AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks',
      AUTH_ISSUER: 'https://idp.invalid/realms/inps',
    });
  });
  afterAll(async () => {
    await prod?.close();
    await gw?.close();
    await Promise.all(proxies.map((p) => p.close()));
    await stack?.close();
  });

  /** Requests that reached any subgraph's /graphql since the last reset. */
  const subgraphCalls = () => proxies.reduce((n, p) => n + p.count('/graphql'), 0);
  const reset = () => proxies.forEach((p) => p.reset());
  const screenings = async () => {
    const counts = await rowCounts(stack.databases.questionnaire);
    const key = Object.keys(counts).find((k) => k.endsWith('.screening'));
    if (!key) throw new Error(`no screening table in ${Object.keys(counts).join(', ')}`);
    return counts[key] as number;
  };

  async function post(g: RunningGateway, body: unknown): Promise<Answer> {
    const res = await g.http.post('/graphql').set('content-type', 'application/json').send(JSON.stringify(body));
    return { status: res.status, body: res.body as Answer['body'], text: res.text };
  }
  const codes = (a: Answer) => (a.body?.errors ?? []).map((e) => e.extensions?.code);

  /** Sends, then checks the answer is a refusal with one of `expected` codes and no subgraph was called. */
  async function expectRefusedBeforeExecution(send: () => Promise<Answer>, expected: string[]): Promise<Answer> {
    reset();
    const a = await send();
    await new Promise((r) => setTimeout(r, 100));
    const got = codes(a);
    const code = got.length === 1 && expected.includes(got[0] as string) ? 'expected code' : got.join(',');
    expect({ status: a.status, code, hasData: a.body?.data != null, subgraphCalls: subgraphCalls() }).toEqual({
      status: 400,
      code: 'expected code',
      hasData: false,
      subgraphCalls: 0,
    });
    return a;
  }

  const ruleSets = (n: number, prefix = 'a') => Array.from({ length: n }, (_, i) => `${prefix}${i}: ruleSets { id }`).join(' ');

  it('control: an ordinary query does reach the subgraph (the counter works)', async () => {
    reset();
    const a = await post(gw, { query: '{ ruleSets { id } }' });
    expect(a.status).toBe(200);
    expect(a.body.errors).toBeUndefined();
    expect(subgraphCalls()).toBeGreaterThan(0);
  });

  it('refuses deep nesting (12 levels) with QUERY_TOO_DEEP', async () => {
    let selection = 'id';
    for (let i = 0; i < 11; i++) selection = `ruleSets { ${selection} }`;
    await expectRefusedBeforeExecution(() => post(gw, { query: `{ ${selection} }` }), ['QUERY_TOO_DEEP']);
    // The same depth hidden in nested fragments.
    const fragments =
      Array.from({ length: 12 }, (_, i) => `fragment F${i} on RuleSet { benefits { id ...F${i + 1} } }`).join('\n') + '\nfragment F12 on RuleSet { id }';
    await expectRefusedBeforeExecution(() => post(gw, { query: `{ ruleSets { ...F0 } }\n${fragments}` }), ['QUERY_TOO_DEEP', 'QUERY_TOO_COSTLY']);
  });

  it('refuses too many aliases (16 and 1000) before any subgraph call', async () => {
    await expectRefusedBeforeExecution(() => post(gw, { query: `{ ${ruleSets(16)} }` }), ['TOO_MANY_ALIASES']);
    await expectRefusedBeforeExecution(() => post(gw, { query: `{ ${ruleSets(1000)} }` }), ['TOO_MANY_ALIASES', 'QUERY_TOO_LARGE']);
    // Aliased mutations: nothing written.
    const before = await screenings();
    const mutation = `mutation { ${Array.from({ length: 40 }, (_, i) => `s${i}: startScreening(input: { mode: "self", language: "en" }) { id }`).join(' ')} }`;
    await expectRefusedBeforeExecution(() => post(gw, { query: mutation }), ['TOO_MANY_ALIASES']);
    expect(await screenings()).toBe(before);
  });

  it('refuses a batch (array body) beyond the limit, and writes nothing for a batch of mutations', async () => {
    const before = await screenings();
    const op = { query: 'mutation { startScreening(input: { mode: "self", language: "en" }) { id } }' };
    await expectRefusedBeforeExecution(
      () =>
        post(
          gw,
          Array.from({ length: 6 }, () => op),
        ),
      ['BATCH_TOO_LARGE'],
    );
    await expectRefusedBeforeExecution(
      () =>
        post(
          gw,
          Array.from({ length: 500 }, () => op),
        ),
      ['BATCH_TOO_LARGE'],
    );
    expect(await screenings()).toBe(before);
    // One abusive operation inside an allowed batch refuses the whole batch.
    await expectRefusedBeforeExecution(() => post(gw, [op, { query: `{ ${ruleSets(16)} }` }]), ['TOO_MANY_ALIASES']);
    expect(await screenings()).toBe(before);
    // Control: a batch within the limit is executed (so the refusal above is the limit's doing).
    reset();
    const ok = await gw.http
      .post('/graphql')
      .set('content-type', 'application/json')
      .send(JSON.stringify([op, op]));
    expect(ok.status).toBe(200);
    expect(await screenings()).toBe(before + 2);
  });

  it('refuses a document with a huge token count (QUERY_TOO_LARGE)', async () => {
    const fields = Array.from({ length: 3000 }, () => 'id').join(' ');
    await expectRefusedBeforeExecution(() => post(gw, { query: `{ ruleSets { ${fields} } }` }), ['QUERY_TOO_LARGE']);
    // Tokens in directives and arguments count too.
    const directives = Array.from({ length: 1500 }, () => '@include(if: true)').join(' ');
    await expectRefusedBeforeExecution(() => post(gw, { query: `{ ruleSets { id ${directives} } }` }), ['QUERY_TOO_LARGE']);
  });

  it('refuses a query whose lists multiply beyond the cost limit (QUERY_TOO_COSTLY)', async () => {
    await expectRefusedBeforeExecution(
      () => post(gw, { query: '{ agreements(limit: 100000) { items { parties { commitments } scope } } }' }),
      ['QUERY_TOO_COSTLY'],
    );
    await expectRefusedBeforeExecution(
      () => post(gw, { query: 'query Q($n: Int) { agreements(limit: $n) { items { parties { commitments } scope } } }', variables: { n: 100000 } }),
      ['QUERY_TOO_COSTLY'],
    );
  });

  it('cannot be bypassed with a duplicated `query` parameter on GET', async () => {
    // Express reads ?query=a&query=b as an array, which the guard cannot measure; the runtime reads the first.
    reset();
    const res = await gw.http.get('/graphql').query(`query=${encodeURIComponent(`{ ${ruleSets(16)} }`)}&query=${encodeURIComponent('{ __typename }')}`);
    await new Promise((r) => setTimeout(r, 100));
    expect({ refused: res.status === 400 || res.status === 405, executed: JSON.stringify(res.body).includes('"a15"'), subgraphCalls: subgraphCalls() }).toEqual(
      {
        refused: true,
        executed: false,
        subgraphCalls: 0,
      },
    );
  });

  it('cannot be bypassed with the operation in the URL of a POST and an empty body', async () => {
    reset();
    const res = await gw.http
      .post(`/graphql?query=${encodeURIComponent(`{ ${ruleSets(16)} }`)}`)
      .set('content-type', 'application/json')
      .send('{}');
    await new Promise((r) => setTimeout(r, 100));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(subgraphCalls()).toBe(0);
  });

  it('answers malformed GraphQL requests with a 4xx, never a 5xx, and without execution', async () => {
    const wrong: string[] = [];
    reset();
    for (const body of [
      '[]',
      '[null]',
      '[1, 2]',
      '[[]]',
      '{"query": 123}',
      '{"query": {"$gt": ""}}',
      '{"query": "{ ruleSets { id } }", "variables": "not json"}',
      '{"query": "{ ruleSets { id } }", "operationName": ["a"]}',
      'null',
      '"text"',
      '{"query": "{ ruleSets { id "}',
    ]) {
      const res = await gw.http.post('/graphql').set('content-type', 'application/json').send(body);
      if (res.status >= 500 || (res.status === 200 && JSON.stringify(res.body).includes('"ruleSets":[')))
        wrong.push(`${body}: ${res.status} ${res.text.slice(0, 150)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('refuses CSRF-able requests: text/plain and form POSTs, mutations over GET', async () => {
    const before = await screenings();
    const mutation = 'mutation { startScreening(input: { mode: "self", language: "en" }) { id } }';
    reset();
    const plain = await gw.http
      .post('/graphql')
      .set('content-type', 'text/plain')
      .send(JSON.stringify({ query: mutation }));
    const form = await gw.http
      .post('/graphql')
      .set('content-type', 'application/x-www-form-urlencoded')
      .send(`query=${encodeURIComponent(mutation)}`);
    const get = await gw.http.get('/graphql').query({ query: mutation });
    expect([plain.status, form.status, get.status]).toEqual([415, 415, 405]);
    expect(subgraphCalls()).toBe(0);
    expect(await screenings()).toBe(before);
  });

  describe('in production (NODE_ENV=production)', () => {
    it('refuses introspection (__schema, __type) before execution', async () => {
      await expectRefusedBeforeExecution(() => post(prod, { query: '{ __schema { types { name fields { name } } } }' }), ['INTROSPECTION_DISABLED']);
      await expectRefusedBeforeExecution(() => post(prod, { query: '{ __type(name: "Agreement") { fields { name } } }' }), ['INTROSPECTION_DISABLED']);
      await expectRefusedBeforeExecution(
        () => post(prod, { query: 'query A { ruleSets { id } } query B { ...I } fragment I on Query { __schema { types { name } } }', operationName: 'B' }),
        ['INTROSPECTION_DISABLED'],
      );
      // The development gateway does answer it (the check is about production, not broken).
      const dev = await post(gw, { query: '{ __type(name: "Agreement") { name } }' });
      expect(dev.body.data).toEqual({ __type: { name: 'Agreement' } });
    });

    it('never returns schema information through a duplicated GET parameter either', async () => {
      reset();
      const res = await prod.http
        .get('/graphql')
        .query(`query=${encodeURIComponent('{ __schema { types { name } } }')}&query=${encodeURIComponent('{ __typename }')}`);
      expect(res.status).toBeLessThan(500);
      expect(res.text).not.toMatch(/"types"\s*:\s*\[/);
      expect(res.text).not.toContain('AgreementPage');
    });

    it('gives no field suggestions ("Did you mean") in validation errors', async () => {
      reset();
      const probes = [
        '{ agreemnts { total } }',
        '{ ruleSets { idd } }',
        '{ ruleSet(idd: "x") { id } }',
        'mutation { startScreenin(input: { mode: "self" }) { id } }',
      ];
      for (const query of probes) {
        const a = await post(prod, { query });
        expect(a.status).toBeLessThan(500);
        expect(a.body.errors?.length).toBeGreaterThan(0);
        expect(a.text).not.toMatch(/did you mean/i);
        expect(a.text).not.toContain('agreements');
        expect(a.text).not.toContain('startScreening');
      }
      expect(subgraphCalls()).toBe(0);
    });

    it('applies the same limits (depth, aliases, batch, tokens)', async () => {
      await expectRefusedBeforeExecution(() => post(prod, { query: `{ ${ruleSets(16)} }` }), ['TOO_MANY_ALIASES']);
      await expectRefusedBeforeExecution(
        () =>
          post(
            prod,
            Array.from({ length: 6 }, () => ({ query: '{ ruleSets { id } }' })),
          ),
        ['BATCH_TOO_LARGE'],
      );
      await expectRefusedBeforeExecution(
        () => post(prod, { query: `{ ruleSets { ${Array.from({ length: 3000 }, () => 'id').join(' ')} } }` }),
        ['QUERY_TOO_LARGE'],
      );
    });
  });
});
