import type { Fault } from '@tokenpace/core';
import { SSE_DONE } from '../delivery/sse.js';
import type { StreamPlan } from '../delivery/token-stream.js';

/** What the faults of one stream do to it, in plan terms. */
export interface StreamFaultEffect {
  /** Content tokens (steps) sent before the stream is cut or fails; null when it runs to its end. */
  stopAfterSteps: number | null;
  /** How it stops there: an error event then a proper end, or a cut connection. */
  stop: 'error' | 'disconnect' | null;
  /** The error event's fault, when `stop` is `error`. */
  errorFault: Extract<Fault, { kind: 'error' }> | null;
  /** `[stepFrom, delayMs]`: steps from `stepFrom` on go out `delayMs` later. */
  stalls: readonly (readonly [number, number])[];
  omitDone: boolean;
  omitUsage: boolean;
}

/** Folds a stream's faults into one effect: the first disconnect or error listed stops it, stalls add up. */
export function streamFaultEffect(faults: readonly Fault[]): StreamFaultEffect {
  let stopAfterSteps: number | null = null;
  let stop: StreamFaultEffect['stop'] = null;
  let errorFault: StreamFaultEffect['errorFault'] = null;
  const stalls: [number, number][] = [];
  let omitDone = false;
  let omitUsage = false;
  for (const fault of faults) {
    switch (fault.kind) {
      case 'disconnect':
      case 'error':
        if (stop !== null) break;
        stop = fault.kind === 'error' ? 'error' : 'disconnect';
        stopAfterSteps = fault.afterTokens;
        if (fault.kind === 'error') errorFault = fault;
        break;
      case 'stall':
        stalls.push([fault.afterTokens, fault.stallMs]);
        break;
      case 'no-done':
        omitDone = true;
        break;
      case 'no-usage':
        omitUsage = true;
        break;
    }
  }
  return { stopAfterSteps, stop, errorFault, stalls, omitDone, omitUsage };
}

/**
 * The trailer without the parts the faults leave out. A trailer is the usage event (with include_usage), then
 * `data: [DONE]`.
 */
function trimmedTrailer(trailer: string, omitUsage: boolean, omitDone: boolean): string {
  const hasDone = trailer.endsWith(SSE_DONE);
  const usage = hasDone ? trailer.slice(0, -SSE_DONE.length) : trailer;
  return (omitUsage ? '' : usage) + (hasDone && !omitDone ? SSE_DONE : '');
}

/**
 * The plan of a faulted stream. Step i still carries content token i, so observers count tokens as usual:
 * - a disconnect or error after k tokens keeps steps 0 … k−1; right after step k−1 (or at once for k = 0)
 *   the connection is cut, or the error event is sent and the response ends. Past the last token, the
 *   trailer (usage, `[DONE]`) is what is cut or replaced;
 * - a stall after k tokens moves steps k … on by its delay (a stall at or past the last token delays nothing);
 * - no-done and no-usage leave those events out of the trailer.
 * `errorEvent` renders the error event of an error fault.
 */
export function applyStreamFaults(
  plan: StreamPlan,
  effect: StreamFaultEffect,
  errorEvent: (fault: Extract<Fault, { kind: 'error' }>) => string,
): StreamPlan {
  const stepCount =
    effect.stopAfterSteps === null
      ? plan.offsetsMs.length
      : Math.min(effect.stopAfterSteps, plan.offsetsMs.length);
  const offsetsMs = plan.offsetsMs.slice(0, stepCount);
  for (const [fromStep, delayMs] of effect.stalls) {
    for (let step = fromStep; step < stepCount; step++)
      offsetsMs[step] = (offsetsMs[step] as number) + delayMs;
  }
  if (effect.stop === 'disconnect') {
    return { ...plan, offsetsMs, renderTrailer: () => '', end: 'destroyed' };
  }
  const errorFault = effect.errorFault;
  if (effect.stop === 'error' && errorFault !== null) {
    // Rendered when it is sent: an API that numbers its events gives the error the next number.
    return { ...plan, offsetsMs, renderTrailer: () => errorEvent(errorFault), end: 'interrupted' };
  }
  if (!effect.omitDone && !effect.omitUsage) return { ...plan, offsetsMs };
  const renderTrailer = (): string =>
    plan.renderTrimmedTrailer?.(effect.omitUsage, effect.omitDone) ??
    trimmedTrailer(plan.renderTrailer(), effect.omitUsage, effect.omitDone);
  return { ...plan, offsetsMs, renderTrailer };
}
