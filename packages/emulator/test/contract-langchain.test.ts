import { tool } from '@langchain/core/tools';
import { ChatOpenAI } from '@langchain/openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RunningServer } from '../src/server.js';
import { startTestServer } from './support/listening-server.js';

// LangChain JS (@langchain/openai, the last line that runs on Node 20) against a listening emulator: its
// structured output in both modes, bound tools, and its Responses API mode.

const TIMING_HEADERS = { 'x-ttft-ms': '5', 'x-itl-ms': '1', 'x-output-length': '12' };
const Weather = z.object({ city: z.string(), celsius: z.number() });

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

function model(options: { useResponsesApi?: boolean } = {}): ChatOpenAI {
  return new ChatOpenAI({
    model: 'gpt-4o',
    apiKey: 'sk-test',
    maxRetries: 0,
    configuration: { baseURL: `${server.url}/v1`, defaultHeaders: TIMING_HEADERS },
    ...options,
  });
}

describe('LangChain JS against the emulator', () => {
  it('invoke and stream', async () => {
    expect(String((await model().invoke('Hi')).content).length).toBeGreaterThan(0);
    let streamed = '';
    for await (const chunk of await model().stream('Hi')) streamed += String(chunk.content);
    expect(streamed.length).toBeGreaterThan(0);
  });

  it('withStructuredOutput: json_schema by default, and json mode', async () => {
    const parsed = await model().withStructuredOutput(Weather).invoke('Weather in Oslo?');
    expect(Weather.parse(parsed)).toEqual(parsed);
    // JSON mode promises a JSON object, not the schema: ask for a plain object back.
    const json = await model()
      .withStructuredOutput(z.record(z.string(), z.unknown()), { method: 'jsonMode' })
      .invoke('Weather in Oslo? Answer in JSON.');
    expect(typeof json).toBe('object');
  });

  it('bindTools gets a tool call', async () => {
    const weather = tool(async ({ city }) => `3 degrees in ${city}`, {
      name: 'weather',
      description: 'Current weather',
      schema: z.object({ city: z.string() }),
    });
    const message = await model().bindTools([weather]).invoke('Weather in Oslo?');
    expect(message.tool_calls?.[0]?.name).toBe('weather');
    expect(typeof message.tool_calls?.[0]?.args.city).toBe('string');
  });

  it('useResponsesApi', async () => {
    const message = await model({ useResponsesApi: true }).invoke('Hi');
    expect(message.text.length).toBeGreaterThan(0);
  });
});
