export * from './http-metrics';
export * from './metrics';
export * from './side-server';
