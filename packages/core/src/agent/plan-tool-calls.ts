import { type GeneratedJson, generateJson, type JsonSchema } from '../structured/index.js';
import { createRng } from '../timing/rng.js';
import type { EncodingName } from '../tokens/encodings.js';
import { decideToolCalls, type ToolCallOverride, type ToolChoice } from './tool-choice.js';

/** A function tool as the generator needs it: its name and the JSON Schema of its arguments. */
export interface ToolDefinition {
  name: string;
  /** null: a function without parameters, whose arguments are `{}`. */
  parameters: JsonSchema | null;
}

export interface ToolCallPlanInput {
  tools: readonly ToolDefinition[];
  choice: ToolChoice;
  /** True when the last input message is the user's (not a tool result): under auto, tools are called then. */
  lastInputFromUser: boolean;
  parallel: boolean;
  /** The X-Tool-Call header or a scripted rule's `tool_call`, parsed; null for the default policy. */
  override: ToolCallOverride | null;
  /** Output tokens of all the calls' arguments together; split across the calls. */
  targetTokens: number;
  encoding: EncodingName;
  seed: number;
}

export interface PlannedToolCall {
  name: string;
  /** The arguments, valid for the tool's parameters, split into one piece per token. */
  arguments: GeneratedJson;
}

/** The schema of a function declared without parameters: its arguments are the empty object. */
const NO_PARAMETERS: JsonSchema = { type: 'object', properties: {}, additionalProperties: false };

const TWO_POW_32 = 2 ** 32;

/** `total` split into `parts` shares that differ by one at most, the larger ones first. */
export function splitTokens(total: number, parts: number): number[] {
  const base = Math.floor(total / parts);
  const larger = total - base * parts;
  return Array.from({ length: parts }, (_, index) => base + (index < larger ? 1 : 0));
}

/**
 * The tool calls of an answer (empty when it is text; see decideToolCalls), each with schema-valid arguments of
 * exactly its share of `targetTokens` when the smallest valid arguments fit in it. The same input gives the
 * same calls. A named tool the request does not declare is called with empty-object arguments; callers reject
 * such requests first.
 */
export function planToolCalls(input: ToolCallPlanInput): PlannedToolCall[] {
  const names = decideToolCalls({
    toolNames: input.tools.map((tool) => tool.name),
    choice: input.choice,
    lastInputFromUser: input.lastInputFromUser,
    parallel: input.parallel,
    override: input.override,
  });
  if (names.length === 0) return [];
  const shares = splitTokens(input.targetTokens, names.length);
  const seeds = createRng(input.seed);
  return names.map((name, index) => {
    const schema = input.tools.find((tool) => tool.name === name)?.parameters ?? NO_PARAMETERS;
    return {
      name,
      arguments: generateJson({
        schema,
        targetTokens: shares[index] as number,
        encoding: input.encoding,
        seed: Math.floor(seeds() * TWO_POW_32),
      }),
    };
  });
}
