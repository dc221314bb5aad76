/** Growth by structure: optional properties, nulls that become values, array items, extra properties. */
import { appendItem, buildNode, extraKey } from './build-tree.js';
import {
  applyFittingPrefix,
  type Change,
  type Growth,
  MAX_GROWTH_DEPTH,
  measure,
  shuffle,
  walk,
} from './growth-state.js';
import {
  type ArrayNode,
  insertEntry,
  type JsonNode,
  type ObjectNode,
  type PendingProperty,
} from './json-tree.js';

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
export function optionalChanges(growth: Growth): Change[] {
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
export function addFewItems(growth: Growth, limit: number): Change[] {
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
export function addManyItems(growth: Growth): boolean {
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
export function addExtraProperty(growth: Growth): Change | null {
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
