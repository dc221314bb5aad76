import type { ToolPromptDefinition } from '../agent/tool-prompt-tokens.js';
import { chatRequestView, type RequestView } from '../scripted/request-view.js';
import type { ChatMessageInput, ContentPart } from '../tokens/chat-prompt.js';

/** The fields of a Messages body that make up its prompt; anything else in them is ignored. */
export interface AnthropicPromptInput {
  system?: unknown;
  messages?: unknown;
  tools?: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The text of `system`: a string, or its text blocks joined by newlines; null without text. */
function systemText(system: unknown): string | null {
  if (typeof system === 'string') return system;
  if (!Array.isArray(system)) return null;
  const texts = system.flatMap((block) =>
    isRecord(block) && typeof block.text === 'string' ? [block.text] : [],
  );
  return texts.length === 0 ? null : texts.join('\n');
}

/** An image block as chat's image part: a base64 source becomes a data URL so its size can be read. */
function imagePart(source: unknown): ContentPart {
  if (isRecord(source) && source.type === 'base64') {
    return {
      type: 'image_url',
      image_url: { url: `data:${String(source.media_type)};base64,${String(source.data)}` },
    };
  }
  const url = isRecord(source) && typeof source.url === 'string' ? source.url : '';
  return { type: 'image_url', image_url: { url } };
}

/** What a tool result says, as text: its string content, or its text blocks. */
function toolResultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .flatMap((block) => (isRecord(block) && typeof block.text === 'string' ? [block.text] : []))
    .join('\n');
}

/**
 * One content block as the chat content part that costs the same: text as text, images by chat's image
 * formula, a tool call as its name and JSON input, a tool result as its text. Blocks without text cost 0.
 */
function blockPart(block: unknown): ContentPart | null {
  if (typeof block === 'string') return { type: 'text', text: block };
  if (!isRecord(block)) return null;
  switch (block.type) {
    case 'text':
      return typeof block.text === 'string' ? { type: 'text', text: block.text } : null;
    case 'image':
      return imagePart(block.source);
    case 'tool_use':
      return { type: 'text', text: `${String(block.name)}${JSON.stringify(block.input ?? {})}` };
    case 'tool_result':
      return { type: 'text', text: toolResultText(block.content) };
    default:
      return null;
  }
}

/**
 * A Messages body's prompt as chat messages, so that it is counted with the same formulas as a chat
 * completion's (Claude's tokenizer is not public): `system` as a system message, then each turn with its
 * blocks as content parts.
 */
export function anthropicPromptMessages(input: AnthropicPromptInput): ChatMessageInput[] {
  const messages: ChatMessageInput[] = [];
  const system = systemText(input.system);
  if (system !== null) messages.push({ role: 'system', content: system });
  if (!Array.isArray(input.messages)) return messages;
  for (const message of input.messages) {
    if (!isRecord(message)) continue;
    const role = typeof message.role === 'string' ? message.role : 'user';
    if (typeof message.content === 'string') {
      messages.push({ role, content: message.content });
      continue;
    }
    const parts = Array.isArray(message.content)
      ? message.content.flatMap((block) => blockPart(block) ?? [])
      : [];
    messages.push({ role, content: parts });
  }
  return messages;
}

/** The body's tools as their definitions count toward the prompt: `input_schema` is chat's `parameters`. */
export function anthropicPromptTools(tools: unknown): ToolPromptDefinition[] {
  if (!Array.isArray(tools)) return [];
  return tools.flatMap((tool) =>
    isRecord(tool) && typeof tool.name === 'string'
      ? [
          {
            name: tool.name,
            description: typeof tool.description === 'string' ? tool.description : null,
            parameters: tool.input_schema,
          },
        ]
      : [],
  );
}

/** What scripted rules match in a Messages body: the last user text, and `system` as the system prompt. */
export function anthropicRequestView(model: string, input: AnthropicPromptInput): RequestView {
  return chatRequestView(model, anthropicPromptMessages(input));
}
