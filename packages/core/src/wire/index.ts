export type { ChatChoiceInput } from './chat-completion.js';
export {
  ChatCompletion,
  ChatCompletionChoice,
  ChatCompletionMessage,
  chatCompletion,
  UrlCitationAnnotation,
} from './chat-completion.js';
export {
  ChatCompletionChunk,
  ChatCompletionChunkChoice,
  ChatCompletionChunkDelta,
  chatCompletionChunk,
  chatContentChunk,
  chatFinishChunk,
  chatRoleChunk,
  chatToolCallChunk,
  chatUsageChunk,
} from './chat-completion-chunk.js';
export type { ContentChunkEncoder } from './chunk-encoders.js';
export {
  createCompletionChunkEncoder,
  createContentChunkEncoder,
  TemplateSpliceError,
} from './chunk-encoders.js';
export type { ChatResponseIdentity, ResponseIdentity } from './common.js';
export { ChatFinishReason, DEFAULT_SERVICE_TIER, TextCompletionFinishReason } from './common.js';
export type { EmbeddingEncodingFormat, EmbeddingResponseInput } from './embedding.js';
export { CreateEmbeddingResponse, Embedding, embeddingResponse, float32ToNumbers } from './embedding.js';
export type { ErrorBodyInput } from './error-body.js';
export { ErrorBody, errorBody } from './error-body.js';
export {
  chatCompletionId,
  completionId,
  requestId,
  responseIdSuffix,
  systemFingerprint,
  toolCallId,
} from './ids.js';
export { ChatChoiceLogprobs, ChatTokenLogprob, TextCompletionLogprobs, TopLogprob } from './logprobs.js';
export { Model, ModelList, modelList, modelObject } from './model.js';
export type { CompletionChoiceInput } from './text-completion.js';
export {
  Completion,
  CompletionChoice,
  CompletionChunk,
  CompletionChunkChoice,
  completion,
  completionChunk,
  completionUsageChunk,
} from './text-completion.js';
export { ChatToolCall, ChatToolCallDelta } from './tool-calls.js';
export type { UsageCounts } from './usage.js';
export {
  CompletionTokensDetails,
  CompletionUsage,
  completionUsage,
  EmbeddingUsage,
  PromptTokensDetails,
  TextCompletionUsage,
  textCompletionUsage,
} from './usage.js';
