export * from './foundation.js';
export * from './registry.js';
export * from './files.js';
export * from './hazards.js';
export * from './inspections.js';
