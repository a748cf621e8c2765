import {
  Kind,
  parse,
  type DocumentNode,
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
 * Depth, aliases and cost without the schema, so the check runs before the runtime does any work and
 * is the same for both runtimes. Cost: every field costs 1 plus what is below it; a field with a
 * selection set is taken as a list (the schema is not consulted) and multiplies what is below it by
 * its `first`/`limit`/`pageSize` argument, else by 10. Crude on purpose: it errs on the side of
 * counting more. Fragments are followed (each spread once per path; cycles are a validation error
 * the runtime reports, here they stop the walk).
 */
export function measureOperation(
  document: DocumentNode,
  operationName: string | undefined,
  variables: Readonly<Record<string, unknown>> = {},
): OperationMeasure | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation) return undefined;
  let aliases = 0;
  let introspection = false;
  const counted = new Set<FieldNode>();

  const walk = (set: SelectionSetNode, depth: number, seen: ReadonlySet<string>): { depth: number; cost: number } => {
    let maxDepth = depth;
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.alias && !counted.has(selection)) aliases += 1;
        counted.add(selection);
        const name = selection.name.value;
        if (name === '__schema' || name === '__type') introspection = true;
        if (selection.selectionSet) {
          const below = walk(selection.selectionSet, depth + 1, seen);
          maxDepth = Math.max(maxDepth, below.depth);
          cost += 1 + (sizeArgument(selection, variables) ?? DEFAULT_LIST_SIZE) * below.cost;
        } else {
          maxDepth = Math.max(maxDepth, depth);
          cost += 1;
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const below = walk(selection.selectionSet, depth, seen);
        maxDepth = Math.max(maxDepth, below.depth);
        cost += below.cost;
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || seen.has(name)) continue;
        const below = walk(fragment.selectionSet, depth, new Set([...seen, name]));
        maxDepth = Math.max(maxDepth, below.depth);
        cost += below.cost;
      }
    }
    return { depth: maxDepth, cost };
  };

  const result = walk(operation.selectionSet, 1, new Set());
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
  const measure = measureOperation(document, typeof operationName === 'string' ? operationName : undefined, vars);
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
