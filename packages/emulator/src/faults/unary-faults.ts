import type { FastifyReply, FastifyRequest } from 'fastify';
import { Deadline } from '../scheduler/deadline.js';
import type { StreamFaultEffect } from './stream-faults.js';

/** The stream's effect read for a body sent whole: every stall delays it, a disconnect or error replaces it. */
export interface UnaryFaultOutcome {
  /** The error body to send instead, with its status and headers; null to send the body. */
  error: { status: number; headers: Readonly<Record<string, string>>; body: string } | null;
  /** True when the connection was cut instead of answering. */
  cut: boolean;
}

/**
 * Applies delivery faults to a non-streamed response when it is due: waits out the stalls on the shared
 * scheduler, then cuts the connection (disconnect) or answers with the error (error). No-done and no-usage
 * concern streams only.
 */
export async function applyUnaryFaults(
  request: FastifyRequest,
  reply: FastifyReply,
  effect: StreamFaultEffect,
  errorResponse: () => { status: number; headers: Readonly<Record<string, string>>; body: string },
): Promise<UnaryFaultOutcome> {
  const stallMs = effect.stalls.reduce((total, [, delayMs]) => total + delayMs, 0);
  if (stallMs > 0) {
    const { scheduler, inFlight, clock } = request.server.tokenpace;
    const deadline = new Deadline(scheduler, clock.now() + stallMs, inFlight);
    const cancel = (): void => deadline.cancel();
    reply.raw.once('close', cancel);
    const outcome = await deadline.promise;
    reply.raw.removeListener('close', cancel);
    if (outcome.error !== null) throw outcome.error;
    if (!outcome.reached) return { error: null, cut: true };
  }
  if (effect.stop === 'disconnect') {
    reply.raw.destroy();
    return { error: null, cut: true };
  }
  if (effect.stop === 'error') return { error: errorResponse(), cut: false };
  return { error: null, cut: false };
}
