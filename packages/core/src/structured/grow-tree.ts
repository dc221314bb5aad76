import { fillWords, nudge, openEmptyStrings, wordSlots } from './fill-words.js';
import { addExtraProperty, addFewItems, addManyItems, optionalChanges } from './grow-structure.js';
import { applyFittingPrefix, type Change, type Growth, measure } from './growth-state.js';
import { serializeTree } from './json-tree.js';

/** Rounds of adding optional parts; each round reaches one level deeper into what the last one added. */
const ENRICH_ROUNDS = 6;
/** Attempts at the exact count that give back an added part to free room for words. */
const BACKOFF_ATTEMPTS = 8;
/** Share of the room above the smallest document that optional parts and first items may take. */
const STRUCTURE_SHARE = 0.6;

/**
 * Grows the smallest document toward `growth.target` tokens: optional parts and a few array items
 * first (so documents look written), then words in strings; where strings cannot take the rest, many
 * array items and properties outside `properties`; at last, when a word would overshoot, gives back
 * added parts to make room. Stops at the target, or as close below it as the schema allows.
 */
export function growTree(growth: Growth): string {
  if (measure(growth) >= growth.target) return serializeTree(growth.root);
  const history: Change[] = [];
  // Structure takes part of the room and words the rest, so that strings do not stay empty.
  const structureLimit = growth.count + Math.ceil((growth.target - growth.count) * STRUCTURE_SHARE);
  // The strings the schema requires read better with a word than empty, before anything optional.
  openEmptyStrings(growth, wordSlots(growth), structureLimit);
  for (let round = 0; round < ENRICH_ROUNDS && growth.count < structureLimit; round++) {
    const optional = applyFittingPrefix(growth, optionalChanges(growth), structureLimit);
    const items = addFewItems(growth, structureLimit);
    history.push(...optional, ...items);
    if (optional.length === 0 && items.length === 0) break;
  }
  fillWords(growth);
  for (let attempt = 0; attempt < 4 && growth.count < growth.target; attempt++) {
    const grew = addManyItems(growth);
    const extra = addExtraProperty(growth);
    if (extra !== null) history.push(extra);
    const optional = applyFittingPrefix(growth, optionalChanges(growth));
    history.push(...optional);
    fillWords(growth);
    if (!grew && extra === null && optional.length === 0) break;
  }
  if (growth.count < growth.target) nudge(growth);
  // Short of the target with no word to add: give back an added part and grow again in another order.
  // Only strings and optional parts can use the room freed; without them the search cannot help.
  const canUseRoom = wordSlots(growth).length > 0 || optionalChanges(growth).length > 0;
  for (
    let attempt = 0;
    canUseRoom && attempt < BACKOFF_ATTEMPTS && growth.best?.count !== growth.target;
    attempt++
  ) {
    const change = history.pop();
    if (change === undefined) break;
    change.undo();
    measure(growth);
    history.push(...applyFittingPrefix(growth, optionalChanges(growth)));
    fillWords(growth);
    if (growth.count < growth.target) nudge(growth);
  }
  return growth.best?.text ?? serializeTree(growth.root);
}
