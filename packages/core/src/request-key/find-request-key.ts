import { REQUEST_KEY_MARKER } from '../protocol.js';

/** Characters a request key may hold: safe in a header, a URL, a file name and every tokenizer. */
const KEY_CHARACTER = /[A-Za-z0-9._-]/;

/** The marker that carries `key` in prompt text; throws for a key a marker cannot carry. */
export function requestKeyMarker(key: string): string {
  if (!isRequestKey(key)) {
    throw new RangeError(
      `request key ${JSON.stringify(key)} must be 1–${REQUEST_KEY_MARKER.maxKeyChars} of A–Z a–z 0–9 . _ -`,
    );
  }
  return `${REQUEST_KEY_MARKER.open}${key}${REQUEST_KEY_MARKER.close}`;
}

export function isRequestKey(key: string): boolean {
  if (key.length === 0 || key.length > REQUEST_KEY_MARKER.maxKeyChars) return false;
  for (const character of key) if (!KEY_CHARACTER.test(character)) return false;
  return true;
}

/** The key of the first well-formed marker in `text`, or null. */
export function findRequestKeyInText(text: string): string | null {
  const { open, close, maxKeyChars } = REQUEST_KEY_MARKER;
  let from = text.indexOf(open);
  while (from !== -1) {
    const start = from + open.length;
    const end = text.indexOf(close, start);
    if (end === -1) return null;
    const key = text.slice(start, end);
    if (end - start <= maxKeyChars && isRequestKey(key)) return key;
    from = text.indexOf(open, start);
  }
  return null;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The key in a content value of any of the APIs: a string, or a list of parts whose text is in `text`
 * (chat `text` parts, Responses `input_text`/`output_text`, Anthropic `text` blocks) or in a nested `content`
 * (Anthropic `tool_result` blocks).
 */
function inContent(content: unknown): string | null {
  if (typeof content === 'string') return findRequestKeyInText(content);
  if (!Array.isArray(content)) return null;
  for (const part of content) {
    if (typeof part === 'string') {
      const key = findRequestKeyInText(part);
      if (key !== null) return key;
    } else if (isObject(part)) {
      const key =
        (typeof part.text === 'string' ? findRequestKeyInText(part.text) : null) ?? inContent(part.content);
      if (key !== null) return key;
    }
  }
  return null;
}

/** The key in a list of messages or Responses input items: each item's `content`. */
function inMessages(messages: unknown): string | null {
  if (!Array.isArray(messages)) return null;
  for (const message of messages) {
    if (!isObject(message)) continue;
    const key = inContent(message.content);
    if (key !== null) return key;
  }
  return null;
}

/**
 * The request key a client put in a request body's prompt, or null: it looks where each API keeps its prompt
 * — chat `messages`, legacy `prompt` (a string or a list of strings), Responses `instructions` and `input` (a
 * string or a list of items), Anthropic `system` and `messages`. Pure; reads only those fields.
 */
export function findRequestKey(body: unknown): string | null {
  if (!isObject(body)) return null;
  return (
    inContent(body.system) ??
    (typeof body.instructions === 'string' ? findRequestKeyInText(body.instructions) : null) ??
    inMessages(body.messages) ??
    inContent(body.prompt) ??
    (typeof body.input === 'string' ? findRequestKeyInText(body.input) : inMessages(body.input))
  );
}
