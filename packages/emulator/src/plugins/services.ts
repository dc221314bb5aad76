import { createRng, type Rng, systemFingerprint } from '@tokenpace/core';
import type { FastifyInstance } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import type { Clock } from '../clock.js';
import type { EmulatorConfig } from '../config/config-schema.js';
import { DeliveryHooks } from '../delivery/delivery-hooks.js';
import { DueReplies } from '../delivery/due-replies.js';
import { InFlightResponses } from '../delivery/in-flight.js';
import { PromptCounter } from '../generation/prompt-counter.js';
import { ModelCatalogue } from '../models/model-catalogue.js';
import { StreamScheduler } from '../scheduler/stream-scheduler.js';

/** The server's random sources, split by purpose so that one never shifts another's sequence. */
export interface ServerRngs {
  /** Samples of distribution-valued TTFT and ITL. */
  timing: Rng;
  /** Request, completion and fingerprint ids. */
  ids: Rng;
  /** Output seeds of requests that bring no `seed`. */
  outputSeeds: Rng;
}

export interface EmulatorServices {
  config: EmulatorConfig;
  clock: Clock;
  scheduler: StreamScheduler;
  /** Non-streamed replies already due, sent together on the next turn of the event loop. */
  dueReplies: DueReplies;
  /** Every open stream and waiting response: shutdown, limits and `/stats` read it. */
  inFlight: InFlightResponses;
  /** This process's place in the server: worker `index` of `count` processes sharing the port (1 in-process). */
  worker: WorkerPlace;
  /** Prompt tokens of requests: exact (large prompts off the event loop) or estimated. */
  promptCounter: PromptCounter;
  /** Observers every stream gets (metrics, ground truth): plugins add their factories at start. */
  deliveryHooks: DeliveryHooks;
  rngs: ServerRngs;
  models: ModelCatalogue;
  /** `system_fingerprint` of every chat response: one backend configuration per server. */
  systemFingerprint: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    tokenpace: EmulatorServices;
  }
}

/** Salts that give each purpose its own generator from the one configured seed. */
const RNG_SALTS = { timing: 0, ids: 0x51_7c_c1_b7, outputSeeds: 0x2b_d5_f1_9d } as const;

export interface WorkerPlace {
  index: number;
  count: number;
}

/**
 * The server's shared state, built once per app from its configuration. Worker `index` of a multi-process
 * server seeds its generators with `config.seed + index`, so that workers never repeat each other's ids;
 * worker 0 and a single process draw the same sequences.
 */
export function createServices(
  config: EmulatorConfig,
  clock: Clock,
  worker: WorkerPlace = { index: 0, count: 1 },
): EmulatorServices {
  const seed = config.seed + worker.index;
  const ids = createRng(seed + RNG_SALTS.ids);
  const scheduler = new StreamScheduler(clock, { precisionWindowMs: config.precisionWindowMs });
  return {
    config,
    clock,
    scheduler,
    dueReplies: new DueReplies(clock, scheduler.lateness),
    inFlight: new InFlightResponses(clock, { maxBlockedMs: config.limits.maxBlockedMs }),
    worker,
    promptCounter: new PromptCounter(config.promptTokens),
    deliveryHooks: new DeliveryHooks(),
    rngs: {
      timing: createRng(seed + RNG_SALTS.timing),
      ids,
      outputSeeds: createRng(seed + RNG_SALTS.outputSeeds),
    },
    models: new ModelCatalogue(
      config.models,
      config.strictModels,
      Math.floor(clock.epochMs() / 1000),
      config.modelEncodings,
    ),
    systemFingerprint: systemFingerprint(ids),
  };
}

async function servicesPlugin(app: FastifyInstance, services: EmulatorServices): Promise<void> {
  app.decorate('tokenpace', services);
  app.addHook('onClose', async () => {
    services.scheduler.stop();
    services.inFlight.stop();
    await services.promptCounter.close();
  });
}

export default fastifyPlugin(servicesPlugin, { name: 'tokenpace-services', fastify: '5.x' });
