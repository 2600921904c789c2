export * from './permission-names';
export * from './permission-denied';
export * from './real-path';
export * from './scope-matchers';
export * from './permission-set';
export * from './permission-policy';
export * from './permission-gate';
export * from './audit-log';
