export * from './embeddings/index.js';
export * from './faults/index.js';
export * from './protocol.js';
export * from './rate-limit/index.js';
export * from './scripted/index.js';
export * from './timing/index.js';
export * from './tokens/index.js';
export * from './wire/index.js';
