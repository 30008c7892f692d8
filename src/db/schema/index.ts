export * from './foundation.js';
export * from './registry.js';
