import { createInpsClient, idempotent, InpsApiError, newIdempotencyKey, unwrap } from './index';

/** A fetch that records each request and answers with the given status and JSON body. */
function fakeFetch(status: number, body: unknown) {
  const requests: Request[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    requests.push(request);
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
  return { fetch, requests };
}

describe('createInpsClient', () => {
  it('sends the bearer token, on the typed path under the base URL', async () => {
    const { fetch, requests } = fakeFetch(200, { items: [], total: 0 });
    const client = createInpsClient({ baseUrl: 'https://api.example.it/', token: 'tok', fetch });
    const { data } = await client.GET('/api/v1/agreements', { params: { query: { status: 'ACTIVE', limit: 5 } } });
    expect(data).toEqual({ items: [], total: 0 });
    const [request] = requests;
    expect(request?.url).toBe('https://api.example.it/api/v1/agreements?status=ACTIVE&limit=5');
    expect(request?.headers.get('authorization')).toBe('Bearer tok');
    expect(request?.headers.get('x-api-key')).toBeNull();
  });

  it('asks a token function before each request (a token that refreshes)', async () => {
    const { fetch, requests } = fakeFetch(200, []);
    let n = 0;
    const client = createInpsClient({ baseUrl: 'http://gw', token: async () => `t${++n}`, fetch });
    await client.GET('/api/v1/follow-ups');
    await client.GET('/api/v1/follow-ups');
    expect(requests.map((r) => r.headers.get('authorization'))).toEqual(['Bearer t1', 'Bearer t2']);
  });

  it('sends an API key as X-Api-Key, and nothing when anonymous', async () => {
    const { fetch, requests } = fakeFetch(200, []);
    await createInpsClient({ baseUrl: 'http://gw', apiKey: 'ipt_abc', fetch }).GET('/api/v1/follow-ups');
    await createInpsClient({ baseUrl: 'http://gw', fetch }).GET('/api/v1/rulesets');
    expect(requests[0]?.headers.get('x-api-key')).toBe('ipt_abc');
    expect(requests[0]?.headers.get('authorization')).toBeNull();
    expect(requests[1]?.headers.get('authorization')).toBeNull();
    expect(() => createInpsClient({ baseUrl: 'http://gw', token: 't', apiKey: 'k' })).toThrow('not both');
  });

  it('sends Idempotency-Key with a POST and the typed body as JSON', async () => {
    const { fetch, requests } = fakeFetch(201, { id: 's1' });
    const client = createInpsClient({ baseUrl: 'http://gw', fetch });
    const retry = idempotent('start-0001');
    await client.POST('/api/v1/screenings', { body: { mode: 'self', language: 'en' }, ...retry });
    expect(requests[0]?.method).toBe('POST');
    expect(requests[0]?.headers.get('idempotency-key')).toBe('start-0001');
    expect(await requests[0]?.json()).toEqual({ mode: 'self', language: 'en' });
    expect(idempotent().headers['Idempotency-Key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(newIdempotencyKey()).not.toBe(newIdempotencyKey());
    expect(() => idempotent('short')).toThrow('8 to 128');
  });
});

describe('unwrap', () => {
  it('gives the data of a 2xx answer', async () => {
    const { fetch } = fakeFetch(200, { items: [], total: 0 });
    const page = unwrap(await createInpsClient({ baseUrl: 'http://gw', fetch }).GET('/api/v1/agreements'));
    expect(page.total).toBe(0);
  });

  it('throws the standard error body as an InpsApiError', async () => {
    const body = { error: { code: 'VALIDATION_FAILED', message: 'Some facts are not valid', details: [{ field: 'facts.age', issue: 'must be at most 120' }] } };
    const { fetch } = fakeFetch(400, body);
    const result = await createInpsClient({ baseUrl: 'http://gw', fetch }).POST('/api/v1/screenings/evaluate', { body: { facts: { age: 200 } } });
    expect(result.error?.error.code).toBe('VALIDATION_FAILED');
    const thrown = (() => {
      try {
        unwrap(result);
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(InpsApiError);
    expect(thrown).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      details: body.error.details,
      message: '400 VALIDATION_FAILED: Some facts are not valid',
    });
  });

  it('names the status when the body is not the standard shape', () => {
    expect(() => unwrap({ error: 'upstream', response: new Response(null, { status: 502 }) })).toThrow('HTTP 502');
  });
});
