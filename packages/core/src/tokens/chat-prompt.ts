import type { EncodingName } from './encodings.js';
import { imageSizeFromDataUrl } from './image-size.js';
import { type ImageDetail, imageTokens } from './image-tokens.js';
import { countTextTokens } from './text-tokens.js';

/** Counts the tokens of one text: exactly ({@link countTextTokens}) or by estimate (`estimateTextTokens`). */
export type TextTokenCounter = (text: string, encoding: EncodingName) => number;

/** A {@link TextTokenCounter} bound to one encoding. */
type CountText = (text: string) => number;

export type ContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string; detail?: 'low' | 'high' | 'auto' } }
  | { type: string; [key: string]: unknown };

export interface ChatMessageInput {
  role: string;
  content?: string | readonly ContentPart[] | null;
  name?: string;
  [key: string]: unknown;
}

/** The OpenAI cookbook's constants ("How to count tokens with tiktoken"), valid since gpt-3.5-turbo-0613. */
export const TOKENS_PER_MESSAGE = 3;
export const TOKENS_PER_NAME = 1;
/** Every reply is primed with <|start|>assistant<|message|>. */
export const REPLY_PRIMING_TOKENS = 3;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Tokens of every string inside a value that is not plain content (tool_calls, function_call,
 * audio references …): the cookbook counts each value's text, and nested values hold their text
 * in their strings. Iterative, and each object is visited once, so no input can overflow or loop.
 */
function nestedStringTokens(value: unknown, count: CountText): number {
  let tokens = 0;
  const pending: unknown[] = [value];
  const visited = new Set<object>();
  while (pending.length > 0) {
    const current = pending.pop();
    if (typeof current === 'string') {
      tokens += count(current);
    } else if (isRecord(current) && !visited.has(current)) {
      visited.add(current);
      pending.push(...Object.values(current));
    }
  }
  return tokens;
}

function asImageDetail(detail: unknown): ImageDetail | undefined {
  return detail === 'low' || detail === 'high' || detail === 'auto' ? detail : undefined;
}

function imagePartTokens(imageUrl: unknown): number {
  // Older clients send the URL as a bare string; the current wire form is { url, detail }.
  const url = typeof imageUrl === 'string' ? imageUrl : isRecord(imageUrl) ? imageUrl.url : undefined;
  const detail = isRecord(imageUrl) ? asImageDetail(imageUrl.detail) : undefined;
  const size = typeof url === 'string' ? imageSizeFromDataUrl(url) : undefined;
  return imageTokens(detail, size);
}

/**
 * One content part: text and refusal parts by their text, images by the tile formula (never
 * fetched, base64 never tokenized). Audio and file parts cost 0 here: their tokens depend on
 * decoding the media, and OpenAI reports audio apart from text anyway.
 */
function contentPartTokens(part: unknown, count: CountText): number {
  if (!isRecord(part)) return typeof part === 'string' ? count(part) : 0;
  switch (part.type) {
    case 'text':
      return typeof part.text === 'string' ? count(part.text) : 0;
    case 'refusal':
      return typeof part.refusal === 'string' ? count(part.refusal) : 0;
    case 'image_url':
      return imagePartTokens(part.image_url);
    default:
      return 0;
  }
}

function contentTokens(content: unknown, count: CountText): number {
  if (typeof content === 'string') return count(content);
  if (!Array.isArray(content)) return nestedStringTokens(content, count);
  let tokens = 0;
  for (const part of content) tokens += contentPartTokens(part, count);
  return tokens;
}

/**
 * Prompt tokens of a chat request by the OpenAI cookbook's formula, which reproduces the API's
 * own counts: 3 per message, plus the tokens of every value (role, content, name …), plus 1 per
 * name, plus 3 priming the reply. Texts are counted by `countText` (exact by default).
 */
export function countChatPromptTokens(
  messages: readonly ChatMessageInput[],
  encoding: EncodingName,
  countText: TextTokenCounter = countTextTokens,
): number {
  const count: CountText = (text) => countText(text, encoding);
  let tokens = REPLY_PRIMING_TOKENS;
  for (const message of messages) {
    tokens += TOKENS_PER_MESSAGE;
    for (const [key, value] of Object.entries(message)) {
      if (value === undefined || value === null) continue;
      if (typeof value === 'string') tokens += count(value);
      else tokens += key === 'content' ? contentTokens(value, count) : nestedStringTokens(value, count);
      if (key === 'name') tokens += TOKENS_PER_NAME;
    }
  }
  return tokens;
}
