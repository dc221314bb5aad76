export type { AnthropicErrorType } from './error-body.js';
export { AnthropicErrorBody, anthropicErrorBody, anthropicErrorType } from './error-body.js';
export { anthropicMessageId, anthropicToolUseId } from './ids.js';
export type { AnthropicMessageInput } from './message.js';
export {
  AnthropicContentBlock,
  AnthropicMessage,
  AnthropicStopReason,
  AnthropicTextBlock,
  AnthropicToolUseBlock,
  AnthropicUsage,
  anthropicMessage,
  anthropicUsage,
} from './message.js';
export type { ModelPageQuery } from './model-info.js';
export {
  AnthropicModelInfo,
  AnthropicModelPage,
  anthropicModelInfo,
  anthropicModelPage,
} from './model-info.js';
export type { AnthropicPromptInput } from './prompt-messages.js';
export { anthropicPromptMessages, anthropicPromptTools, anthropicRequestView } from './prompt-messages.js';
export {
  anthropicErrorEvent,
  anthropicEvent,
  contentBlockStartEvent,
  contentBlockStopEvent,
  createDeltaEncoder,
  MESSAGE_STOP_EVENT,
  messageDeltaEvent,
  messageStartEvent,
  PING_EVENT,
} from './stream-events.js';
