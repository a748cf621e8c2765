import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gatewayOpenApi, OPENAPI_FILE, serialiseOpenApi } from './gateway-document';

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);
/** libs/shared's health routes, mounted by every service (and the gateway), whose answers that library describes. */
const SHARED_ROUTES = new Set(['GET /health/live', 'GET /health/ready']);

// The committed document (`npm run supergraph` writes it; test/end-to-end-client.spec.ts checks that
// the gateway serves exactly this), from which libs/client's types are generated.
const committed = JSON.parse(readFileSync(join(__dirname, '..', '..', OPENAPI_FILE), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
};

describe('the gateway OpenAPI document (services/gateway/openapi.json)', () => {
  it('types a 2xx answer of every operation, so that the typed client knows what each call returns', () => {
    const operations: string[] = [];
    const untyped: string[] = [];
    for (const [path, item] of Object.entries(committed.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (!METHODS.has(method)) continue;
        const name = `${method.toUpperCase()} ${path}`;
        if (SHARED_ROUTES.has(name)) continue;
        operations.push(name);
        const typed = Object.entries(operation.responses ?? {}).some(
          ([status, response]) => /^2\d\d$/.test(status) && Object.values(response.content ?? {}).some((c) => c.schema !== undefined),
        );
        if (!typed) untyped.push(name);
      }
    }
    expect(operations.length).toBeGreaterThanOrEqual(60);
    expect(untyped).toEqual([]);
  });

  it('refers only to schemas it defines', () => {
    const refs = JSON.stringify(committed).match(/"#\/components\/schemas\/[^"]+"/g) ?? [];
    const dangling = [...new Set(refs.map((r) => (JSON.parse(r) as string).split('/').pop() as string))].filter((n) => !(n in committed.components.schemas));
    expect(dangling).toEqual([]);
  });

  it('says which services are missing when some did not answer, and is stable text', () => {
    const one = { paths: { '/api/v1/rulesets': { get: { responses: { 200: { description: 'ok' } } } } } };
    const { document, missing } = gatewayOpenApi({ questionnaire: one });
    expect(missing).toEqual(['agreements', 'monitoring']);
    expect((document.info as { description: string }).description).toContain('missing here: agreements, monitoring');
    expect(gatewayOpenApi({ questionnaire: one, agreements: {}, monitoring: {} }).missing).toEqual([]);
    expect(serialiseOpenApi(document)).toBe(`${JSON.stringify(document, null, 2)}\n`);
  });
});
