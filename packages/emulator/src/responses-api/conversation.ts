import type { ChatMessageInput, ResponseOutputItem } from '@tokenpace/core';
import { InvalidParameterError } from '../errors/catalogue.js';
import type { ResponsesInputItem } from './responses-request.js';

/** A Responses request's input as the emulator reads it. */
export interface Conversation {
  /** The input as chat messages, for the chat prompt formula (instructions first, as a system message). */
  messages: ChatMessageInput[];
  /**
   * True when the last input is a message from the user (or the input is plain text), false after a
   * function call's output: under `tool_choice: auto` the answer then calls a tool, else it is text.
   */
  lastInputFromUser: boolean;
  /** Every text of the input, lower-cased and joined: json_object mode needs the word "json" in it. */
  textForJsonCheck: string;
}

function contentText(content: ResponsesInputItem['content']): string {
  if (content === undefined) return '';
  if (typeof content === 'string') return content;
  return content.map((part) => part.text ?? '').join('\n');
}

/**
 * Reads `input` (and `instructions`): messages count as chat messages; a replayed function call counts its
 * name and arguments as an assistant message, and its output as a tool message. A `function_call_output` must
 * answer a call made earlier in the input or by the previous response (`knownCallIds`), as the API requires;
 * null `knownCallIds` skips that check (the rate limiter counts before the previous response is looked up).
 */
export function readConversation(
  input: string | readonly ResponsesInputItem[] | undefined,
  instructions: string | null | undefined,
  knownCallIds: readonly string[] | null,
  resolveItem: (id: string) => ResponseOutputItem | undefined = () => undefined,
): Conversation {
  const messages: ChatMessageInput[] = [];
  const texts: string[] = [];
  if (instructions !== null && instructions !== undefined) {
    messages.push({ role: 'system', content: instructions });
    texts.push(instructions);
  }
  if (input === undefined || typeof input === 'string') {
    const text = input ?? '';
    messages.push({ role: 'user', content: text });
    texts.push(text);
    return { messages, lastInputFromUser: true, textForJsonCheck: texts.join('\n').toLowerCase() };
  }
  const callIds = knownCallIds === null ? null : new Set(knownCallIds);
  let lastInputFromUser = false;
  for (const [index, given] of input.entries()) {
    // A reference to an item of a stored response stands for that item (clients that store send these).
    const item: ResponsesInputItem =
      given.type === 'item_reference' && given.id !== undefined
        ? (resolvedItem(resolveItem(given.id)) ?? given)
        : given;
    const type = item.type ?? 'message';
    if (type === 'function_call') {
      if (item.call_id !== undefined) callIds?.add(item.call_id);
      messages.push({ role: 'assistant', content: `${item.name ?? ''}${item.arguments ?? ''}` });
      lastInputFromUser = false;
    } else if (type === 'function_call_output') {
      if (callIds !== null && (item.call_id === undefined || !callIds.has(item.call_id))) {
        throw new InvalidParameterError({
          message: `No tool call found for function call output with call_id ${item.call_id ?? ''}.`,
          param: 'input',
          code: null,
        });
      }
      const output = contentText(item.output);
      messages.push({ role: 'tool', content: output });
      texts.push(output);
      lastInputFromUser = false;
    } else if (type === 'message') {
      const text = contentText(item.content);
      const role = item.role ?? 'user';
      messages.push({ role, content: text });
      texts.push(text);
      lastInputFromUser = role === 'user';
    } else if (type !== 'reasoning' && type !== 'item_reference') {
      throw new InvalidParameterError({
        message: `Invalid value: '${type}'. Supported values are: 'message', 'function_call', 'function_call_output', 'reasoning' and 'item_reference'.`,
        param: `input[${index}].type`,
        code: 'invalid_value',
      });
    }
  }
  return { messages, lastInputFromUser, textForJsonCheck: texts.join('\n').toLowerCase() };
}

function resolvedItem(item: ResponseOutputItem | undefined): ResponsesInputItem | undefined {
  if (item === undefined) return undefined;
  if (item.type === 'function_call') {
    return { type: 'function_call', call_id: item.call_id, name: item.name, arguments: item.arguments };
  }
  return { type: 'message', role: 'assistant', content: item.content.map((part) => part.text).join('') };
}
