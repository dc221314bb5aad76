import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import type { FastifyRequest } from 'fastify';
import type { ApiError } from '../errors/api-error.js';
import {
  BodyMemoryLimitError,
  BodyTimeoutError,
  BodyTooLargeError,
  InvalidJsonError,
  JsonTooComplexError,
  MalformedRequestError,
} from '../errors/catalogue.js';
import type { BodyBudget } from '../limits/body-budget.js';
import type { BodyDeadlines } from './body-deadlines.js';
import { type JsonShapeBounds, JsonShapeScan } from './json-shape-scan.js';

export interface BodyReaderOptions {
  limitBytes: number;
  timeoutS: number;
  shape: JsonShapeBounds;
  budget: BodyBudget;
  /** Where the body timeouts wait: one timer for every request being read. */
  deadlines: BodyDeadlines;
  overloadStatus: 429 | 503;
  retryAfterMs: number;
}

type Done = (error: Error | null, body?: unknown) => void;

declare module 'fastify' {
  interface FastifyRequest {
    /** Bytes this request holds of the body budget, given back when its response closes. */
    bodyBytesHeld: number;
  }
}

const CLOSE = { connection: 'close' } as const;

/**
 * fastify's parser for every content type: reads the body as JSON (the API parses form-encoded `curl -d` bodies
 * too) and bounds what it can cost before it is parsed. It refuses, each with its error from the catalogue: a
 * body above the size limit (by its content-length, or once that many bytes came), one that would pass the
 * process's body budget, one nested too deep or made of too many values (found by {@link JsonShapeScan} as the
 * bytes arrive), one still arriving after the body timeout, and invalid UTF-8 or JSON. `JSON.parse` makes
 * `__proto__` and `constructor` keys plain own properties, validated like any other field. A refusal before
 * the end of the body closes the connection, so the rest is never read.
 */
export function createBodyReader(options: BodyReaderOptions) {
  const { limitBytes, timeoutS, shape, budget, deadlines, overloadStatus, retryAfterMs } = options;
  const timeoutMs = timeoutS * 1000;
  const overBudget = (): ApiError =>
    new BodyMemoryLimitError(overloadStatus, budget.limitBytes, retryAfterMs);

  return function readJsonBody(request: FastifyRequest, payload: NodeJS.ReadableStream, done: Done): void {
    const declared = Number(request.headers['content-length']);
    const known = Number.isInteger(declared) && declared >= 0;
    if (known && declared > limitBytes) {
      done(new BodyTooLargeError(limitBytes, CLOSE));
      return;
    }
    if (known) {
      if (!budget.tryReserve(declared)) {
        done(overBudget());
        return;
      }
      request.bodyBytesHeld = declared;
    }
    const scan = new JsonShapeScan(shape);
    // Decoding (and checking UTF-8) chunk by chunk spreads the work of a large body over its arrival, rather
    // than copying and decoding tens of MB in the turn that parses it.
    let decoder: TextDecoder | null = null;
    let text = '';
    let received = 0;
    let settled = false;

    const cleanUp = (): void => {
      settled = true;
      deadlines.remove(request);
      payload.removeListener('data', onData);
      payload.removeListener('end', onEnd);
      payload.removeListener('error', onError);
    };
    const fail = (error: Error): void => {
      if (settled) return;
      cleanUp();
      done(error);
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > limitBytes) {
        fail(new BodyTooLargeError(limitBytes, CLOSE));
        return;
      }
      if (!known) {
        if (!budget.tryReserve(chunk.length)) {
          fail(overBudget());
          return;
        }
        request.bodyBytesHeld += chunk.length;
      }
      const problem = scan.push(chunk);
      if (problem !== null) {
        fail(new JsonTooComplexError(problem, problem === 'depth' ? shape.maxDepth : shape.maxValues));
        return;
      }
      // Invalid UTF-8 is refused as the API refuses it, not turned into U+FFFD.
      if (decoder === null && chunk.length === received && received === declared) {
        // The whole body in one chunk, the common case: checking and decoding it at once is twice as fast.
        if (isUtf8(chunk)) text = chunk.toString('utf8');
        else fail(new InvalidJsonError());
        return;
      }
      decoder ??= new TextDecoder('utf-8', { fatal: true });
      try {
        text += decoder.decode(chunk, { stream: true });
      } catch {
        fail(new InvalidJsonError());
      }
    };
    const onEnd = (): void => {
      if (settled) return;
      cleanUp();
      let body: unknown;
      try {
        body = JSON.parse(decoder === null ? text : text + decoder.decode());
      } catch {
        done(new InvalidJsonError());
        return;
      }
      done(null, body);
    };
    // The client went away mid-body (or sent broken chunked framing): a 400, as fastify answers, not a 500.
    const onError = (): void =>
      fail(new MalformedRequestError(400, 'The request body was not received completely.'));
    deadlines.add(request, performance.now() + timeoutMs, () => fail(new BodyTimeoutError(timeoutS)));
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onError);
  };
}
