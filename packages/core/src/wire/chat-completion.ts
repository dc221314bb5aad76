import { type Static, Type } from 'typebox';
import {
  ChatFinishReason,
  type ChatResponseIdentity,
  Count,
  DEFAULT_SERVICE_TIER,
  Nullable,
} from './common.js';
import { ChatChoiceLogprobs } from './logprobs.js';
import { ChatToolCall } from './tool-calls.js';
import { CompletionUsage } from './usage.js';

export const UrlCitationAnnotation = Type.Object(
  {
    type: Type.Literal('url_citation'),
    url_citation: Type.Object(
      { start_index: Count, end_index: Count, url: Type.String(), title: Type.String() },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const ChatCompletionMessage = Type.Object(
  {
    role: Type.Literal('assistant'),
    content: Nullable(Type.String()),
    refusal: Nullable(Type.String()),
    annotations: Type.Array(UrlCitationAnnotation),
    tool_calls: Type.Optional(Type.Array(ChatToolCall)),
  },
  { additionalProperties: false },
);
export type ChatCompletionMessage = Static<typeof ChatCompletionMessage>;

export const ChatCompletionChoice = Type.Object(
  {
    index: Count,
    message: ChatCompletionMessage,
    logprobs: Nullable(ChatChoiceLogprobs),
    finish_reason: ChatFinishReason,
  },
  { additionalProperties: false },
);
export type ChatCompletionChoice = Static<typeof ChatCompletionChoice>;

/** `POST /v1/chat/completions` without `stream`. */
export const ChatCompletion = Type.Object(
  {
    id: Type.String(),
    object: Type.Literal('chat.completion'),
    created: Count,
    model: Type.String(),
    choices: Type.Array(ChatCompletionChoice),
    usage: CompletionUsage,
    service_tier: Type.String(),
    system_fingerprint: Type.String(),
  },
  { additionalProperties: false },
);
export type ChatCompletion = Static<typeof ChatCompletion>;

export interface ChatChoiceInput {
  /** Text of the message; null when the choice is only tool calls. */
  content: string | null;
  finishReason: ChatFinishReason;
  logprobs?: ChatChoiceLogprobs | null | undefined;
  toolCalls?: ChatToolCall[] | undefined;
}

/** A complete chat completion; choice i gets index i. */
export function chatCompletion(
  identity: ChatResponseIdentity,
  choices: readonly ChatChoiceInput[],
  usage: CompletionUsage,
): ChatCompletion {
  return {
    id: identity.id,
    object: 'chat.completion',
    created: identity.created,
    model: identity.model,
    choices: choices.map((choice, index) => ({
      index,
      message: {
        role: 'assistant',
        content: choice.content,
        refusal: null,
        annotations: [],
        ...(choice.toolCalls === undefined ? {} : { tool_calls: choice.toolCalls }),
      },
      logprobs: choice.logprobs ?? null,
      finish_reason: choice.finishReason,
    })),
    usage,
    service_tier: identity.serviceTier ?? DEFAULT_SERVICE_TIER,
    system_fingerprint: identity.systemFingerprint,
  };
}
