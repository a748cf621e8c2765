/** The framework-free core of monitoring: periods, indicators, suppression, partners' returns. */
export * from './benefits';
export * from './breakdowns';
export * from './indicators';
export * from './return-dataset';
export * from './return-validation';
export * from './return-workflow';
export * from './semester';
export * from './suppression';
