/** Semiannual report snapshots and their renderers (JSON, CSV, XLSX, PDF with charts). */
export * from './build-snapshot';
export * from './chart-renderer';
export * from './charts';
export * from './format';
export * from './partner-view';
export * from './pdf-definition';
export * from './render-csv';
export * from './render-json';
export * from './render-pdf';
export * from './render-xlsx';
export * from './report-snapshot';
export * from './sample-snapshot';
export * from './report-words';
