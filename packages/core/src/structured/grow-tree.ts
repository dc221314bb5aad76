import {
  appendItem,
  appendWord,
  type BuildContext,
  buildNode,
  extraKey,
  pushWord,
  removeWord,
} from './build-tree.js';
import type { JsonTokenMeter } from './json-tokens.js';
import {
  type ArrayNode,
  insertEntry,
  type JsonNode,
  type ObjectNode,
  type PendingProperty,
  serializeTree,
  type WordStringNode,
} from './json-tree.js';

/** Optional properties and array items are added down to this depth only: it bounds recursive schemas. */
export const MAX_GROWTH_DEPTH = 8;
/** Rounds of adding optional parts; each round reaches one level deeper into what the last one added. */
const ENRICH_ROUNDS = 6;
/** Attempts at the exact count that give back an added part to free room for words. */
const BACKOFF_ATTEMPTS = 8;
/** Share of the room above the smallest document that optional parts and first items may take. */
const STRUCTURE_SHARE = 0.6;
/** Changes tried one at a time after the longest fitting prefix: each costs a measurement. */
const SINGLE_TRIES = 12;
/** Corrections after words were spread: each word is one token, so one pass is the rule. */
const WORD_FIX_PASSES = 6;

interface Change {
  apply(): boolean;
  undo(): void;
}

/** A tree being grown toward `target` tokens, with its current count. */
export interface Growth {
  readonly root: JsonNode;
  readonly context: BuildContext;
  readonly meter: JsonTokenMeter;
  readonly target: number;
  count: number;
  /** The document closest to the target (below it, when one is) measured so far. */
  best: { readonly text: string; readonly count: number } | null;
}

/**
 * Counts the tree as it stands and remembers the best document seen: the first one, then any closer
 * to the target without passing it. Every state the tree passes through is a valid document.
 */
function measure(growth: Growth): number {
  const text = serializeTree(growth.root);
  const count = growth.meter.count(text);
  growth.count = count;
  const best = growth.best;
  if (best === null || (count <= growth.target && (best.count > growth.target || count > best.count))) {
    growth.best = { text, count };
  }
  return count;
}

function shuffle<T>(list: T[], rng: () => number): T[] {
  for (let index = list.length - 1; index > 0; index--) {
    const other = Math.floor(rng() * (index + 1));
    [list[index], list[other]] = [list[other] as T, list[index] as T];
  }
  return list;
}

function children(node: JsonNode): JsonNode[] {
  switch (node.kind) {
    case 'object':
      return node.entries.map((entry) => entry.node);
    case 'array':
      return node.items;
    case 'nullable':
      return node.value === null ? [] : [node.value];
    default:
      return [];
  }
}

/**
 * Visits the nodes that may still change. Items of a `uniqueItems` array are left as built: they
 * were checked to differ, and growing them could make two equal. The array itself may still grow.
 */
function walk(node: JsonNode, visit: (node: JsonNode) => void): void {
  visit(node);
  if (node.kind === 'array' && node.unique) return;
  for (const child of children(node)) walk(child, visit);
}

function addPropertyChange(node: ObjectNode, pending: PendingProperty, growth: Growth): Change {
  let built: JsonNode | undefined;
  return {
    apply() {
      if (node.entries.length >= node.maxProperties) return false;
      built ??= buildNode(pending.schema, growth.context, node.depth + 1, 0);
      node.pending.splice(node.pending.indexOf(pending), 1);
      insertEntry(node, { key: pending.key, order: pending.order, node: built });
      return true;
    },
    undo() {
      node.entries.splice(
        node.entries.findIndex((entry) => entry.key === pending.key),
        1,
      );
      node.pending.push(pending);
    },
  };
}

/** Optional properties not written yet and nulls that may become values: the document's optional parts. */
function optionalChanges(growth: Growth): Change[] {
  const changes: Change[] = [];
  walk(growth.root, (node) => {
    if (node.kind === 'object' && node.depth <= MAX_GROWTH_DEPTH) {
      for (const pending of node.pending) changes.push(addPropertyChange(node, pending, growth));
    } else if (node.kind === 'nullable' && node.value === null && node.depth <= MAX_GROWTH_DEPTH) {
      let built: JsonNode | undefined;
      changes.push({
        apply() {
          built ??= buildNode(node.upgrade, growth.context, node.depth, 0);
          node.value = built;
          return true;
        },
        undo() {
          node.value = null;
        },
      });
    }
  });
  return shuffle(changes, growth.context.rng);
}

/**
 * Applies the longest prefix of `changes` that keeps the count within the target (binary search:
 * a few measurements, not one per change); returns the changes kept, in order.
 */
function applyFittingPrefix(growth: Growth, changes: Change[], limit = growth.target): Change[] {
  const applied: Change[] = [];
  for (const change of changes) if (change.apply()) applied.push(change);
  if (applied.length === 0 || measure(growth) <= limit) return applied;
  let fits = 0;
  let overflows = applied.length;
  let current = applied.length;
  const moveTo = (count: number) => {
    while (current > count) (applied[--current] as Change).undo();
    while (current < count) (applied[current++] as Change).apply();
  };
  while (overflows - fits > 1) {
    const middle = (fits + overflows) >> 1;
    moveTo(middle);
    if (measure(growth) <= limit) fits = middle;
    else overflows = middle;
  }
  moveTo(fits);
  measure(growth);
  // The change that overflowed may be the only large one: try a few of the rest one by one.
  const kept = applied.slice(0, fits);
  for (const change of applied.slice(fits + 1, fits + 1 + SINGLE_TRIES)) {
    if (growth.count >= limit || !change.apply()) continue;
    if (measure(growth) <= limit) kept.push(change);
    else {
      change.undo();
      measure(growth);
    }
  }
  return kept;
}

function growableArrays(growth: Growth): ArrayNode[] {
  const arrays: ArrayNode[] = [];
  walk(growth.root, (node) => {
    if (
      node.kind === 'array' &&
      node.depth <= MAX_GROWTH_DEPTH &&
      node.items.length < node.maxItems &&
      node.itemSchema(node.items.length) !== undefined
    ) {
      arrays.push(node);
    }
  });
  return arrays;
}

/** How many items an array is given before words fill the rest: a few, as a model writes lists. */
const preferredLengths = new WeakMap<ArrayNode, number>();

function preferredLength(node: ArrayNode, rng: () => number): number {
  let length = preferredLengths.get(node);
  if (length === undefined) {
    length = node.items.length + 1 + Math.floor(rng() * 3);
    preferredLengths.set(node, length);
  }
  return length;
}

function itemChange(node: ArrayNode, growth: Growth): Change {
  return {
    apply: () => appendItem(node, growth.context),
    undo: () => {
      node.items.pop();
    },
  };
}

/** Gives each array its preferred few items, as far as they fit. */
function addFewItems(growth: Growth, limit: number): Change[] {
  const changes: Change[] = [];
  for (const node of growableArrays(growth)) {
    const wanted = preferredLength(node, growth.context.rng) - node.items.length;
    for (let index = 0; index < wanted; index++) changes.push(itemChange(node, growth));
  }
  return applyFittingPrefix(growth, changes, limit);
}

/**
 * Adds as many items as fit to each array in turn, at a measured cost per item: the way to reach
 * large targets when no string can take words.
 */
function addManyItems(growth: Growth): boolean {
  let added = false;
  for (const node of growableArrays(growth)) {
    if (growth.count >= growth.target) break;
    const before = growth.count;
    if (!appendItem(node, growth.context)) continue;
    if (measure(growth) > growth.target) {
      node.items.pop();
      measure(growth);
      continue;
    }
    added = true;
    const cost = Math.max(1, growth.count - before);
    const more = Math.floor((growth.target - growth.count) / cost);
    const changes: Change[] = [];
    for (let index = 0; index < more && index < node.maxItems; index++)
      changes.push(itemChange(node, growth));
    applyFittingPrefix(growth, changes);
  }
  return added;
}

/** Adds one property outside `properties` to the shallowest object that allows one. */
function addExtraProperty(growth: Growth): Change | null {
  let chosen: ObjectNode | null = null;
  walk(growth.root, (node) => {
    if (
      chosen === null &&
      node.kind === 'object' &&
      node.extraSchema !== undefined &&
      node.entries.length < node.maxProperties
    ) {
      chosen = node;
    }
  });
  if (chosen === null) return null;
  const node: ObjectNode = chosen;
  const key = extraKey(node, growth.context.rng);
  const pending: PendingProperty = { key, schema: node.extraSchema, order: Number.MAX_SAFE_INTEGER };
  node.pending.push(pending);
  const change = addPropertyChange(node, pending, growth);
  const kept = applyFittingPrefix(growth, [change]);
  if (kept.length === 0) node.pending.splice(node.pending.indexOf(pending), 1);
  return kept[0] ?? null;
}

function wordSlots(growth: Growth): WordStringNode[] {
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
function openEmptyStrings(growth: Growth, slots: WordStringNode[], limit: number): void {
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
function fillWords(growth: Growth): void {
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
function nudge(growth: Growth): void {
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
