import type { UpstreamName } from '../upstreams/upstreams';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface ServiceDocument {
  readonly name: UpstreamName;
  readonly document: JsonObject;
}

const COMPONENT_KINDS = ['schemas', 'responses', 'parameters', 'examples', 'requestBodies', 'headers', 'securitySchemes', 'links', 'callbacks'] as const;

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Stable comparison: the same component from two services is kept once. */
function canonical(v: Json): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObject(v))
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k] as Json)}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

function rewriteRefs(v: Json, renames: ReadonlyMap<string, string>): Json {
  if (Array.isArray(v)) return v.map((x) => rewriteRefs(x, renames));
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) {
    out[k] = k === '$ref' && typeof x === 'string' && renames.has(x) ? (renames.get(x) as string) : rewriteRefs(x, renames);
  }
  return out;
}

const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

/**
 * One OpenAPI 3 document from the services' own. Paths are unique across services (each owns its
 * resources). A component defined identically by several services (the shared `Error` schema,
 * bearer auth) is kept once; a name two services use for different things is renamed
 * `<Service><Name>` in the later service (and its $refs) so neither is lost. Tags are unioned.
 */
export function mergeOpenApi(docs: readonly ServiceDocument[], info: { title: string; version: string; description?: string }): JsonObject {
  const paths: JsonObject = {};
  const components: Record<string, JsonObject> = {};
  const tags = new Map<string, Json>();
  for (const { name, document } of docs) {
    const renames = new Map<string, string>();
    const ownComponents = isObject(document.components) ? document.components : {};
    for (const kind of COMPONENT_KINDS) {
      const items = ownComponents[kind];
      if (!isObject(items)) continue;
      const target = (components[kind] ??= {});
      for (const [key, value] of Object.entries(items)) {
        const existing = target[key];
        if (existing !== undefined && canonical(existing) !== canonical(value)) {
          renames.set(`#/components/${kind}/${key}`, `#/components/${kind}/${pascal(name)}${key}`);
        }
      }
    }
    for (const kind of COMPONENT_KINDS) {
      const items = ownComponents[kind];
      if (!isObject(items)) continue;
      const target = components[kind] as JsonObject;
      for (const [key, value] of Object.entries(items)) {
        const renamed = renames.get(`#/components/${kind}/${key}`);
        const finalKey = renamed ? `${pascal(name)}${key}` : key;
        target[finalKey] = rewriteRefs(value, renames);
      }
    }
    if (isObject(document.paths)) {
      for (const [path, item] of Object.entries(document.paths)) paths[path] = rewriteRefs(item, renames);
    }
    if (Array.isArray(document.tags)) {
      for (const tag of document.tags) if (isObject(tag) && typeof tag.name === 'string' && !tags.has(tag.name)) tags.set(tag.name, tag);
    }
  }
  const merged: JsonObject = {
    openapi: '3.0.0',
    info: { title: info.title, version: info.version, ...(info.description ? { description: info.description } : {}) },
    paths,
    components: components as JsonObject,
  };
  if (tags.size > 0) merged.tags = [...tags.values()];
  return merged;
}
