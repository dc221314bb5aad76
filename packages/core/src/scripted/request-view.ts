import type { ChatMessageInput } from '../tokens/chat-prompt.js';

/** What a scripted rule matches against, taken from a chat or legacy completion request. */
export interface RequestView {
  model: string;
  /** Text of the last user message (a legacy prompt stands in); null when there is none. */
  lastUserMessage: string | null;
  /** System and developer messages' text, joined by newlines; null when there are none. */
  systemPrompt: string | null;
}

const SYSTEM_ROLES = new Set(['system', 'developer']);

/** The text of a message's content: a string, or its text parts joined by newlines; null without text. */
export function messageText(content: ChatMessageInput['content']): string | null {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return null;
  const texts: string[] = [];
  for (const part of content) {
    if (part.type === 'text' && typeof part.text === 'string') texts.push(part.text);
  }
  return texts.length === 0 ? null : texts.join('\n');
}

export function chatRequestView(model: string, messages: readonly ChatMessageInput[]): RequestView {
  let lastUserMessage: string | null = null;
  const system: string[] = [];
  for (const message of messages) {
    if (message.role === 'user') lastUserMessage = messageText(message.content) ?? lastUserMessage;
    else if (SYSTEM_ROLES.has(message.role)) {
      const text = messageText(message.content);
      if (text !== null) system.push(text);
    }
  }
  return { model, lastUserMessage, systemPrompt: system.length === 0 ? null : system.join('\n') };
}

/** A legacy prompt: its text (several prompts joined by newlines); token arrays have no text to match. */
export function completionRequestView(model: string, prompt: unknown): RequestView {
  let text: string | null = null;
  if (typeof prompt === 'string') text = prompt;
  else if (Array.isArray(prompt) && prompt.length > 0 && prompt.every((item) => typeof item === 'string')) {
    text = prompt.join('\n');
  }
  return { model, lastUserMessage: text, systemPrompt: null };
}

/** A Responses API body: `input` as text or items, and `instructions` with system and developer messages. */
export function responsesRequestView(model: string, input: unknown, instructions: unknown): RequestView {
  const system: string[] = typeof instructions === 'string' ? [instructions] : [];
  if (typeof input === 'string') {
    return { model, lastUserMessage: input, systemPrompt: system.length === 0 ? null : system.join('\n') };
  }
  const messages: ChatMessageInput[] = [];
  if (Array.isArray(input)) {
    for (const item of input as { type?: unknown; role?: unknown; content?: unknown }[]) {
      if ((item.type ?? 'message') !== 'message' || typeof item.role !== 'string') continue;
      const content = Array.isArray(item.content)
        ? (item.content as { type?: string; text?: string }[]).map((part) => ({
            type: 'text',
            text: part.text,
          }))
        : item.content;
      messages.push({ role: item.role, content: content as ChatMessageInput['content'] });
    }
  }
  const view = chatRequestView(model, messages);
  const systemPrompt = [...system, ...(view.systemPrompt === null ? [] : [view.systemPrompt])];
  return { ...view, systemPrompt: systemPrompt.length === 0 ? null : systemPrompt.join('\n') };
}
