export * from './activation-events';
export * from './discover-extensions';
export * from './extension-host';
export * from './extension-runtime';
export * from './extension-state';
export * from './manifest-cache';
export * from './resolve-dependencies';
export * from './symphony-extension';
