import { anthropicPromptMessages, HEADER_OUTPUT_LENGTH } from '@tokenpace/core';
import type { FastifyRequest } from 'fastify';
import { isAnthropicRequest } from '../anthropic/anthropic-dialect.js';
import { LEGACY_DEFAULT_MAX_TOKENS } from '../generation/plan-completion.js';
import { readConversation } from '../responses-api/conversation.js';
import type { ResponsesRequest } from '../responses-api/responses-request.js';

interface LimitedBody {
  model?: unknown;
  messages?: unknown;
  prompt?: unknown;
  input?: unknown;
  n?: unknown;
  max_tokens?: unknown;
  max_completion_tokens?: unknown;
}

function wholeNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/** How many prompts a legacy `prompt` holds, as planCompletion counts them. */
function promptCount(prompt: unknown): number {
  if (!Array.isArray(prompt)) return 1;
  return typeof prompt[0] === 'number' ? 1 : prompt.length;
}

/**
 * The tokens a request asks for, as OpenAI's limiter counts them: its prompt tokens plus the output it may
 * produce — `max_completion_tokens` (or `max_tokens`) per choice when given, else the output length it will
 * get — times its choices. Embeddings count their input only.
 */
export async function requestedTokens(request: FastifyRequest): Promise<number> {
  const body = request.body as LimitedBody;
  const { promptCounter, models } = request.server.tokenpace;
  const model = typeof body.model === 'string' ? body.model : '';
  const encoding = models.encodingOf(model);
  const outputLength = request.exchange.timing?.outputLength ?? 0;
  const choices = wholeNumber(body.n) ?? 1;
  if (Array.isArray(body.messages)) {
    // A Messages body's prompt is its system prompt and turns, counted as the route counts them.
    const messages = isAnthropicRequest(request) ? anthropicPromptMessages(body) : body.messages;
    const prompt = await promptCounter.count('chat', messages, encoding);
    const perChoice = wholeNumber(body.max_completion_tokens) ?? wholeNumber(body.max_tokens) ?? outputLength;
    return prompt + choices * perChoice;
  }
  if (request.url.startsWith('/v1/responses')) {
    // The input as the route counts it (without earlier responses, which the limiter does not look up).
    const { input, instructions, max_output_tokens } = body as ResponsesRequest;
    const { messages } = readConversation(input, instructions, null);
    return (
      (await promptCounter.count('chat', messages, encoding)) +
      (wholeNumber(max_output_tokens) ?? outputLength)
    );
  }
  if ('prompt' in body) {
    const prompt = body.prompt === null ? 1 : await promptCounter.count('completion', body.prompt, encoding);
    const legacyDefault =
      request.headers[HEADER_OUTPUT_LENGTH] === undefined ? LEGACY_DEFAULT_MAX_TOKENS : outputLength;
    const perChoice = wholeNumber(body.max_tokens) ?? legacyDefault;
    return prompt + promptCount(body.prompt) * choices * perChoice;
  }
  if ('input' in body) return promptCounter.count('embedding', body.input, encoding);
  return 0;
}
