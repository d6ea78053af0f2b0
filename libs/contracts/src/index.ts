export * from './modules.js';
export * from './topics.js';
export * from './reason-codes.js';
export * from './problem-codes.js';
export * from './events.js';
