import { createTestApp, testQueuePrefix, testRedisUrl, type TestApp } from '@inps/shared';
import { AppModule } from '../src/app.module';
import { monitoringConfig } from '../src/monitoring.config';
import { MONITORING_DATABASE } from '../src/migrations';
import { fakeTerritories } from './helpers';

interface Schema {
  readonly $ref?: string;
  readonly type?: string;
  readonly items?: Schema;
  readonly properties?: Record<string, Schema>;
  readonly allOf?: readonly Schema[];
  readonly oneOf?: readonly Schema[];
}
interface Operation {
  readonly responses?: Record<string, { readonly content?: Record<string, { readonly schema?: Schema }> }>;
}
interface Document {
  readonly paths: Record<string, Record<string, Operation>>;
  readonly components?: { readonly schemas?: Record<string, Schema> };
}

/** Routes of @inps/shared (HealthController), whose answers that library documents, not this service. */
const SHARED_ROUTES = new Set(['get /health/live', 'get /health/ready']);
const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch']);

/** What is wrong with a response schema: a reference to nothing, or an object with no properties. */
function schemaProblem(schema: Schema | undefined, doc: Document, seen = new Set<string>()): string | null {
  if (!schema) return 'no schema';
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    if (seen.has(name)) return null;
    const target = doc.components?.schemas?.[name];
    if (!target) return `${schema.$ref} is not defined`;
    return schemaProblem(target, doc, new Set([...seen, name]));
  }
  if (schema.type === 'array') return schemaProblem(schema.items, doc, seen);
  if (schema.allOf || schema.oneOf) return null;
  if (schema.type === 'object' && Object.keys(schema.properties ?? {}).length === 0) return 'an object with no properties';
  return null;
}

describe('OpenAPI document', () => {
  let t: TestApp<typeof monitoringConfig.fields>;
  let doc: Document;

  beforeAll(async () => {
    t = await createTestApp((config) => AppModule.forRoot(config, { territories: fakeTerritories }), {
      config: monitoringConfig,
      database: MONITORING_DATABASE,
      env: { REDIS_URL: testRedisUrl(), QUEUE_PREFIX: testQueuePrefix('mon-openapi') },
      openApi: { title: 'INPS per tutti: monitoring', version: '1.0.0' },
    });
    const res = await t.http.get('/openapi.json');
    expect(res.status).toBe(200);
    doc = res.body as Document;
  });
  afterAll(() => t.close());

  it('describes the 2xx answer of every operation with a schema', () => {
    const problems: string[] = [];
    let checked = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (!METHODS.has(method) || SHARED_ROUTES.has(`${method} ${path}`)) continue;
        checked += 1;
        const success = Object.entries(operation.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
        if (success.length === 0) {
          problems.push(`${method.toUpperCase()} ${path}: no 2xx response`);
          continue;
        }
        for (const [status, response] of success) {
          const media = Object.entries(response.content ?? {});
          if (media.length === 0) problems.push(`${method.toUpperCase()} ${path} ${status}: no content`);
          for (const [type, { schema }] of media) {
            const problem = schemaProblem(schema, doc);
            if (problem) problems.push(`${method.toUpperCase()} ${path} ${status} ${type}: ${problem}`);
          }
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(13);
    expect(problems).toEqual([]);
  });

  it('names the content types of a report file', () => {
    const file = doc.paths['/api/v1/reports/{id}/files/{format}'].get;
    expect(Object.keys(file.responses?.['200']?.content ?? {}).sort()).toEqual([
      'application/json',
      'application/pdf',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'text/csv',
    ]);
  });
});
