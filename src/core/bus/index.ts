export * from './bus-message';
export * from './channel-pattern';
export * from './delivery-queue';
export * from './middleware';
export * from './message-bus';
export * from './durable-log';
export * from './service-registry';
export * from './json-schema-validator';
