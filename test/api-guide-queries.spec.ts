/**
 * Every GraphQL operation shown in docs/api.md goes through the real gateway (its default limits,
 * the committed supergraph) in front of the three services: none may be refused as too deep, too
 * costly, with too many aliases or too large, and every one must be valid against the supergraph.
 * Queries are run as central and must answer without errors; mutations are checked without being
 * run (sent as GET, which the gateway refuses as a mutation only after its limits have passed them),
 * because the guide's examples carry placeholder ids ("…").
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildASTSchema, Kind, parse, print, validate, type DefinitionNode, type OperationDefinitionNode } from 'graphql';
import { readCommittedSupergraph } from '../services/gateway/src/graphql/supergraph.loader';
import { startGateway, startStack, type RunningGateway, type Stack } from '../services/gateway/test/stack';

jest.setTimeout(300_000);

interface GuideOperation {
  readonly name: string;
  readonly kind: OperationDefinitionNode['operation'];
  readonly document: string;
}

/** The operations of every ```graphql block of the guide, each printed alone with the block's fragments. */
function guideOperations(): GuideOperation[] {
  const guide = readFileSync(join(__dirname, '..', 'docs', 'api.md'), 'utf8');
  const blocks = [...guide.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);
  return blocks.flatMap((block, b) => {
    const definitions = parse(block).definitions;
    const fragments = definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
    return definitions
      .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
      .map((operation, i) => {
        const root = operation.selectionSet.selections.map((s) => (s.kind === Kind.FIELD ? s.name.value : '…')).join(', ');
        const document = print({ kind: Kind.DOCUMENT, definitions: [operation, ...fragments] as DefinitionNode[] });
        return { name: `block ${b + 1} #${i + 1} ${operation.operation} { ${root} }`, kind: operation.operation, document };
      });
  });
}

const LIMIT_CODES = ['QUERY_TOO_DEEP', 'QUERY_TOO_COSTLY', 'TOO_MANY_ALIASES', 'QUERY_TOO_LARGE', 'BATCH_TOO_LARGE'];
const OPERATIONS = guideOperations();

describe('the GraphQL operations of docs/api.md through the gateway', () => {
  let stack: Stack;
  let gw: RunningGateway;
  let central: string;
  const schema = buildASTSchema(parse(readCommittedSupergraph()), { assumeValidSDL: true });

  beforeAll(async () => {
    stack = await startStack();
    gw = await startGateway(stack);
    central = await stack.tokens.central();
  });
  afterAll(async () => {
    await gw?.close();
    await stack?.close();
  });

  it('finds the guide’s operations, the monitoring ones among them', () => {
    expect(OPERATIONS.length).toBeGreaterThanOrEqual(7);
    expect(OPERATIONS.some((o) => /territory/.test(o.name) && o.document.includes('indicators'))).toBe(true);
  });

  it.each(OPERATIONS.map((o) => [o.name, o] as const))('%s: valid, within the limits, and a query answers without errors', async (_name, operation) => {
    expect(validate(schema, parse(operation.document)).map((e) => e.message)).toEqual([]);
    if (operation.kind === 'mutation') {
      const res = await gw.http.get('/graphql').query({ query: operation.document }).set('authorization', `Bearer ${central}`);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('MUTATION_NOT_ALLOWED');
      return;
    }
    const res = await gw.http.post('/graphql').set('authorization', `Bearer ${central}`).send({ query: operation.document });
    const codes = ((res.body.errors ?? []) as { extensions?: { code?: string } }[]).map((e) => e.extensions?.code);
    expect(codes.filter((c) => LIMIT_CODES.includes(c ?? ''))).toEqual([]);
    expect(res.body.errors).toBeUndefined();
    expect(res.status).toBe(200);
    expect(res.body.data).toBeDefined();
  });
});
