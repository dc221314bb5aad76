import type { AnthropicErrorType } from './error-body.js';
import type { AnthropicContentBlock, AnthropicMessage, AnthropicStopReason } from './message.js';

/**
 * The Messages API's server-sent events. Every frame has an `event:` line naming it, and the name equals the
 * JSON `type`: the SDKs dispatch on the name and drop frames without one. There is no `[DONE]`; the stream
 * ends after `message_stop`.
 */
export function anthropicEvent(name: string, json: string): string {
  return `event: ${name}\ndata: ${json}\n\n`;
}

export function messageStartEvent(message: AnthropicMessage): string {
  return anthropicEvent('message_start', JSON.stringify({ type: 'message_start', message }));
}

/** Opens block `index`: a text block starts with `text: ""`, a tool_use block with `input: {}`. */
export function contentBlockStartEvent(index: number, block: AnthropicContentBlock): string {
  const opened = block.type === 'text' ? { type: 'text', text: '' } : { ...block, input: {} };
  return anthropicEvent(
    'content_block_start',
    JSON.stringify({ type: 'content_block_start', index, content_block: opened }),
  );
}

export const PING_EVENT = anthropicEvent('ping', '{"type":"ping"}');

/** The prefix of a delta event on block `index` up to its delta's text, which the caller quotes. */
function deltaPrefix(index: number, deltaType: 'text_delta' | 'input_json_delta'): string {
  const field = deltaType === 'text_delta' ? 'text' : 'partial_json';
  return `event: content_block_delta\ndata: {"type":"content_block_delta","index":${index},"delta":{"type":"${deltaType}","${field}":`;
}

/**
 * Encodes the delta events of one block: one per output token, so the hot path only quotes the piece.
 * `text_delta` for text, `input_json_delta` for a tool call's arguments.
 */
export function createDeltaEncoder(
  index: number,
  deltaType: 'text_delta' | 'input_json_delta',
): (piece: string) => string {
  const prefix = deltaPrefix(index, deltaType);
  return (piece) => `${prefix}${JSON.stringify(piece)}}}\n\n`;
}

export function contentBlockStopEvent(index: number): string {
  return anthropicEvent('content_block_stop', `{"type":"content_block_stop","index":${index}}`);
}

/**
 * The stop reason and the final, cumulative `output_tokens` (the SDKs assign it, they do not add); null
 * leaves `usage` out, as the no-usage fault does.
 */
export function messageDeltaEvent(
  stopReason: AnthropicStopReason,
  stopSequence: string | null,
  outputTokens: number | null,
): string {
  const delta = { stop_reason: stopReason, stop_sequence: stopSequence };
  return anthropicEvent(
    'message_delta',
    JSON.stringify(
      outputTokens === null
        ? { type: 'message_delta', delta }
        : { type: 'message_delta', delta, usage: { output_tokens: outputTokens } },
    ),
  );
}

export const MESSAGE_STOP_EVENT = anthropicEvent('message_stop', '{"type":"message_stop"}');

/** A mid-stream error after the 200: the SDKs throw it as an API error and do not retry it. */
export function anthropicErrorEvent(type: AnthropicErrorType, message: string): string {
  return anthropicEvent('error', JSON.stringify({ type: 'error', error: { type, message } }));
}
