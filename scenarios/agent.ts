// The agent user: a closed-model loop of tool-using conversations, on Chat Completions, the Responses API and
// Anthropic's Messages API in turn. Each conversation asks with tools, runs the tools the model calls, sends
// their results back and ends when the model answers in text (the emulator calls a tool when the last input is
// the user's and answers after tool results). Every turn is measured; the SLO thresholds are comprehensive's.
//
//   k6 run scenarios/agent.ts -e BASE_URL=http://127.0.0.1:3000 -e VUS=6 -e DURATION=30s
import { check } from 'k6';
import exec from 'k6/execution';
import type { Options } from 'k6/options';
import type { Result } from 'k6/x/tokenpace';
import { isValidCall, TOOL_NAMES } from '../packages/load/k6-helpers/agent-tools.ts';
import { warmUpAgentApis } from '../packages/load/k6-helpers/agent-warm-up.ts';
import { anthropicHeaders, anthropicModelFromEnv } from '../packages/load/k6-helpers/anthropic.ts';
import { envNumber } from '../packages/load/k6-helpers/env.ts';
import { closedModelOptions } from '../packages/load/k6-helpers/options.ts';
import { weightedCycle } from '../packages/load/k6-helpers/pick.ts';
import { requireTarget, targetFromEnv } from '../packages/load/k6-helpers/target.ts';
import { type TimingProfile, timingHeaders } from '../packages/load/k6-helpers/timing.ts';
import { type AgentApi, runToolLoop } from '../packages/load/k6-helpers/tool-loop.ts';

const SCENARIO = 'agent';
const target = targetFromEnv();
const anthropicModel = anthropicModelFromEnv();

export const options: Options = closedModelOptions(SCENARIO, 6);

/** Fixed profiles, so the report has one histogram per configured value; the length counts text and arguments. */
const PROFILES: readonly TimingProfile[] = [
  { ttftMs: 120, itlMs: 15, outputLength: 24 },
  { ttftMs: 60, itlMs: 10, outputLength: 40 },
];

/** How a conversation goes: one tool call or two in parallel, streamed or not. */
interface Variant {
  name: string;
  stream: boolean;
  /** X-Tool-Call of the first turn; undefined leaves it to the default policy (one call). */
  firstTurnToolCall?: string;
  expectedCalls: number;
}

const nextVariant = weightedCycle<Variant>([
  { weight: 4, value: { name: 'stream', stream: true, expectedCalls: 1 } },
  {
    weight: 1,
    value: { name: 'parallel', stream: true, firstTurnToolCall: String(TOOL_NAMES.length), expectedCalls: 2 },
  },
  { weight: 1, value: { name: 'unary', stream: false, expectedCalls: 1 } },
]);

const APIS: readonly AgentApi[] = ['chat', 'responses', 'messages'];

/** The finish reason of a tool-call turn and of the final text turn, in each API's words. */
const FINISH: Readonly<Record<AgentApi, { toolTurn: string; textTurn: string }>> = {
  chat: { toolTurn: 'tool_calls', textTurn: 'stop' },
  responses: { toolTurn: 'completed', textTurn: 'completed' },
  messages: { toolTurn: 'tool_use', textTurn: 'end_turn' },
};

export function setup(): void {
  requireTarget(target);
  warmUpAgentApis(target, anthropicModel, envNumber('WARMUP_ROUNDS', 2, { min: 0 }));
}

export default function agentUser(): void {
  const iteration = exec.scenario.iterationInTest;
  const api = APIS[iteration % APIS.length] as AgentApi;
  const variant = nextVariant(Math.floor(iteration / APIS.length));
  const profile = PROFILES[Math.floor(iteration / APIS.length) % PROFILES.length] as TimingProfile;
  const apiHeaders = api === 'messages' ? anthropicHeaders(target) : target.headers;
  const run = runToolLoop({
    api,
    baseUrl: target.baseUrl,
    model: api === 'messages' ? anthropicModel : target.model,
    headers: { ...apiHeaders, ...timingHeaders(profile) },
    prompt: 'What is the weather in Paris, and what time is it there?',
    ...(variant.firstTurnToolCall === undefined ? {} : { firstTurnToolCall: variant.firstTurnToolCall }),
    maxTurns: 4,
    tags: { action: `agent_${api}_${variant.name}` },
    stream: variant.stream,
    timeoutMs: 60_000,
  });
  const [first, last] = [run.turns[0], run.turns[run.turns.length - 1]] as [Result, Result];
  const label = `${api} ${variant.name}`;
  check(run, {
    [`${label}: every turn ok`]: (r) => r.turns.every((turn) => turn.status === 200 && turn.ok),
    [`${label}: tool call, then text`]: (r) => r.finished && r.turns.length === 2,
    [`${label}: known tools, valid arguments`]: () =>
      first.toolCalls.length === variant.expectedCalls && first.toolCalls.every(isValidCall),
    [`${label}: tool turn tokens match usage`]: () =>
      first.usage !== null && first.outputTokens === first.usage.completion_tokens,
    [`${label}: final answer has the configured tokens`]: () =>
      last.toolCalls.length === 0 && last.outputTokens === profile.outputLength && last.content !== '',
    [`${label}: finish reasons`]: () =>
      first.finishReasons[0] === FINISH[api].toolTurn && last.finishReasons[0] === FINISH[api].textTurn,
  });
}
