/**
 * The state of a document while it grows: its tree, the count of its tokens, and changes that can
 * be applied and undone, measured a few at a time against the target.
 */
import type { BuildContext } from './build-tree.js';
import type { JsonTokenMeter } from './json-tokens.js';
import { type JsonNode, serializeTree } from './json-tree.js';

/** Optional properties and array items are added down to this depth only: it bounds recursive schemas. */
export const MAX_GROWTH_DEPTH = 8;
/** Changes tried one at a time after the longest fitting prefix: each costs a measurement. */
const SINGLE_TRIES = 12;

export interface Change {
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
export function measure(growth: Growth): number {
  const text = serializeTree(growth.root);
  const count = growth.meter.count(text);
  growth.count = count;
  const best = growth.best;
  if (best === null || (count <= growth.target && (best.count > growth.target || count > best.count))) {
    growth.best = { text, count };
  }
  return count;
}

export function shuffle<T>(list: T[], rng: () => number): T[] {
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
export function walk(node: JsonNode, visit: (node: JsonNode) => void): void {
  visit(node);
  if (node.kind === 'array' && node.unique) return;
  for (const child of children(node)) walk(child, visit);
}

/**
 * Applies the longest prefix of `changes` that keeps the count within the target (binary search:
 * a few measurements, not one per change); returns the changes kept, in order.
 */
export function applyFittingPrefix(growth: Growth, changes: Change[], limit = growth.target): Change[] {
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
