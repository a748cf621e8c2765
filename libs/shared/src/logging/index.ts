export * from './logger';
export * from './nest-logger.adapter';
export * from './request-context';
export * from './request-logging.middleware';
