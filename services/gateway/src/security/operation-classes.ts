/**
 * Operations limited beyond the general per-caller limit, each the same on both APIs: the REST
 * route and the GraphQL root fields that do the same thing draw on one bucket per caller, so that
 * neither API is a way round the other's limit.
 *
 * - `resume-code`: a lookup by resume code is a guess at a code (8 characters, 30 days).
 * - `screening`: starting a screening or evaluating facts runs the screening engine, anonymously;
 *   printing a take-away sheet runs it too, and renders a PDF.
 */
export const OPERATION_CLASSES = ['resume-code', 'screening'] as const;
export type OperationClass = (typeof OPERATION_CLASSES)[number];

interface RestRoute {
  readonly methods: readonly string[];
  readonly path: RegExp;
}

export const REST_OPERATIONS: Readonly<Record<OperationClass, readonly RestRoute[]>> = {
  'resume-code': [{ methods: ['GET', 'HEAD'], path: /^\/api\/v1\/screenings\/by-code\/[^/]+\/?$/ }],
  screening: [
    { methods: ['POST'], path: /^\/api\/v1\/screenings(?:\/evaluate(?:\/sheet)?)?\/?$/ },
    { methods: ['GET', 'HEAD'], path: /^\/api\/v1\/screenings\/[^/]+\/sheet\/?$/ },
  ],
};

export const GRAPHQL_OPERATIONS: Readonly<Record<OperationClass, readonly string[]>> = {
  'resume-code': ['screeningByResumeCode'],
  screening: ['startScreening', 'evaluateFacts'],
};

const byField = new Map<string, OperationClass>(OPERATION_CLASSES.flatMap((c) => GRAPHQL_OPERATIONS[c].map((f) => [f, c] as const)));

/** The class of a REST request, by method and path (without the query string). */
export function restOperationClass(method: string, pathname: string): OperationClass | undefined {
  return OPERATION_CLASSES.find((c) => REST_OPERATIONS[c].some((r) => r.methods.includes(method) && r.path.test(pathname)));
}

/** The class of a GraphQL root field, by its name (never its alias). */
export function graphqlOperationClass(field: string): OperationClass | undefined {
  return byField.get(field);
}
