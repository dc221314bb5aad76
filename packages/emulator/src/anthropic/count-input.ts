import {
  type AnthropicPromptInput,
  anthropicPromptMessages,
  anthropicPromptTools,
  type EncodingName,
  toolDefinitionTokens,
} from '@tokenpace/core';
import type { EmulatorServices } from '../plugins/services.js';

/**
 * Input tokens of a Messages body: its system prompt and turns counted as a chat prompt, plus its tools as
 * chat counts function definitions, in the model's configured encoding (Claude's tokenizer is not public).
 * Large prompts are counted off the event loop, hence the promise.
 */
export async function countAnthropicInput(
  body: AnthropicPromptInput,
  encoding: EncodingName,
  services: EmulatorServices,
): Promise<number> {
  const messageTokens = await services.promptCounter.count('chat', anthropicPromptMessages(body), encoding);
  return messageTokens + toolDefinitionTokens(anthropicPromptTools(body.tools), encoding);
}
