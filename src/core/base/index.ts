export * from './disposable';
export * from './event';
export * from './result';
export * from './diagnostic';
