import {
  type AnthropicContentBlock,
  type AnthropicMessage,
  anthropicMessage,
  anthropicUsage,
} from '@tokenpace/core';
import type { MessagesPlan, PlannedBlock } from './plan-messages.js';

export function contentBlock(block: PlannedBlock): AnthropicContentBlock {
  return block.type === 'text'
    ? { type: 'text', text: block.text }
    : { type: 'tool_use', id: block.id, name: block.name, input: block.input };
}

/** The non-streamed answer: every block, the stop reason and the exact usage. */
export function finalMessage(plan: MessagesPlan): AnthropicMessage {
  return anthropicMessage({
    id: plan.id,
    model: plan.model,
    content: plan.blocks.map(contentBlock),
    stopReason: plan.stopReason,
    stopSequence: plan.stopSequence,
    usage: anthropicUsage(plan.inputTokens, plan.outputTokens),
  });
}

/**
 * The snapshot `message_start` carries: no content and no stop reason yet, the final input counts, and 1
 * output token as the API's placeholder (0 when the answer has none).
 */
export function startingMessage(plan: MessagesPlan): AnthropicMessage {
  return anthropicMessage({
    id: plan.id,
    model: plan.model,
    content: [],
    stopReason: null,
    stopSequence: null,
    usage: anthropicUsage(plan.inputTokens, Math.min(1, plan.outputTokens)),
  });
}
