import {
  type AnthropicStopReason,
  anthropicMessageId,
  type EncodingName,
  type GeneratedOutput,
  type ResolvedTiming,
  type TokenPieces,
} from '@tokenpace/core';
import type { FastifyRequest } from 'fastify';
import { choiceSeeds } from '../generation/choice-seeds.js';
import { generateChoices } from '../generation/generate-choices.js';
import type { EmulatorServices } from '../plugins/services.js';
import { countAnthropicInput } from './count-input.js';
import type { MessagesRequest } from './messages-request.js';
import { type PlannedAnswer, planToolUse } from './plan-tool-use.js';

/** One content block of the answer; its pieces are its output tokens, one delta event each. */
export type PlannedBlock =
  | { readonly type: 'text'; readonly pieces: readonly string[]; readonly text: string }
  | {
      readonly type: 'tool_use';
      readonly id: string;
      readonly name: string;
      readonly pieces: readonly string[];
      /** The arguments as an object; `{}` when `max_tokens` cut their JSON short. */
      readonly input: Record<string, unknown>;
    };

/** Everything a Messages answer says, streamed or not. */
export interface MessagesPlan {
  id: string;
  model: string;
  inputTokens: number;
  blocks: readonly PlannedBlock[];
  /** Exact: the pieces of every block, as `usage.output_tokens` reports them. */
  outputTokens: number;
  stopReason: AnthropicStopReason;
  /** The stop sequence that ended the answer, when `stopReason` is `stop_sequence`. */
  stopSequence: string | null;
  stream: boolean;
}

/**
 * The stop sequence that cut `output`, or null when none did. The output stops right before the earliest
 * match in the text it would have said (the first listed on a tie), so that match is the one at its end.
 */
function matchedStopSequence(
  output: GeneratedOutput,
  uncut: () => GeneratedOutput,
  stops: readonly string[],
): string | null {
  if (stops.length === 0 || output.finishReason !== 'stop') return null;
  const fullText = uncut().text;
  if (fullText.length === output.text.length) return null;
  return stops.find((stop) => stop !== '' && fullText.indexOf(stop) === output.text.length) ?? null;
}

/** The answer in text: X-OUTPUT-LENGTH tokens (or the rule's text), capped by `max_tokens`, cut by a stop. */
function planText(
  body: MessagesRequest,
  timing: ResolvedTiming,
  seed: number,
  encoding: EncodingName,
  script: TokenPieces | null,
): PlannedAnswer {
  const stops = body.stop_sequences ?? [];
  const generate = (stop: readonly string[] | undefined): GeneratedOutput =>
    generateChoices({
      seeds: [seed],
      tokenCount: timing.outputLength,
      maxTokens: body.max_tokens,
      stop,
      encoding,
      script,
    }).choices[0] as GeneratedOutput;
  const output = generate(stops.length === 0 ? undefined : stops);
  const stopSequence = matchedStopSequence(output, () => generate(undefined), stops);
  const stopReason: AnthropicStopReason =
    stopSequence !== null ? 'stop_sequence' : output.finishReason === 'length' ? 'max_tokens' : 'end_turn';
  return {
    blocks: [{ type: 'text', pieces: output.pieces, text: output.text }],
    outputTokens: output.completionTokens,
    stopReason,
    stopSequence,
  };
}

/** Plans a Messages answer: its input tokens, its blocks (text, or tool calls) and why it stops. */
export async function planMessages(
  body: MessagesRequest,
  timing: ResolvedTiming,
  services: EmulatorServices,
  script: TokenPieces | null,
  request: FastifyRequest,
): Promise<MessagesPlan> {
  const encoding = services.models.encodingOf(body.model);
  const inputTokens = await countAnthropicInput(body, encoding, services);
  const [seed] = choiceSeeds(undefined, 1, services.rngs.outputSeeds) as [number];
  const answer =
    planToolUse(body, timing, services, seed, encoding, script, request) ??
    planText(body, timing, seed, encoding, script);
  return {
    id: anthropicMessageId(services.rngs.ids),
    model: body.model,
    inputTokens,
    ...answer,
    stream: body.stream === true,
  };
}
