#!/usr/bin/env node
// A minimal timed SSE sender, the floor the emulator's streaming can be compared with: one timer and a
// deadline heap for all streams (with the emulator's 1 ms precision window), precomputed chunks, no
// framework, no planning. MODE selects how a token reaches the socket:
//   response  ServerResponse.write(event): Node's HTTP layer frames the chunk (as the emulator does);
//   socket    socket.write(framed event): the chunk framing is written by hand, one write per token.
//
//   node bench/lib/reference-sender.mjs response|socket PORT
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BENCH_DIR } from './stats.mjs';

const protocol = await import(
  pathToFileURL(join(BENCH_DIR, '..', 'packages', 'core', 'dist', 'protocol.js')).href
);
const [mode, port] = process.argv.slice(2);
if (mode !== 'response' && mode !== 'socket') throw new Error(`mode must be response or socket, got ${mode}`);
/** The emulator's default; PRECISION_WINDOW_MS=0 turns the busy wait off, as --precision-window-ms 0 does there. */
const PRECISION_WINDOW_MS = Number(process.env.PRECISION_WINDOW_MS ?? 1);

// Chunks shaped and sized like the emulator's.
const identity = {
  id: 'chatcmpl-Bq7x2K9mLpQ4rT1vZ8nW3yH6jD5cF',
  object: 'chat.completion.chunk',
  created: 1_767_225_600,
  model: 'gpt-4o-mini',
  service_tier: 'default',
  system_fingerprint: 'fp_a1b2c3d4e5',
};
const event = (delta, finishReason = null) =>
  `data: ${JSON.stringify({ ...identity, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] })}\n\n`;
const ROLE_EVENT = event({ role: 'assistant', content: '', refusal: null });
const TOKEN_EVENT = event({ content: ' word' });
const TRAILER = `${event({}, 'stop')}data: [DONE]\n\n`;
const FRAMED_TOKEN = `${Buffer.byteLength(TOKEN_EVENT).toString(16)}\r\n${TOKEN_EVENT}\r\n`;

/** Min-heap of streams by `dueMs`. */
const heap = [];
function push(stream) {
  heap.push(stream);
  for (let index = heap.length - 1; index > 0; ) {
    const parent = (index - 1) >> 1;
    if (heap[parent].dueMs <= heap[index].dueMs) break;
    [heap[parent], heap[index]] = [heap[index], heap[parent]];
    index = parent;
  }
}
function pop() {
  const top = heap[0];
  const last = heap.pop();
  if (heap.length > 0) {
    heap[0] = last;
    for (let index = 0; ; ) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < heap.length && heap[left].dueMs < heap[smallest].dueMs) smallest = left;
      if (right < heap.length && heap[right].dueMs < heap[smallest].dueMs) smallest = right;
      if (smallest === index) break;
      [heap[smallest], heap[index]] = [heap[index], heap[smallest]];
      index = smallest;
    }
  }
  return top;
}

let timer = null;
let immediate = null;
function arm() {
  if (heap.length === 0 || immediate !== null) return;
  const delayMs = heap[0].dueMs - performance.now();
  if (delayMs <= PRECISION_WINDOW_MS) {
    clearTimeout(timer);
    timer = null;
    immediate = setImmediate(wake);
  } else if (timer === null) {
    timer = setTimeout(wake, Math.max(1, Math.floor(delayMs - PRECISION_WINDOW_MS)));
  }
}
function wake() {
  timer = null;
  immediate = null;
  const nowMs = performance.now();
  while (heap.length > 0 && heap[0].dueMs <= nowMs) {
    const stream = pop();
    if (stream.closed) continue;
    let text = '';
    while (
      stream.step < stream.tokens &&
      stream.startMs + stream.ttftMs + stream.step * stream.itlMs <= nowMs
    ) {
      text += mode === 'socket' ? FRAMED_TOKEN : TOKEN_EVENT;
      stream.step += 1;
    }
    if (mode === 'socket') stream.response.socket.write(text);
    else stream.response.write(text);
    if (stream.step === stream.tokens) {
      stream.response.end(TRAILER);
      continue;
    }
    stream.dueMs = stream.startMs + stream.ttftMs + stream.step * stream.itlMs;
    push(stream);
  }
  arm();
}

const server = createServer((request, response) => {
  const startMs = performance.now();
  request.resume();
  request.once('end', () => {
    const stream = {
      response,
      startMs,
      ttftMs: Number(request.headers[protocol.HEADER_TTFT_MS] ?? protocol.DEFAULT_TTFT_MS),
      itlMs: Number(request.headers[protocol.HEADER_ITL_MS] ?? protocol.DEFAULT_ITL_MS),
      tokens: Number(request.headers[protocol.HEADER_OUTPUT_LENGTH] ?? protocol.DEFAULT_OUTPUT_LENGTH),
      step: 0,
      dueMs: 0,
      closed: false,
    };
    stream.dueMs = startMs + stream.ttftMs;
    response.once('close', () => {
      stream.closed = true;
    });
    response.socket.setNoDelay(true);
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
    });
    response.write(ROLE_EVENT);
    push(stream);
    arm();
  });
});
server.listen(Number(port), '127.0.0.1');
process.once('SIGTERM', () => server.close(() => process.exit(0)));
