/** Growth by words: strings take words (one token each) until the count meets the target. */

import { applyFittingPrefix, type Change, type Growth, measure, walk } from './growth-state.js';
import type { WordStringNode } from './json-tree.js';
import { appendWord, pushWord, removeWord } from './word-string.js';

/** Corrections after words were spread: each word is one token, so one pass is the rule. */
const WORD_FIX_PASSES = 6;

export function wordSlots(growth: Growth): WordStringNode[] {
  const slots: WordStringNode[] = [];
  walk(growth.root, (node) => {
    if (node.kind === 'words') slots.push(node);
  });
  return slots;
}

const hasText = (slot: WordStringNode) => slot.base !== '' || slot.words.length > 0;

/** Adds `count` words across `slots` at random; returns how many it placed. */
function spreadWords(slots: WordStringNode[], count: number, rng: () => number): number {
  const open = [...slots];
  let placed = 0;
  while (placed < count && open.length > 0) {
    const index = Math.floor(rng() * open.length);
    if (appendWord(open[index] as WordStringNode)) placed++;
    else open.splice(index, 1);
  }
  return placed;
}

/** Removes `count` words, never the first word of a string (that one also moves the quotes' tokens). */
function dropWords(slots: WordStringNode[], count: number): number {
  let dropped = 0;
  for (const slot of slots) {
    const keep = slot.base === '' ? 1 : 0;
    while (dropped < count && slot.words.length > keep) {
      removeWord(slot);
      dropped++;
    }
  }
  return dropped;
}

/** Gives empty strings a first word, as many (in document order) as fit within `limit`. */
export function openEmptyStrings(growth: Growth, slots: WordStringNode[], limit: number): void {
  const openers: Change[] = slots
    .filter((slot) => !hasText(slot))
    .map((slot) => ({ apply: () => appendWord(slot), undo: () => removeWord(slot) }));
  applyFittingPrefix(growth, openers, limit);
}

/**
 * Fills strings with words up to the target: first one word in each empty string (as many strings as
 * fit), then words spread over them. A word after another word is one pre-token of one token, so
 * each adds exactly one; the measurement after checks it and corrects.
 */
export function fillWords(growth: Growth): void {
  const slots = wordSlots(growth);
  if (slots.length === 0 || growth.count >= growth.target) return;
  openEmptyStrings(growth, slots, growth.target);
  const started = slots.filter(hasText);
  if (started.length === 0) return;
  for (let pass = 0; pass < WORD_FIX_PASSES && growth.count !== growth.target; pass++) {
    const difference = growth.target - growth.count;
    const changed =
      difference > 0 ? spreadWords(started, difference, growth.context.rng) : dropWords(started, -difference);
    if (changed === 0) break;
    measure(growth);
  }
}

/** Text an empty string may take where a word would add two tokens: a space often adds one. */
const OPENING_NUDGES: readonly string[] = [' ', '.', '/', 'a', 'I', '-', '!', ',', '1'];
/** Text a string with words may end with where a word would overshoot. */
const ENDING_NUDGES: readonly string[] = ['.', '!', ',', '?', '-', ' 1', ' 12', ' a', ' (1)', ' etc.'];
/** Strings tried by {@link nudge}: a handful, since each try is a measurement of the whole document. */
const NUDGE_SLOTS = 8;

/**
 * Last step toward an exact count: gives a string a short text (a space, a stop) and keeps it when the
 * count lands on the target. Pre-token merges at a string's ends vary, so each try is measured.
 */
export function nudge(growth: Growth): void {
  const slots = wordSlots(growth);
  if (slots.length === 0) return;
  const empty = slots.filter((slot) => !hasText(slot)).slice(0, NUDGE_SLOTS);
  const started = slots.filter(hasText).slice(-NUDGE_SLOTS);
  for (const [candidates, endings] of [
    [empty, OPENING_NUDGES],
    [started, ENDING_NUDGES],
  ] as const) {
    for (const slot of candidates) {
      for (const ending of endings) {
        if (!pushWord(slot, ending)) continue;
        if (measure(growth) === growth.target) return;
        removeWord(slot);
      }
    }
  }
  measure(growth);
}
