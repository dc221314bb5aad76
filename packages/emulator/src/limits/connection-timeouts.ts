import type { Server } from 'node:http';
import type { Limits } from '../config/config-schema.js';

/** Node checks its header and request timeouts on this period at most; its default, 30 s, made a 3 s timeout 90 s. */
const MAX_CHECK_INTERVAL_MS = 1_000;

/**
 * Gives the HTTP server the headers timeout in seconds (Node answers 408 through the client-error handler and
 * closes) and checks it often enough to hold it to about a second. Set before `listen`, which reads the
 * checking interval. The body's own timeout is the body reader's (limits.bodyTimeoutS).
 */
export function applyConnectionTimeouts(server: Server, limits: Limits): void {
  const requestTimeoutMs = server.requestTimeout;
  // Node's headers bound may not pass its whole-request bound (limits.requestTimeoutMs).
  const headersTimeoutMs =
    requestTimeoutMs > 0
      ? Math.min(requestTimeoutMs, Math.round(limits.headersTimeoutS * 1000))
      : Math.round(limits.headersTimeoutS * 1000);
  server.headersTimeout = headersTimeoutMs;
  // A property of every Node server since 18.10, read when it starts listening; @types/node lists it as an option only.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.max(
    50,
    Math.min(MAX_CHECK_INTERVAL_MS, Math.floor(headersTimeoutMs / 4)),
  );
}
