import cluster, { type Worker } from 'node:cluster';
import type { Admission, RateLimitSnapshot, RateLimits, Share } from '@tokenpace/core';
import { LocalTrafficState, type TrafficState } from './traffic-state.js';

/**
 * Messages between workers and the primary that holds the traffic state. Their own key keeps them apart from
 * every other use of the IPC channel.
 */
type TrafficRequest =
  | { tokenpaceTraffic: 'select'; id: number; key: string; numerator: number; denominator: number }
  | { tokenpaceTraffic: 'admit'; id: number; key: string; tokens: number }
  | { tokenpaceTraffic: 'peek'; id: number; key: string };
type TrafficAnswer = { tokenpaceTraffic: 'answer'; id: number; value: unknown };
type TrafficMessage = TrafficRequest | TrafficAnswer;

/** How long a worker waits for the primary before deciding on its own (and saying so once in the log). */
export const TRAFFIC_ANSWER_TIMEOUT_MS = 1_000;

function isTrafficMessage(message: unknown): message is TrafficMessage {
  return typeof message === 'object' && message !== null && 'tokenpaceTraffic' in message;
}

/**
 * In the primary of a multi-process server: holds the one traffic state every worker asks, so that an exact
 * ratio counts the requests of the whole server and a rate limit spends from one bucket per key.
 */
export function serveTrafficState(limits: RateLimits): void {
  const state = new LocalTrafficState(limits, () => performance.now());
  cluster.on('message', (worker: Worker, message: unknown) => {
    if (!isTrafficMessage(message) || message.tokenpaceTraffic === 'answer') return;
    let value: unknown;
    switch (message.tokenpaceTraffic) {
      case 'select':
        value = state.selectExact(message.key, {
          numerator: message.numerator,
          denominator: message.denominator,
        });
        break;
      case 'admit':
        value = state.admit(message.key, message.tokens);
        break;
      case 'peek':
        value = state.peek(message.key);
        break;
    }
    if (worker.isConnected())
      worker.send({ tokenpaceTraffic: 'answer', id: message.id, value } satisfies TrafficAnswer);
  });
}

/**
 * In a worker: the traffic state of the primary, asked over IPC. When the primary does not answer in time, the
 * worker answers from its own state (`fallback`), and `onFallback` is told once.
 */
export class ClusterTrafficState implements TrafficState {
  readonly #fallback: TrafficState;
  readonly #onFallback: (error: Error) => void;
  readonly #waiting = new Map<
    number,
    { resolve: (value: unknown) => void; timer: NodeJS.Timeout; fallback: () => unknown }
  >();
  #nextId = 1;
  #warned = false;

  constructor(fallback: TrafficState, onFallback: (error: Error) => void) {
    this.#fallback = fallback;
    this.#onFallback = onFallback;
    process.on('message', (message: unknown) => {
      if (!isTrafficMessage(message) || message.tokenpaceTraffic !== 'answer') return;
      const waiting = this.#waiting.get(message.id);
      if (waiting === undefined) return;
      this.#waiting.delete(message.id);
      clearTimeout(waiting.timer);
      waiting.resolve(message.value);
    });
  }

  selectExact(key: string, share: Share): Promise<boolean> {
    return this.#ask(
      { tokenpaceTraffic: 'select', id: 0, key, numerator: share.numerator, denominator: share.denominator },
      () => this.#fallback.selectExact(key, share),
    ) as Promise<boolean>;
  }

  admit(key: string, tokens: number): Promise<Admission> {
    return this.#ask({ tokenpaceTraffic: 'admit', id: 0, key, tokens }, () =>
      this.#fallback.admit(key, tokens),
    ) as Promise<Admission>;
  }

  peek(key: string): Promise<RateLimitSnapshot> {
    return this.#ask({ tokenpaceTraffic: 'peek', id: 0, key }, () =>
      this.#fallback.peek(key),
    ) as Promise<RateLimitSnapshot>;
  }

  #ask(request: TrafficRequest, fallback: () => unknown): Promise<unknown> {
    const id = this.#nextId++;
    return new Promise((resolve) => {
      const decideHere = (error: Error): void => {
        if (!this.#waiting.delete(id)) return;
        if (!this.#warned) {
          this.#warned = true;
          this.#onFallback(error);
        }
        resolve(fallback());
      };
      const timer = setTimeout(
        () => decideHere(new Error(`no answer from the primary within ${TRAFFIC_ANSWER_TIMEOUT_MS} ms`)),
        TRAFFIC_ANSWER_TIMEOUT_MS,
      );
      timer.unref();
      this.#waiting.set(id, { resolve, timer, fallback });
      process.send?.({ ...request, id }, (error: Error | null) => {
        if (error) {
          clearTimeout(timer);
          decideHere(error);
        }
      });
    });
  }
}
