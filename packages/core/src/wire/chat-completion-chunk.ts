import { type Static, Type } from 'typebox';
import {
  ChatFinishReason,
  type ChatResponseIdentity,
  Count,
  DEFAULT_SERVICE_TIER,
  Nullable,
} from './common.js';
import { ChatChoiceLogprobs } from './logprobs.js';
import { ChatToolCallDelta } from './tool-calls.js';
import { CompletionUsage } from './usage.js';

export const ChatCompletionChunkDelta = Type.Object(
  {
    role: Type.Optional(Type.Literal('assistant')),
    content: Type.Optional(Nullable(Type.String())),
    refusal: Type.Optional(Nullable(Type.String())),
    tool_calls: Type.Optional(Type.Array(ChatToolCallDelta)),
  },
  { additionalProperties: false },
);
export type ChatCompletionChunkDelta = Static<typeof ChatCompletionChunkDelta>;

export const ChatCompletionChunkChoice = Type.Object(
  {
    index: Count,
    delta: ChatCompletionChunkDelta,
    logprobs: Nullable(ChatChoiceLogprobs),
    finish_reason: Nullable(ChatFinishReason),
  },
  { additionalProperties: false },
);
export type ChatCompletionChunkChoice = Static<typeof ChatCompletionChunkChoice>;

/**
 * One `data:` event of a chat stream. `usage` is absent unless the caller set
 * `stream_options.include_usage`; then it is null in every chunk but the last, which has
 * `choices: []` and the usage.
 */
export const ChatCompletionChunk = Type.Object(
  {
    id: Type.String(),
    object: Type.Literal('chat.completion.chunk'),
    created: Count,
    model: Type.String(),
    service_tier: Type.String(),
    system_fingerprint: Type.String(),
    choices: Type.Array(ChatCompletionChunkChoice),
    usage: Type.Optional(Nullable(CompletionUsage)),
  },
  { additionalProperties: false },
);
export type ChatCompletionChunk = Static<typeof ChatCompletionChunk>;

/**
 * A chunk with the stream's identity and the given choices. `usage`: undefined omits the key
 * (include_usage off), null sends `"usage": null` (include_usage on, not the last chunk).
 */
export function chatCompletionChunk(
  identity: ChatResponseIdentity,
  choices: ChatCompletionChunkChoice[],
  usage: CompletionUsage | null | undefined,
): ChatCompletionChunk {
  const chunk: ChatCompletionChunk = {
    id: identity.id,
    object: 'chat.completion.chunk',
    created: identity.created,
    model: identity.model,
    service_tier: identity.serviceTier ?? DEFAULT_SERVICE_TIER,
    system_fingerprint: identity.systemFingerprint,
    choices,
  };
  if (usage !== undefined) chunk.usage = usage;
  return chunk;
}

function usageField(includeUsage: boolean): null | undefined {
  return includeUsage ? null : undefined;
}

/**
 * Opens a choice: `delta: {role: "assistant", content: "", refusal: null}`, sent before the first token; a
 * choice that calls tools opens with `content: null`, as the API's do.
 */
export function chatRoleChunk(
  identity: ChatResponseIdentity,
  choiceIndex: number,
  includeUsage: boolean,
  content: '' | null = '',
): ChatCompletionChunk {
  const delta: ChatCompletionChunkDelta = { role: 'assistant', content, refusal: null };
  const choice = { index: choiceIndex, delta, logprobs: null, finish_reason: null };
  return chatCompletionChunk(identity, [choice], usageField(includeUsage));
}

/** One content token: `delta: {content: piece}`. See createContentChunkEncoder for the hot path. */
export function chatContentChunk(
  identity: ChatResponseIdentity,
  choiceIndex: number,
  piece: string,
  includeUsage: boolean,
): ChatCompletionChunk {
  const choice = { index: choiceIndex, delta: { content: piece }, logprobs: null, finish_reason: null };
  return chatCompletionChunk(identity, [choice], usageField(includeUsage));
}

/**
 * One tool-call delta: the first of a call carries its `index`, `id`, `type` and `function.name` with empty
 * arguments; later ones only `index` and an arguments fragment (SDKs concatenate every other field).
 */
export function chatToolCallChunk(
  identity: ChatResponseIdentity,
  choiceIndex: number,
  toolCall: ChatToolCallDelta,
  includeUsage: boolean,
): ChatCompletionChunk {
  const choice = {
    index: choiceIndex,
    delta: { tool_calls: [toolCall] },
    logprobs: null,
    finish_reason: null,
  };
  return chatCompletionChunk(identity, [choice], usageField(includeUsage));
}

/** Closes a choice: `delta: {}` and its finish reason. */
export function chatFinishChunk(
  identity: ChatResponseIdentity,
  choiceIndex: number,
  finishReason: ChatFinishReason,
  includeUsage: boolean,
): ChatCompletionChunk {
  const choice = { index: choiceIndex, delta: {}, logprobs: null, finish_reason: finishReason };
  return chatCompletionChunk(identity, [choice], usageField(includeUsage));
}

/** The last chunk when include_usage is on: `choices: []` and the usage of all choices. */
export function chatUsageChunk(identity: ChatResponseIdentity, usage: CompletionUsage): ChatCompletionChunk {
  return chatCompletionChunk(identity, [], usage);
}
