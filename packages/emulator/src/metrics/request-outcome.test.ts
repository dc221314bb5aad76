import { describe, expect, it } from 'vitest';
import type { Exchange } from '../plugins/exchange.js';
import { requestOutcome } from './request-outcome.js';
import type { StreamTiming } from './stream-timing.js';

function exchange(fields: Partial<Exchange>): Exchange {
  return {
    arrivalMs: 0,
    model: 'gpt-4o',
    stream: false,
    timing: null,
    completionTokens: 10,
    choiceTokens: [4, 6],
    promptTokens: 12,
    finishReason: 'stop',
    maxLatenessUs: null,
    blockedMs: null,
    streamEnd: null,
    errorReason: null,
    fault: null,
    extraHeaders: null,
    scriptedText: null,
    ...fields,
  } as Exchange;
}

const stream = (stepsWritten: number) => ({ stepsWritten }) as StreamTiming;
const sent = { statusCode: 200, headersSent: true, finished: true };

describe('requestOutcome', () => {
  it.each([
    ['completed', 'stop', { completed: true, clientAborted: false, finishedReason: 'stop', tokensSent: 10 }],
    [
      'client_gone',
      'stop',
      { completed: false, clientAborted: true, finishedReason: 'abort', tokensSent: 2 + 2 },
    ],
    ['stalled', 'stop', { completed: false, clientAborted: false, finishedReason: 'abort', tokensSent: 4 }],
    [
      'interrupted',
      'stop',
      { completed: false, clientAborted: false, finishedReason: 'error', tokensSent: 4 },
    ],
    [
      'destroyed',
      'length',
      { completed: false, clientAborted: false, finishedReason: 'error', tokensSent: 4 },
    ],
    [
      'completed',
      'length',
      { completed: true, clientAborted: false, finishedReason: 'length', tokensSent: 10 },
    ],
  ])('maps a stream that ended %s (first choice %s)', (end, finishReason, expected) => {
    const outcome = requestOutcome(exchange({ stream: true, streamEnd: end, finishReason }), sent, stream(2));
    expect(outcome).toEqual({ mode: 'stream', status: 200, ...expected });
  });

  it('counts what the steps written carried of each choice: Σ min(tokens, steps)', () => {
    expect(requestOutcome(exchange({ streamEnd: 'client_gone' }), sent, stream(5)).tokensSent).toBe(4 + 5);
    expect(requestOutcome(exchange({ streamEnd: 'client_gone' }), sent, stream(0)).tokensSent).toBe(0);
  });

  it('maps a body sent, a body never sent (499), an error body, and a request never planned', () => {
    expect(requestOutcome(exchange({}), sent, null)).toEqual({
      mode: 'unary',
      status: 200,
      completed: true,
      clientAborted: false,
      finishedReason: 'stop',
      tokensSent: 10,
    });
    expect(
      requestOutcome(exchange({}), { statusCode: 200, headersSent: false, finished: false }, null),
    ).toEqual({
      mode: 'unary',
      status: 499,
      completed: false,
      clientAborted: true,
      finishedReason: 'abort',
      tokensSent: 0,
    });
    expect(requestOutcome(exchange({}), { ...sent, statusCode: 503 }, null).finishedReason).toBe('error');
    expect(
      requestOutcome(exchange({ promptTokens: null }), { ...sent, statusCode: 400 }, null),
    ).toMatchObject({
      status: 400,
      finishedReason: null,
      tokensSent: 0,
    });
  });
});
