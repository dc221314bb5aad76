import {
  type ChatResponseIdentity,
  chatCompletionId,
  completionId,
  type ResponseIdentity,
} from '@tokenpace/core';
import type { EmulatorServices } from '../plugins/services.js';

/** Tiers the API echoes; `auto` (or anything else) is answered as `default`, as the API does. */
const ECHOED_TIERS = new Set(['default', 'flex', 'scale', 'priority']);

function createdSeconds(services: EmulatorServices): number {
  return Math.floor(services.clock.epochMs() / 1000);
}

export function chatIdentity(
  services: EmulatorServices,
  model: string,
  requestedTier: string | null | undefined,
): ChatResponseIdentity {
  return {
    id: chatCompletionId(services.rngs.ids),
    created: createdSeconds(services),
    model,
    systemFingerprint: services.systemFingerprint,
    serviceTier: requestedTier && ECHOED_TIERS.has(requestedTier) ? requestedTier : 'default',
  };
}

export function completionIdentity(services: EmulatorServices, model: string): ResponseIdentity {
  return { id: completionId(services.rngs.ids), created: createdSeconds(services), model };
}
