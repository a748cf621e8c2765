import { Kind, valueFromASTUntyped, type FieldNode, type GraphQLResolveInfo } from 'graphql';

interface Batch<K, V> {
  readonly keys: ReadonlySet<K>;
  readonly loaded: Promise<Map<K, V>>;
}

/**
 * The keys of the entities of a type that the `_entities` request being resolved holds. The gateway
 * sends all the representations of a fetch in one `_entities` request, so the first field resolver
 * called can load the field for all of them, instead of one query per entity; the field resolvers
 * run their guards asynchronously, so waiting for the other calls to gather would depend on timing.
 */
export function entityKeys(info: GraphQLResolveInfo, typename: string, keyField: string): string[] {
  let root = info.path;
  while (root.prev) root = root.prev;
  const field = info.operation.selectionSet.selections.find((s): s is FieldNode => s.kind === Kind.FIELD && (s.alias ?? s.name).value === root.key);
  const argument = field?.name.value === '_entities' ? field.arguments?.find((a) => a.name.value === 'representations') : undefined;
  const representations: unknown = argument ? valueFromASTUntyped(argument.value, info.variableValues) : undefined;
  if (!Array.isArray(representations)) return [];
  return representations.flatMap((r: unknown) => {
    const value = r && typeof r === 'object' && (r as Record<string, unknown>).__typename === typename ? (r as Record<string, unknown>)[keyField] : undefined;
    return typeof value === 'string' ? [value] : [];
  });
}

/**
 * Loads for one GraphQL request, with one call, a field of every entity its `_entities` request
 * holds, and hands each field resolver its entity's part. Batches are kept per request context
 * (never shared between callers, whose principals differ) and per name, which must cover every
 * argument the loader depends on.
 */
export class RequestBatches {
  private readonly byRequest = new WeakMap<object, Map<string, Batch<unknown, unknown>[]>>();

  /**
   * `siblings` is called only when `key` starts a batch: read from the `_entities` arguments, it costs
   * a pass over every representation, which once per entity would make a request of N entities cost N².
   */
  async load<K, V>(request: object, name: string, key: K, siblings: () => readonly K[], loadMany: (keys: K[]) => Promise<Map<K, V>>): Promise<V | undefined> {
    let named = this.byRequest.get(request);
    if (!named) {
      named = new Map();
      this.byRequest.set(request, named);
    }
    const batches = (named.get(name) ?? []) as Batch<K, V>[];
    let batch = batches.find((b) => b.keys.has(key));
    if (!batch) {
      const keys = new Set([key, ...siblings()]);
      batch = { keys, loaded: loadMany([...keys]) };
      named.set(name, [...batches, batch] as Batch<unknown, unknown>[]);
    }
    return (await batch.loaded).get(key);
  }
}
