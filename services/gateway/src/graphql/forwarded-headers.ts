/**
 * Headers passed from the client to subgraphs (GraphQL) and services (REST): credentials each
 * service verifies itself, and the request id that ties the logs together. Nothing that claims an
 * identity (user, organisation, address) is ever added or forwarded.
 */
export const FORWARDED_HEADERS = ['authorization', 'x-api-key', 'x-request-id', 'accept-language'] as const;
