export * from './federation';
export * from './subgraph.options';
