/** The questionnaire's domain: the screening engine and the bands that keep events anonymous. No Nest, no TypeORM. */
export * from './engine';
export * from './bands';
