import { HEADER_TOOL_CALL } from '../protocol.js';
import { quoteValue, TimingParseError } from '../timing/timing-parse-error.js';

/** How a request lets the model use its tools, the same for OpenAI's and Anthropic's APIs. */
export type ToolChoice =
  | { readonly mode: 'none' }
  | { readonly mode: 'auto' }
  | { readonly mode: 'required' }
  | { readonly mode: 'named'; readonly name: string };

/** What the `X-Tool-Call` header (or a scripted rule's `tool_call`) asks for instead of the default policy. */
export type ToolCallOverride =
  | { readonly kind: 'text' }
  | { readonly kind: 'auto' }
  | { readonly kind: 'count'; readonly count: number }
  | { readonly kind: 'names'; readonly names: readonly string[] };

/** More parallel calls than this in one answer is surely a typo; OpenAI's own limit on tool calls is 128. */
export const MAX_PARALLEL_TOOL_CALLS = 128;

const TOOL_NAME = /^[A-Za-z0-9_.:-]{1,128}$/;

/**
 * Parses an `X-Tool-Call` value: `text`, `auto`, a count (`3`), or tool names separated by commas. Throws the
 * error the emulator answers as a 400 naming `param` (the header, or a rule's key).
 */
export function parseToolCallOverride(value: string, param: string = HEADER_TOOL_CALL): ToolCallOverride {
  const text = value.trim();
  if (text === 'text') return { kind: 'text' };
  if (text === 'auto') return { kind: 'auto' };
  if (/^\d+$/.test(text)) {
    const count = Number(text);
    if (count < 1 || count > MAX_PARALLEL_TOOL_CALLS) {
      throw overrideError(param, value, `must be between 1 and ${MAX_PARALLEL_TOOL_CALLS} calls.`);
    }
    return { kind: 'count', count };
  }
  const names = text.split(',').map((name) => name.trim());
  if (names.length > MAX_PARALLEL_TOOL_CALLS || !names.every((name) => TOOL_NAME.test(name))) {
    throw overrideError(
      param,
      value,
      "must be 'text', 'auto', a number of calls, or tool names separated by commas.",
    );
  }
  return { kind: 'names', names };
}

function overrideError(param: string, value: string, reason: string): TimingParseError {
  const what = /^x-/i.test(param) ? `${param} header` : param;
  return new TimingParseError(param, `Invalid ${what}: ${quoteValue(value)} ${reason}`);
}

export interface ToolCallDecisionInput {
  /** Names of the request's function tools, in the order it declares them. */
  toolNames: readonly string[];
  choice: ToolChoice;
  /**
   * True when the conversation's last input is the user's rather than a tool result: under `auto` the model
   * then calls a tool, and after tool results it answers in text, so agent loops end by themselves.
   */
  lastInputFromUser: boolean;
  /** False when the request allows one call at most (`parallel_tool_calls: false`). */
  parallel: boolean;
  override: ToolCallOverride | null;
}

/**
 * Which tools the answer calls, in order; empty for a text answer. `required` and a named tool always call
 * (an override picks which and how many under `required`, never text); `none` never does.
 */
export function decideToolCalls(input: ToolCallDecisionInput): string[] {
  const { toolNames, choice, override } = input;
  if (toolNames.length === 0 || choice.mode === 'none') return [];
  if (choice.mode === 'named') return [choice.name];
  let names: string[];
  if (override === null || override.kind === 'auto') {
    const calls = choice.mode === 'required' || input.lastInputFromUser;
    names = calls ? [toolNames[0] as string] : [];
  } else if (override.kind === 'text') {
    names = choice.mode === 'required' ? [toolNames[0] as string] : [];
  } else if (override.kind === 'count') {
    names = Array.from(
      { length: override.count },
      (_, index) => toolNames[index % toolNames.length] as string,
    );
  } else {
    names = [...override.names];
  }
  return input.parallel ? names : names.slice(0, 1);
}

/** The names of an override that the request does not declare, for the 400 that names them. */
export function unknownOverrideTools(
  override: ToolCallOverride | null,
  toolNames: readonly string[],
): string[] {
  if (override === null || override.kind !== 'names') return [];
  return override.names.filter((name) => !toolNames.includes(name));
}
