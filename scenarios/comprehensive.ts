// The comprehensive user: a closed-model mix of everything a client of an OpenAI-compatible upstream does —
// streamed and non-streamed chat at several timing profiles, n > 1, max_tokens, multimodal messages, chat tool
// calls, the Responses API (text, function calls, structured output), Anthropic's Messages API (text and tool
// use), legacy completions, embeddings, models and health — with checks, and SLO thresholds on observed −
// configured timing.
//
//   k6 run scenarios/comprehensive.ts -e BASE_URL=http://127.0.0.1:3000 -e VUS=8 -e DURATION=30s
import { check } from 'k6';
import exec from 'k6/execution';
import http from 'k6/http';
import type { Options } from 'k6/options';
import { type RequestOptions, type Result, request } from 'k6/x/tokenpace';
import {
  chatToolCallBody,
  isForecast,
  messagesBody,
  responsesFunctionCallBody,
  responsesStructuredBody,
  responsesTextBody,
} from '../packages/load/k6-helpers/agent-api-bodies.ts';
import { isValidCall } from '../packages/load/k6-helpers/agent-tools.ts';
import { warmUpAgentApis } from '../packages/load/k6-helpers/agent-warm-up.ts';
import { anthropicHeaders, anthropicModelFromEnv } from '../packages/load/k6-helpers/anthropic.ts';
import { envNumber } from '../packages/load/k6-helpers/env.ts';
import { closedModelOptions } from '../packages/load/k6-helpers/options.ts';
import { weightedCycle } from '../packages/load/k6-helpers/pick.ts';
import { requireTarget, targetFromEnv, warmUp, warmUpRequests } from '../packages/load/k6-helpers/target.ts';
import { type TimingProfile, timingHeaders } from '../packages/load/k6-helpers/timing.ts';

const SCENARIO = 'comprehensive';
const target = targetFromEnv();
const anthropicModel = anthropicModelFromEnv();

export const options: Options = closedModelOptions(SCENARIO, 8);

/** A handful of fixed profiles, so the report has one histogram per configured value. */
const PROFILES: readonly TimingProfile[] = [
  { ttftMs: 100, itlMs: 20, outputLength: 32 },
  { ttftMs: 50, itlMs: 10, outputLength: 64 },
  { ttftMs: 200, itlMs: 30, outputLength: 16 },
];

// A 1×1 PNG: image parts are never fetched by the emulator, and a data URL keeps the test offline.
const TINY_PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

type Action = (iteration: number) => void;

const nextAction = weightedCycle<Action>([
  { weight: 6, value: streamedChat },
  { weight: 2, value: unaryChat },
  { weight: 1, value: streamedChatWithChoices },
  { weight: 1, value: streamedChatCappedByMaxTokens },
  { weight: 1, value: multimodalChat },
  { weight: 1, value: chatToolCall },
  { weight: 2, value: responsesText },
  { weight: 1, value: responsesFunctionCall },
  { weight: 1, value: responsesStructured },
  { weight: 2, value: messagesText },
  { weight: 1, value: messagesToolUse },
  { weight: 1, value: legacyCompletion },
  { weight: 1, value: embeddings },
  { weight: 1, value: modelsAndHealth },
]);

export function setup(): void {
  requireTarget(target);
  const rounds = envNumber('WARMUP_ROUNDS', 2, { min: 0 });
  warmUp(target, warmUpRequests(target.model), rounds);
  warmUpAgentApis(target, anthropicModel, rounds);
}

export default function comprehensiveUser(): void {
  const iteration = exec.scenario.iterationInTest;
  nextAction(iteration)(iteration);
}

function profileFor(iteration: number): TimingProfile {
  return PROFILES[iteration % PROFILES.length] as TimingProfile;
}

function timed(
  path: string,
  body: Record<string, unknown>,
  profile: TimingProfile,
  action: string,
  headers: Record<string, string> = target.headers,
): Result {
  const options: RequestOptions = {
    url: `${target.baseUrl}${path}`,
    body,
    headers: { ...headers, ...timingHeaders(profile) },
    tags: { action },
    timeoutMs: 60_000,
  };
  return request(options);
}

function chatBody(stream: boolean, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    model: target.model,
    messages: [
      { role: 'system', content: 'You are a concise assistant.' },
      { role: 'user', content: 'Summarise the benefits of measuring latency with HDR histograms.' },
    ],
    stream,
    ...(stream ? { stream_options: { include_usage: true } } : {}),
    ...extra,
  };
}

function streamedChat(iteration: number): void {
  const profile = profileFor(iteration);
  const result = timed('/v1/chat/completions', chatBody(true), profile, 'chat_stream');
  check(result, {
    'chat stream: 200 and complete': (r) => r.status === 200 && r.ok,
    'chat stream: exact output tokens': (r) => r.outputTokens === profile.outputLength,
    'chat stream: usage matches': (r) => r.usage?.completion_tokens === profile.outputLength,
    'chat stream: finish_reason stop': (r) => r.finishReasons[0] === 'stop',
  });
}

function unaryChat(iteration: number): void {
  const profile = profileFor(iteration);
  const result = timed('/v1/chat/completions', chatBody(false), profile, 'chat_unary');
  check(result, {
    'chat unary: 200': (r) => r.status === 200 && r.ok,
    'chat unary: exact output tokens': (r) => r.usage?.completion_tokens === profile.outputLength,
  });
}

function streamedChatWithChoices(iteration: number): void {
  const profile = profileFor(iteration);
  const result = timed('/v1/chat/completions', chatBody(true, { n: 2 }), profile, 'chat_stream_n2');
  check(result, {
    'chat n=2: 200 and complete': (r) => r.status === 200 && r.ok,
    'chat n=2: tokens of both choices': (r) => r.outputTokens === 2 * profile.outputLength,
    'chat n=2: two finish reasons': (r) => r.finishReasons.length === 2,
  });
}

function streamedChatCappedByMaxTokens(iteration: number): void {
  const profile = profileFor(iteration);
  const maxTokens = Math.max(1, Math.floor(profile.outputLength / 2));
  const body = chatBody(true, { max_completion_tokens: maxTokens });
  const result = timed('/v1/chat/completions', body, profile, 'chat_stream_max_tokens');
  check(result, {
    'max tokens: 200 and complete': (r) => r.status === 200 && r.ok,
    'max tokens: capped output': (r) => r.outputTokens === maxTokens,
    'max tokens: finish_reason length': (r) => r.finishReasons[0] === 'length',
  });
}

function multimodalChat(iteration: number): void {
  const profile = profileFor(iteration);
  const body = {
    model: target.model,
    stream: true,
    stream_options: { include_usage: true },
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in this image?' },
          { type: 'image_url', image_url: { url: TINY_PNG, detail: 'low' } },
        ],
      },
    ],
  };
  const result = timed('/v1/chat/completions', body, profile, 'chat_multimodal');
  check(result, {
    'multimodal: 200 and complete': (r) => r.status === 200 && r.ok,
    'multimodal: exact output tokens': (r) => r.outputTokens === profile.outputLength,
    'multimodal: image counted in prompt': (r) => (r.usage?.prompt_tokens ?? 0) > 85,
  });
}

function chatToolCall(iteration: number): void {
  const profile = profileFor(iteration);
  const result = timed('/v1/chat/completions', chatToolCallBody(target.model), profile, 'chat_tool_call');
  check(result, {
    'chat tool call: 200 and complete': (r) => r.status === 200 && r.ok,
    'chat tool call: a valid call': (r) => r.toolCalls.length === 1 && r.toolCalls.every(isValidCall),
    'chat tool call: tokens match usage': (r) => r.outputTokens === r.usage?.completion_tokens,
    'chat tool call: finish_reason tool_calls': (r) => r.finishReasons[0] === 'tool_calls',
  });
}

function responsesText(iteration: number): void {
  const profile = profileFor(iteration);
  const stream = iteration % 4 !== 3;
  const body = responsesTextBody(target.model, stream);
  const result = timed('/v1/responses', body, profile, stream ? 'responses_stream' : 'responses_unary');
  check(result, {
    'responses text: 200 and complete': (r) => r.status === 200 && r.ok && r.id.startsWith('resp_'),
    'responses text: exact output tokens': (r) =>
      r.outputTokens === profile.outputLength && r.usage?.completion_tokens === profile.outputLength,
    'responses text: status completed': (r) => r.finishReasons[0] === 'completed',
  });
}

function responsesFunctionCall(iteration: number): void {
  const profile = profileFor(iteration);
  const body = responsesFunctionCallBody(target.model);
  const result = timed('/v1/responses', body, profile, 'responses_function_call');
  check(result, {
    'responses function call: 200 and complete': (r) => r.status === 200 && r.ok,
    'responses function call: a valid call': (r) =>
      r.toolCalls.length === 1 && r.toolCalls.every(isValidCall),
    'responses function call: tokens match usage': (r) => r.outputTokens === r.usage?.completion_tokens,
  });
}

function responsesStructured(iteration: number): void {
  const profile = profileFor(iteration);
  const body = responsesStructuredBody(target.model);
  const result = timed('/v1/responses', body, profile, 'responses_structured');
  check(result, {
    'responses structured: 200 and complete': (r) => r.status === 200 && r.ok,
    'responses structured: valid for the schema': (r) => isForecast(r.content),
    'responses structured: tokens match usage': (r) => r.outputTokens === r.usage?.completion_tokens,
  });
}

function messagesText(iteration: number): void {
  const profile = profileFor(iteration);
  const stream = iteration % 4 !== 3;
  const body = messagesBody(anthropicModel, stream, false);
  const action = stream ? 'messages_stream' : 'messages_unary';
  const result = timed('/v1/messages', body, profile, action, anthropicHeaders(target));
  check(result, {
    'messages text: 200 and complete': (r) => r.status === 200 && r.ok && r.id.startsWith('msg_'),
    'messages text: exact output tokens': (r) =>
      r.outputTokens === profile.outputLength && r.usage?.completion_tokens === profile.outputLength,
    'messages text: stop_reason end_turn': (r) => r.finishReasons[0] === 'end_turn',
  });
}

function messagesToolUse(iteration: number): void {
  const profile = profileFor(iteration);
  const body = messagesBody(anthropicModel, true, true);
  const result = timed('/v1/messages', body, profile, 'messages_tool_use', anthropicHeaders(target));
  check(result, {
    'messages tool use: 200 and complete': (r) => r.status === 200 && r.ok,
    'messages tool use: a valid call': (r) => r.toolCalls.length === 1 && r.toolCalls.every(isValidCall),
    'messages tool use: tokens match usage': (r) => r.outputTokens === r.usage?.completion_tokens,
    'messages tool use: stop_reason tool_use': (r) => r.finishReasons[0] === 'tool_use',
  });
}

function legacyCompletion(iteration: number): void {
  const profile = profileFor(iteration);
  const stream = iteration % 2 === 0;
  const body = { model: 'gpt-3.5-turbo-instruct', prompt: 'Write a haiku about latency.', stream };
  const result = timed('/v1/completions', body, profile, stream ? 'completion_stream' : 'completion_unary');
  check(result, {
    'completion: 200 and complete': (r) => r.status === 200 && r.ok,
    'completion: exact output tokens': (r) => r.outputTokens === profile.outputLength,
  });
}

function embeddings(iteration: number): void {
  const encodingFormat = iteration % 2 === 0 ? 'float' : 'base64';
  const response = http.post(
    `${target.baseUrl}/v1/embeddings`,
    JSON.stringify({
      model: 'text-embedding-3-small',
      input: ['tokens per second', 'time to first token'],
      encoding_format: encodingFormat,
      dimensions: 256,
    }),
    { headers: { ...target.headers, 'content-type': 'application/json' }, tags: { action: 'embeddings' } },
  );
  check(response, {
    'embeddings: 200': (r) => r.status === 200,
    'embeddings: two vectors of 256': (r) => {
      const data = (r.json('data') ?? []) as { embedding: number[] | string }[];
      if (data.length !== 2) return false;
      // base64 carries 4 bytes per float32: 256 floats → 1024 bytes → 1368 base64 characters.
      return data.every((item) =>
        typeof item.embedding === 'string' ? item.embedding.length === 1368 : item.embedding.length === 256,
      );
    },
  });
}

function modelsAndHealth(): void {
  const headers = target.headers;
  const list = http.get(`${target.baseUrl}/v1/models`, { headers, tags: { action: 'models' } });
  const one = http.get(`${target.baseUrl}/v1/models/${target.model}`, {
    headers,
    tags: { action: 'models' },
  });
  const health = http.get(`${target.baseUrl}${target.healthPath}`, { tags: { action: 'health' } });
  check(list, { 'models: list': (r) => r.status === 200 && r.json('object') === 'list' });
  check(one, { 'models: retrieve': (r) => r.status === 200 && r.json('id') === target.model });
  check(health, { 'health: 200': (r) => r.status === 200 });
}
