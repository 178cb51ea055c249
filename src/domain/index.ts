export * from './types';
export * from './events';
export * from './commands';
export * from './state';
export * from './policy';
export * from './divisions';
export * from './decide';
export * from './evolve';
