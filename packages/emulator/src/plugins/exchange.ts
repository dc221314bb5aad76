import type { ServerResponse } from 'node:http';
import type { ResolvedTiming, TokenPieces } from '@tokenpace/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyPlugin from 'fastify-plugin';

/** What one request turned out to be, filled in as it is served; read by the headers and the log line. */
export interface Exchange {
  /** Clock time (ms) when the request arrived, before its body was read: t0 of every deadline. */
  arrivalMs: number;
  model: string | null;
  stream: boolean;
  timing: ResolvedTiming | null;
  /** Completion tokens over all choices, once known. */
  completionTokens: number | null;
  /** Completion tokens of each choice, once planned: what a stream cut after k steps has sent is Σ min(tokens, k). */
  choiceTokens: readonly number[] | null;
  /** Prompt (or embedding input) tokens, once counted. */
  promptTokens: number | null;
  /** `finish_reason` of the first choice (`stop` or `length`; `stop` for embeddings), once planned. */
  finishReason: string | null;
  /** Clock time (ms) at which a non-streamed body is due, once delivery has it; null for streams. */
  bodyDueMs: number | null;
  /** Worst lateness of a token or of the body, µs, once sent. */
  maxLatenessUs: number | null;
  /** How long a stream waited for its client to read (full socket buffer), ms, once it ended. */
  blockedMs: number | null;
  /** How a stream ended (`completed`, `client_gone`, `interrupted`, `stalled`, `destroyed`), once it did. */
  streamEnd: string | null;
  /** Stable reason of the error answered with, for the log line. */
  errorReason: string | null;
  /**
   * What went wrong on purpose, for the log line, metrics and the ground truth: `error:<kind>` for an injected
   * error (`error:overloaded`), else the kinds of the delivery faults applied joined by `+` (`stall+disconnect`;
   * the `x-tokenpace-fault` response header has their parameters); null when none.
   */
  fault: string | null;
  /** Headers plugins add to this response after OpenAI's (rate limits, CORS, the fault applied); streams too. */
  extraHeaders: Record<string, string> | null;
  /** Text a scripted rule answers with instead of generated output, split into token pieces; null otherwise. */
  scriptedText: TokenPieces | null;
}

/** Runs once when a request's response closes (ended, or abandoned by its client). */
export type ResponseCloseListener = (request: FastifyRequest, response: ServerResponse) => void;

export interface ExchangeState {
  /**
   * Adds a listener that runs when any request's response closes, after those added before it. Every request
   * gets one `close` listener on its response that calls them all, rather than one per plugin.
   */
  onResponseClose(listener: ResponseCloseListener): void;
}

declare module 'fastify' {
  interface FastifyRequest {
    exchange: Exchange;
  }
  interface FastifyInstance {
    tokenpaceExchange: ExchangeState;
  }
}

async function exchange(app: FastifyInstance): Promise<void> {
  const clock = app.tokenpace.clock;
  const closeListeners: ResponseCloseListener[] = [];
  app.decorateRequest('exchange', null as unknown as Exchange);
  app.decorate('tokenpaceExchange', {
    onResponseClose: (listener: ResponseCloseListener) => {
      closeListeners.push(listener);
    },
  });
  // onRequest runs before the body is read, so t0 is the arrival of the request, not of its last byte. A
  // callback hook: it runs on every request and needs no promise.
  app.addHook('onRequest', (request, reply, done) => {
    request.exchange = {
      arrivalMs: clock.now(),
      model: null,
      stream: false,
      timing: null,
      completionTokens: null,
      choiceTokens: null,
      promptTokens: null,
      finishReason: null,
      bodyDueMs: null,
      maxLatenessUs: null,
      blockedMs: null,
      streamEnd: null,
      errorReason: null,
      fault: null,
      extraHeaders: null,
      scriptedText: null,
    };
    if (closeListeners.length > 0) {
      const response = reply.raw;
      // `on`, not `once`: a response closes once, and `once` would wrap the listener per request.
      response.on('close', () => {
        for (const listener of closeListeners) listener(request, response);
      });
    }
    done();
  });
}

export default fastifyPlugin(exchange, {
  name: 'tokenpace-exchange',
  fastify: '5.x',
  dependencies: ['tokenpace-services'],
});
