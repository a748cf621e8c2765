export * from './message-catalogue';
export * from './request-language';
export * from './request-scope';
