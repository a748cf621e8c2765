import {
  Kind,
  parse,
  type DocumentNode,
  type TypeNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

export interface OperationLimits {
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxCost: number;
  readonly maxTokens: number;
  readonly introspection: boolean;
  /** Which fields return lists, from the supergraph (fieldShapesOf); without it every selection counts as a list. */
  readonly fieldShapes?: FieldShapes;
}

/** A field's return type as the cost needs it: whether it is a list, and the named type below. */
interface FieldShape {
  readonly list: boolean;
  readonly type: string;
}

/** Type name → field name → shape, and the root types' names. */
export interface FieldShapes {
  readonly roots: { readonly query: string; readonly mutation: string };
  readonly types: ReadonlyMap<string, ReadonlyMap<string, FieldShape>>;
}

function shapeOf(type: TypeNode): FieldShape {
  if (type.kind === Kind.NON_NULL_TYPE) return shapeOf(type.type);
  if (type.kind === Kind.LIST_TYPE) return { list: true, type: shapeOf(type.type).type };
  return { list: false, type: type.name.value };
}

/**
 * The fields of every object and interface type of a schema's SDL (the supergraph), so that the
 * cost multiplies only below fields that return lists: an object field (`Territory.indicators`,
 * `Indicator.value`) is one thing, and counting it as ten made any nested query over the limit.
 */
export function fieldShapesOf(sdl: string): FieldShapes {
  const document = parse(sdl, { noLocation: true });
  const types = new Map<string, Map<string, FieldShape>>();
  const roots = { query: 'Query', mutation: 'Mutation' };
  for (const d of document.definitions) {
    if (d.kind === Kind.SCHEMA_DEFINITION) {
      for (const op of d.operationTypes) {
        if (op.operation === 'query') roots.query = op.type.name.value;
        if (op.operation === 'mutation') roots.mutation = op.type.name.value;
      }
    }
    if (
      d.kind === Kind.OBJECT_TYPE_DEFINITION ||
      d.kind === Kind.OBJECT_TYPE_EXTENSION ||
      d.kind === Kind.INTERFACE_TYPE_DEFINITION ||
      d.kind === Kind.INTERFACE_TYPE_EXTENSION
    ) {
      const fields = types.get(d.name.value) ?? new Map<string, FieldShape>();
      for (const field of d.fields ?? []) fields.set(field.name.value, shapeOf(field.type));
      types.set(d.name.value, fields);
    }
  }
  return { roots, types };
}

interface LimitRefusal {
  readonly code: string;
  readonly message: string;
}

/** What one parsed operation costs; exported for tests. */
export interface OperationMeasure {
  readonly depth: number;
  readonly aliases: number;
  readonly cost: number;
  readonly introspection: boolean;
  readonly mutation: boolean;
  /**
   * The name of each root field the operation invokes, once per response key: aliases count apart,
   * the same key written twice is one invocation (GraphQL merges it), fragments are followed.
   * Rate limits count these, not HTTP requests.
   */
  readonly rootFields: readonly string[];
}

/** A list field without a size argument is assumed to return this many items. */
const DEFAULT_LIST_SIZE = 10;
const SIZE_ARGUMENTS = new Set(['first', 'last', 'limit', 'pageSize']);

function sizeArgument(field: FieldNode, variables: Readonly<Record<string, unknown>>): number | undefined {
  for (const arg of field.arguments ?? []) {
    if (!SIZE_ARGUMENTS.has(arg.name.value)) continue;
    const v: ValueNode = arg.value;
    if (v.kind === Kind.INT) return Math.max(1, Number(v.value));
    if (v.kind === Kind.VARIABLE) {
      const value = variables[v.name.value];
      if (typeof value === 'number' && Number.isFinite(value)) return Math.max(1, Math.floor(value));
    }
  }
  return undefined;
}

/**
 * Depth, aliases and cost before the runtime does any work, the same for both runtimes. Cost: every
 * field costs 1 plus what is below it; a field that returns a list multiplies what is below it by
 * its `first`/`limit`/`pageSize` argument, else by 10; a field that returns one object adds what is
 * below it once. Which is which comes from `shapes` (the supergraph's types); a field they do not
 * know (no shapes, or a name the schema lacks, which the runtime will refuse anyway) is taken as a
 * list, erring on the side of counting more. A size argument on a field that returns one object (a
 * page) applies to the lists right inside it. Fragments are followed (each spread once per path;
 * cycles are a validation error the runtime reports, here they stop the walk).
 */
export function measureOperation(
  document: DocumentNode,
  operationName: string | undefined,
  variables: Readonly<Record<string, unknown>> = {},
  shapes?: FieldShapes,
): OperationMeasure | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) return undefined;
  let aliases = 0;
  let introspection = false;
  const counted = new Set<FieldNode>();

  const walk = (
    set: SelectionSetNode,
    depth: number,
    seen: ReadonlySet<string>,
    parent: string | undefined,
    pageSize: number | undefined,
  ): { depth: number; cost: number } => {
    let maxDepth = depth;
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.alias && !counted.has(selection)) aliases += 1;
        counted.add(selection);
        const name = selection.name.value;
        if (name === '__schema' || name === '__type') introspection = true;
        if (selection.selectionSet) {
          const shape = parent === undefined ? undefined : shapes?.types.get(parent)?.get(name);
          const size = sizeArgument(selection, variables);
          const single = shape !== undefined && !shape.list;
          // A page (`territories(limit: 50) { items … }`) is one object: its size bounds the list inside it.
          const below = walk(selection.selectionSet, depth + 1, seen, shape?.type, single ? size : undefined);
          maxDepth = Math.max(maxDepth, below.depth);
          const items = single ? 1 : (size ?? pageSize ?? DEFAULT_LIST_SIZE);
          cost += 1 + items * below.cost;
        } else {
          maxDepth = Math.max(maxDepth, depth);
          cost += 1;
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const below = walk(selection.selectionSet, depth, seen, selection.typeCondition?.name.value ?? parent, pageSize);
        maxDepth = Math.max(maxDepth, below.depth);
        cost += below.cost;
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || seen.has(name)) continue;
        const below = walk(fragment.selectionSet, depth, new Set([...seen, name]), fragment.typeCondition.name.value, pageSize);
        maxDepth = Math.max(maxDepth, below.depth);
        cost += below.cost;
      }
    }
    return { depth: maxDepth, cost };
  };

  const root = operation.operation === 'mutation' ? shapes?.roots.mutation : operation.operation === 'query' ? shapes?.roots.query : undefined;
  const result = walk(operation.selectionSet, 1, new Set(), root, undefined);
  return {
    depth: result.depth,
    aliases,
    cost: result.cost,
    introspection,
    mutation: operation.operation === 'mutation',
    rootFields: rootFieldsOf(operation.selectionSet, fragments),
  };
}

function rootFieldsOf(root: SelectionSetNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): string[] {
  const byResponseKey = new Map<string, string>();
  const collect = (set: SelectionSetNode, seen: ReadonlySet<string>): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        if (!byResponseKey.has(key)) byResponseKey.set(key, selection.name.value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        collect(selection.selectionSet, seen);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment && !seen.has(selection.name.value)) collect(fragment.selectionSet, new Set([...seen, selection.name.value]));
      }
    }
  };
  collect(root, new Set());
  return [...byResponseKey.values()];
}

export interface CheckedOperation {
  readonly refusal?: LimitRefusal;
  readonly measure?: OperationMeasure;
}

/**
 * Parses and checks one operation against the limits. A document that does not parse, or whose
 * operation cannot be picked, is left to the runtime, which reports it in its usual way.
 */
export function checkOperation(query: unknown, operationName: unknown, variables: unknown, limits: OperationLimits): CheckedOperation {
  if (typeof query !== 'string') return {};
  let document: DocumentNode;
  try {
    // maxTokens stops a huge document before it is even fully parsed.
    document = parse(query, { maxTokens: limits.maxTokens, noLocation: true });
  } catch (error) {
    if (error instanceof Error && /contains more th\w+ \d+ tokens/i.test(error.message)) {
      return { refusal: { code: 'QUERY_TOO_LARGE', message: `The query has more than ${limits.maxTokens} tokens` } };
    }
    return {};
  }
  const vars = typeof variables === 'object' && variables !== null && !Array.isArray(variables) ? (variables as Record<string, unknown>) : {};
  const measure = measureOperation(document, typeof operationName === 'string' ? operationName : undefined, vars, limits.fieldShapes);
  if (!measure) return {};
  if (measure.introspection && !limits.introspection) return { measure, refusal: { code: 'INTROSPECTION_DISABLED', message: 'Introspection is disabled' } };
  if (measure.depth > limits.maxDepth)
    return { measure, refusal: { code: 'QUERY_TOO_DEEP', message: `The query is ${measure.depth} levels deep; the limit is ${limits.maxDepth}` } };
  if (measure.aliases > limits.maxAliases)
    return { measure, refusal: { code: 'TOO_MANY_ALIASES', message: `The query has ${measure.aliases} aliases; the limit is ${limits.maxAliases}` } };
  if (measure.cost > limits.maxCost)
    return { measure, refusal: { code: 'QUERY_TOO_COSTLY', message: `The query costs ${measure.cost}; the limit is ${limits.maxCost}` } };
  return { measure };
}
