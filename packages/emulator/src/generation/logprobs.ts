import { type ChatTokenLogprob, createRng, type TextCompletionLogprobs } from '@tokenpace/core';
import type { GeneratedChoices } from './generate-choices.js';

/** The API returns at most 20 alternatives per position for chat, 5 for legacy completions. */
export const MAX_CHAT_TOP_LOGPROBS = 20;
export const MAX_LEGACY_LOGPROBS = 5;

/** Salt that separates the logprob stream from the text stream of the same choice seed. */
const LOGPROB_SALT = 0x6c_6f_67_70;

function roundLogprob(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function utf8Bytes(text: string): number[] {
  return [...Buffer.from(text, 'utf8')];
}

/** A token's log probability and its runners-up, all lower; seeded per choice so output stays reproducible. */
interface PositionLogprobs {
  logprob: number;
  alternatives: { token: string; logprob: number }[];
}

/**
 * Plausible, deterministic log probabilities for a choice's pieces: the emitted token is the likeliest at
 * its position, its runners-up are other pieces of the same output (distinct from it and from each other
 * where the output allows), each less likely than the one before.
 */
function positionLogprobs(
  pieces: readonly string[],
  seed: number,
  alternativeCount: number,
): PositionLogprobs[] {
  const rng = createRng(seed + LOGPROB_SALT);
  return pieces.map((piece, position) => {
    const logprob = roundLogprob(-rng() * 0.7);
    const alternatives: { token: string; logprob: number }[] = [];
    const seen = new Set([piece]);
    let previous = logprob;
    for (let offset = 1; offset < pieces.length && alternatives.length < alternativeCount; offset++) {
      const token = pieces[(position + offset) % pieces.length] as string;
      if (seen.has(token)) continue;
      seen.add(token);
      previous = roundLogprob(previous - 0.5 - rng() * 2);
      alternatives.push({ token, logprob: previous });
    }
    return { logprob, alternatives };
  });
}

/** `logprobs.content` of a chat choice: one entry per content event, with `topCount` top_logprobs each. */
export function chatTokenLogprobs(
  pieces: readonly string[],
  seed: number,
  topCount: number,
): ChatTokenLogprob[] {
  const positions = positionLogprobs(pieces, seed, Math.max(0, topCount - 1));
  return pieces.map((piece, index) => {
    const { logprob, alternatives } = positions[index] as PositionLogprobs;
    const top = topCount === 0 ? [] : [{ token: piece, logprob }, ...alternatives];
    return {
      token: piece,
      logprob,
      bytes: utf8Bytes(piece),
      top_logprobs: top.map((entry) => ({ ...entry, bytes: utf8Bytes(entry.token) })),
    };
  });
}

/** `logprobs` of a legacy choice: the API's parallel arrays, text offsets counted from the start of the text. */
export function textCompletionLogprobs(
  pieces: readonly string[],
  seed: number,
  topCount: number,
): TextCompletionLogprobs {
  const positions = positionLogprobs(pieces, seed, Math.max(0, topCount - 1));
  const textOffsets: number[] = [];
  let offset = 0;
  for (const piece of pieces) {
    textOffsets.push(offset);
    offset += piece.length;
  }
  return {
    tokens: [...pieces],
    token_logprobs: positions.map((position) => position.logprob),
    top_logprobs: pieces.map((piece, index) => {
      const { logprob, alternatives } = positions[index] as PositionLogprobs;
      if (topCount === 0) return {};
      return Object.fromEntries([
        [piece, logprob],
        ...alternatives.map((entry) => [entry.token, entry.logprob]),
      ]);
    }),
    text_offset: textOffsets,
  };
}

/** Slice `index` of legacy logprobs, as one stream event carries it. */
export function textLogprobsAt(logprobs: TextCompletionLogprobs, index: number): TextCompletionLogprobs {
  return {
    tokens: logprobs.tokens.slice(index, index + 1),
    token_logprobs: logprobs.token_logprobs.slice(index, index + 1),
    top_logprobs: logprobs.top_logprobs.slice(index, index + 1),
    text_offset: logprobs.text_offset.slice(index, index + 1),
  };
}

/** Per-choice chat logprobs of generated output, or null when the caller did not ask for them. */
export function chatChoicesLogprobs(
  generated: GeneratedChoices,
  topCount: number | null,
): ChatTokenLogprob[][] | null {
  if (topCount === null) return null;
  return generated.choices.map((choice, index) =>
    chatTokenLogprobs(choice.pieces, generated.seeds[index] as number, topCount),
  );
}

/** Per-choice legacy logprobs of generated output, or null when the caller did not ask for them. */
export function textChoicesLogprobs(
  generated: GeneratedChoices,
  topCount: number | null,
): TextCompletionLogprobs[] | null {
  if (topCount === null) return null;
  return generated.choices.map((choice, index) =>
    textCompletionLogprobs(choice.pieces, generated.seeds[index] as number, topCount),
  );
}
