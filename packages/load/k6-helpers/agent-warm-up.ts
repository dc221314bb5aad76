// Warm-up of the agent-era routes (Responses, tool calls, Anthropic Messages), beside target.ts's warm-up of
// the chat and legacy routes: a route's first request compiles its code path and must not be timed.

import { chatTools, messagesTools, responsesTools } from './agent-tools.ts';
import { anthropicHeaders } from './anthropic.ts';
import { type Target, type WarmUpRequest, warmUp } from './target.ts';

function openAiRequests(model: string): WarmUpRequest[] {
  const messages = [{ role: 'user', content: 'Warm-up.' }];
  return [
    { path: '/v1/chat/completions', body: { model, messages, tools: chatTools(), stream: true } },
    { path: '/v1/responses', body: { model, input: 'Warm-up.', stream: true } },
    { path: '/v1/responses', body: { model, input: 'Warm-up.', tools: responsesTools(), stream: false } },
  ];
}

function messagesRequests(model: string): WarmUpRequest[] {
  const messages = [{ role: 'user', content: 'Warm-up.' }];
  return [
    { path: '/v1/messages', body: { model, max_tokens: 64, messages, stream: true } },
    {
      path: '/v1/messages',
      body: { model, max_tokens: 64, messages, tools: messagesTools(), stream: false },
    },
  ];
}

/** For `setup()`: warms the Responses, tool-call and Messages paths `rounds` times (see target.ts `warmUp`). */
export function warmUpAgentApis(target: Target, anthropicModel: string, rounds: number): void {
  warmUp(target, openAiRequests(target.model), rounds);
  warmUp({ ...target, headers: anthropicHeaders(target) }, messagesRequests(anthropicModel), rounds);
}
