import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The stages of every API request, in the order they run. Admission (the exchange, CORS, auth, the concurrency
 * gate's `onRequest`) happens as the request arrives; these run once its body is parsed, before the route plans
 * and delivers the answer; recording (metrics, ground truth, the log line) happens as the response closes.
 * A feature contributes to a stage; its place in `app.ts` does not decide when it runs.
 */
export const REQUEST_STAGES = [
  /** X-TTFT-MS, X-ITL-MS and X-OUTPUT-LENGTH over the configured defaults. */
  'resolve-timing',
  /** A matching scripted rule: its timing, text, errors and faults. */
  'apply-rules',
  /** The concurrency limit and the stream-duration limit, which read the resolved timing. */
  'limit',
  /** Token and request rate limits, which read the output length. */
  'rate-limit',
  /** Injected errors and delivery faults, which read the rule. */
  'choose-faults',
  /** Observers that need the outcome of every earlier stage (metrics). */
  'observe',
] as const;
export type RequestStage = (typeof REQUEST_STAGES)[number];

/** One feature's part of a stage: a callback hook, so that the common case costs no promise. */
export type StageHook = (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => void;

/** A hook written as an async function, as a stage hook. */
export function asyncStageHook(
  hook: (request: FastifyRequest, reply: FastifyReply) => Promise<void>,
): StageHook {
  return (request, reply, done) => {
    hook(request, reply).then(() => done(), done);
  };
}

/**
 * The stage hooks of a server, run as one `preHandler` in the declared order of their stages (hooks of one
 * stage in the order they were added). A hook that fails ends the request with its error; later ones do not run.
 */
export class RequestPipeline {
  readonly #hooks = new Map<RequestStage, StageHook[]>(REQUEST_STAGES.map((stage) => [stage, []]));
  #ordered: StageHook[] = [];

  add(stage: RequestStage, hook: StageHook): void {
    (this.#hooks.get(stage) as StageHook[]).push(hook);
    this.#ordered = REQUEST_STAGES.flatMap((name) => this.#hooks.get(name) as StageHook[]);
  }

  /** The stages that have hooks, in the order they run. */
  get activeStages(): RequestStage[] {
    return REQUEST_STAGES.filter((stage) => (this.#hooks.get(stage) as StageHook[]).length > 0);
  }

  run(request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void {
    const hooks = this.#ordered;
    let index = 0;
    const next = (error?: Error): void => {
      const hook = hooks[index];
      index += 1;
      if (error !== undefined && error !== null) done(error);
      else if (hook === undefined) done();
      else hook(request, reply, next);
    };
    next();
  }
}
