/** Strings of words: the part of a document that grows a token at a time. */
import type { Rng } from '../timing/rng.js';
import { FOLLOWING_PIECES, OPENING_PIECES } from '../tokens/pieces.generated.js';
import type { WordStringNode } from './json-tree.js';

function pickWord(list: readonly string[], rng: Rng): string {
  return list[Math.floor(rng() * list.length)] as string;
}

/** A string of `base` (what minLength asks for) that takes words from the shipped word list. */
export function createWordString(base: string, maxLength: number, rng: Rng): WordStringNode {
  return {
    kind: 'words',
    base,
    words: [],
    text: base,
    maxLength,
    nextWord: (opening) => pickWord(opening ? OPENING_PIECES : FOLLOWING_PIECES, rng),
  };
}

/** Appends a word if it fits `maxLength`; returns whether it did. */
export function appendWord(node: WordStringNode): boolean {
  const opening = node.base === '' && node.words.length === 0;
  const word = node.nextWord(opening);
  return pushWord(node, word);
}

/** Appends `word` (any text) if it fits `maxLength`; returns whether it did. */
export function pushWord(node: WordStringNode, word: string): boolean {
  if (node.text.length + word.length > node.maxLength) return false;
  node.words.push(word);
  node.text += word;
  return true;
}

/** Removes the last word (or text) appended. */
export function removeWord(node: WordStringNode): void {
  const word = node.words.pop();
  if (word !== undefined) node.text = node.text.slice(0, node.text.length - word.length);
}
