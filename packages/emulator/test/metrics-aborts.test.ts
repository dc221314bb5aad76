import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server.js';
import { startTestServer } from './support/listening-server.js';
import { type Exposition, parseExposition, sampleValue, sumOf } from './support/prometheus-text.js';
import { waitFor } from './support/wait-for.js';

// Clients that leave on a real socket: a stream after its first token, a non-streamed request before its body.

const MODEL = 'gpt-4o-mini';
const VLLM = { model_name: MODEL, engine: '0' };
let server: RunningServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

/** Posts a chat request and destroys the connection once the response holds `afterText`, or once admitted. */
function postAndLeave(
  headers: Record<string, string>,
  stream: boolean,
  leave: { afterText?: string; afterAdmission?: true },
): Promise<void> {
  const body = JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'x' }], stream });
  return new Promise((resolve) => {
    const outgoing = request(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', ...headers },
    });
    outgoing.on('error', () => resolve());
    outgoing.on('close', () => resolve());
    outgoing.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => {
        text += chunk;
        if (leave.afterText !== undefined && text.includes(leave.afterText)) outgoing.destroy();
      });
      response.on('error', () => resolve());
    });
    outgoing.end(body);
    // Leaving before the server has the request would be a connection that never asked, not a client abort.
    if (leave.afterAdmission)
      void waitFor(async () => (await waitingResponses()) === 1).then(() => outgoing.destroy());
  });
}

/** Non-streamed responses waiting for their deadline. */
async function waitingResponses(): Promise<number> {
  const stats = (await (await fetch(`${server.url}/stats`)).json()) as {
    streams: { waitingResponses: number };
  };
  return stats.streams.waitingResponses;
}

async function scrapeUntil(condition: (exposition: Exposition) => boolean): Promise<Exposition> {
  let exposition: Exposition | undefined;
  await waitFor(async () => {
    exposition = parseExposition(await (await fetch(`${server.url}/metrics`)).text());
    return condition(exposition);
  });
  return exposition as Exposition;
}

describe('metrics of clients that leave', () => {
  it('count a stream cut after its first token and a request left before its body', async () => {
    // First token at once, the next one a second later: the client leaves in between.
    await postAndLeave({ 'x-ttft-ms': '0', 'x-itl-ms': '1000', 'x-output-length': '5' }, true, {
      afterText: '"content":"',
    });
    await postAndLeave({ 'x-ttft-ms': '1000' }, false, { afterAdmission: true });
    const exposition = await scrapeUntil(
      (candidate) => sumOf(candidate, 'tokenpace_emulator_client_aborts_total') === 2,
    );
    expect(
      sampleValue(exposition, 'tokenpace_emulator_client_aborts_total', {
        model_name: MODEL,
        mode: 'stream',
      }),
    ).toBe(1);
    expect(
      sampleValue(exposition, 'tokenpace_emulator_client_aborts_total', { model_name: MODEL, mode: 'unary' }),
    ).toBe(1);
    expect(sampleValue(exposition, 'vllm:request_success_total', { ...VLLM, finished_reason: 'abort' })).toBe(
      2,
    );
    // The stream sent one token; the left request none. Neither completed, so neither has an e2e latency.
    expect(sampleValue(exposition, 'vllm:generation_tokens_total', VLLM)).toBe(1);
    expect(sampleValue(exposition, 'vllm:time_to_first_token_seconds_count', VLLM)).toBe(1);
    expect(sampleValue(exposition, 'vllm:inter_token_latency_seconds_count', VLLM)).toBe(0);
    expect(
      sampleValue(exposition, 'tokenpace_emulator_ttft_configured_seconds_count', { model_name: MODEL }),
    ).toBe(1);
    expect(
      sampleValue(exposition, 'tokenpace_emulator_itl_configured_seconds_count', { model_name: MODEL }),
    ).toBe(0);
    expect(sampleValue(exposition, 'vllm:e2e_request_latency_seconds_count', VLLM)).toBe(0);
    expect(sampleValue(exposition, 'vllm:num_requests_running', VLLM)).toBe(0);
    const requests = 'tokenpace_emulator_requests_total';
    expect(sampleValue(exposition, requests, { model_name: MODEL, mode: 'stream', status: '200' })).toBe(1);
    expect(sampleValue(exposition, requests, { model_name: MODEL, mode: 'unary', status: '499' })).toBe(1);
  });
});
