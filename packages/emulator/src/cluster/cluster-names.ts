// Names the primary and its workers share. Kept apart from both, so that the primary loads none of the server.

/** Environment the primary gives each worker: its index and the number of workers. */
export const WORKER_INDEX_ENV = 'TOKENPACE_WORKER_INDEX';
export const WORKER_COUNT_ENV = 'TOKENPACE_WORKER_COUNT';

/**
 * A worker asks this once its modules are loaded, and builds its app and listens once answered: the primary
 * answers when it has validated the configuration and serves the state workers share (see forkWorkers).
 */
export const START_TOPIC = 'start';
