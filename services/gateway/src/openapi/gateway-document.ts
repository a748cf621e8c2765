import { UPSTREAM_NAMES, type UpstreamName } from '../upstreams/upstreams';
import { mergeOpenApi, type ServiceDocument } from './openapi-merge';

export type GatewayDocument = ReturnType<typeof mergeOpenApi>;

/**
 * The gateway's OpenAPI document, committed as services/gateway/openapi.json (written by `npm run
 * supergraph`) and the source of the typed client in libs/client. A path relative to services/gateway.
 */
export const OPENAPI_FILE = 'openapi.json';

/**
 * The merged document from whichever services answered (`GET /openapi.json` of the gateway, and
 * the supergraph CLI offline): the same code for both, so the committed file is what the gateway
 * serves when every service is up.
 */
export function gatewayOpenApi(documents: Partial<Readonly<Record<UpstreamName, ServiceDocument['document']>>>): {
  readonly document: GatewayDocument;
  readonly missing: readonly UpstreamName[];
} {
  const docs: ServiceDocument[] = [];
  const missing: UpstreamName[] = [];
  for (const name of UPSTREAM_NAMES) {
    const document = documents[name];
    if (document) docs.push({ name, document });
    else missing.push(name);
  }
  const description =
    'Every REST route of the programme through one address: /api/v1/<resource> is routed to the service that owns it. ' +
    'GraphQL (the federated schema) is at /graphql.' +
    (missing.length > 0 ? ` Not available right now, so missing here: ${missing.join(', ')}.` : '');
  return { document: withErrorAnswers(mergeOpenApi(docs, { title: 'INPS per tutti: API', version: '1.0.0', description })), missing };
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);

type Json = GatewayDocument[string];
const isObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Every error of every route has one shape (docs/architecture.md §11), the `Error` schema the
 * services define; the services document only their successful answers, so each operation gets it
 * as its `default` answer here. Typed clients then know the error body (`{ error: { code, … } }`).
 */
function withErrorAnswers(document: GatewayDocument): GatewayDocument {
  const components = document.components;
  if (!isObject(components) || !isObject(components.schemas) || components.schemas.Error === undefined || !isObject(document.paths)) return document;
  const errorAnswer: Json = {
    description: 'An error, in the standard shape (docs/api.md, "Errors")',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  };
  for (const item of Object.values(document.paths)) {
    if (!isObject(item)) continue;
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.has(method) || !isObject(operation) || !isObject(operation.responses) || operation.responses.default !== undefined) continue;
      operation.responses = { ...operation.responses, default: errorAnswer };
    }
  }
  return document;
}

/** The committed file's text: two-space JSON and a final newline (kept out of prettier's way). */
export function serialiseOpenApi(document: GatewayDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
