import type { Rng } from '../timing/rng.js';
import { formatValue } from './format-values.js';
import {
  type ArrayNode,
  asciiJson,
  asciiJsonString,
  insertEntry,
  type JsonNode,
  type ObjectNode,
  serializeTree,
} from './json-tree.js';
import { chooseNumber } from './number-values.js';
import { samplePattern } from './pattern-sample.js';
import { matchesSchema } from './schema-match.js';
import {
  isSchemaObject,
  type JsonSchema,
  type JsonType,
  mergeViews,
  resolveView,
  type SchemaView,
  viewTypes,
} from './schema-view.js';
import { appendWord, createWordString, pushWord } from './word-string.js';

/** Nesting beyond this is only reached by required self-references, which no finite document meets. */
export const MAX_BUILD_DEPTH = 32;
/** `anyOf`/`oneOf` branches tried for the smallest value; later ones are ignored. */
const MAX_BRANCHES = 16;
/** Tries at an item that differs from the others of a `uniqueItems` array. */
const UNIQUE_ATTEMPTS = 6;

/** Names of the properties added where a schema allows any (json_object mode, open objects). */
export const EXTRA_KEYS: readonly string[] = [
  'summary',
  'title',
  'details',
  'notes',
  'status',
  'category',
  'comment',
  'topic',
];

export interface BuildContext {
  readonly root: JsonSchema;
  readonly rng: Rng;
  /** Values still allowed to be built: bounds schemas whose required parts recurse more than once. */
  nodeBudget: number;
}

/** Values one document may build in all (a 8,000-token document has a few thousand). */
export const MAX_BUILT_NODES = 100_000;

const NULL_NODE: JsonNode = { kind: 'literal', json: 'null' };

/** Preference among the non-null types of a value: strings grow freely, so they come first. */
const TYPE_PREFERENCE: readonly JsonType[] = ['string', 'object', 'array', 'integer', 'number', 'boolean'];

function pickFrom(list: readonly string[], rng: Rng): string {
  return list[Math.floor(rng() * list.length)] as string;
}

function buildString(view: SchemaView, context: BuildContext, variant: number): JsonNode {
  const maxLength = typeof view.maxLength === 'number' ? view.maxLength : Number.POSITIVE_INFINITY;
  const minLength = typeof view.minLength === 'number' ? view.minLength : 0;
  if (typeof view.format === 'string') {
    const value = formatValue(view.format, context.rng);
    if (value !== null) return { kind: 'literal', json: asciiJsonString(value) };
  }
  if (typeof view.pattern === 'string') {
    const sample = samplePattern(view.pattern, context.rng);
    if (sample !== null) return { kind: 'literal', json: asciiJsonString(sample) };
  }
  let base = '';
  if (minLength > 0) {
    const filler = createWordString('', Number.POSITIVE_INFINITY, context.rng);
    while (filler.text.length < minLength) appendWord(filler);
    base = filler.text.slice(0, Math.max(minLength, Math.min(filler.text.length, maxLength)));
  }
  const node = createWordString(base, maxLength, context.rng);
  // A word tells this string from the others of a uniqueItems array; a short code where no word fits.
  if (variant > 0 && !appendWord(node)) pushWord(node, variant.toString(36));
  return node;
}

function buildEnum(view: SchemaView, context: BuildContext, variant: number): JsonNode {
  const { enum: members, ...rest } = view;
  const valid = (members as unknown[]).filter((member) => matchesSchema(rest, member, context.root));
  if (valid.length === 0) return NULL_NODE;
  const texts = valid.map(asciiJson);
  // The shortest members first (fewest tokens, as a rule); the seed orders members of one length.
  const keyed = texts.map((text) => ({ text, key: text.length + context.rng() }));
  keyed.sort((left, right) => left.key - right.key);
  return { kind: 'literal', json: (keyed[variant % keyed.length] as { text: string }).text };
}

function objectExtraSchema(view: SchemaView): unknown {
  if (view.additionalProperties === false || view.unevaluatedProperties === false) return undefined;
  if ('patternProperties' in view || 'propertyNames' in view) return undefined;
  return isSchemaObject(view.additionalProperties) ? view.additionalProperties : {};
}

/** A key for an added property that the object does not have yet. */
export function extraKey(node: ObjectNode, rng: Rng): string {
  // Declared properties not written yet are taken too: their schema, not the extras', applies to them.
  const taken = new Set([...node.entries, ...node.pending].map((entry) => entry.key));
  const free = EXTRA_KEYS.filter((key) => !taken.has(key));
  if (free.length > 0) return pickFrom(free, rng);
  let suffix = 2;
  while (taken.has(`notes${suffix}`)) suffix++;
  return `notes${suffix}`;
}

function buildObject(view: SchemaView, context: BuildContext, depth: number, variant: number): JsonNode {
  const properties = isSchemaObject(view.properties) ? view.properties : {};
  const names = Object.keys(properties);
  const required = Array.isArray(view.required)
    ? view.required.filter((key): key is string => typeof key === 'string')
    : [];
  const node: ObjectNode = {
    kind: 'object',
    entries: [],
    pending: [],
    maxProperties: typeof view.maxProperties === 'number' ? view.maxProperties : Number.POSITIVE_INFINITY,
    extraSchema: objectExtraSchema(view),
    depth,
  };
  const requiredSet = new Set(required);
  names.forEach((key, order) => {
    if (!requiredSet.has(key)) node.pending.push({ key, schema: properties[key], order });
  });
  let first = true;
  for (const key of new Set(required)) {
    const order = names.includes(key) ? names.indexOf(key) : names.length + node.entries.length;
    const schema = Object.hasOwn(properties, key) ? properties[key] : (node.extraSchema ?? {});
    insertEntry(node, { key, order, node: buildNode(schema, context, depth + 1, first ? variant : 0) });
    first = false;
  }
  const minProperties = typeof view.minProperties === 'number' ? view.minProperties : 0;
  const wanted = Math.max(minProperties, variant > 0 && node.entries.length === 0 ? 1 : 0);
  while (node.entries.length < Math.min(wanted, node.maxProperties)) {
    const pending = node.pending.shift();
    if (pending !== undefined) {
      insertEntry(node, { ...pending, node: buildNode(pending.schema, context, depth + 1, variant) });
    } else if (node.extraSchema !== undefined) {
      const key = extraKey(node, context.rng);
      const order = names.length + node.entries.length;
      insertEntry(node, { key, order, node: buildNode(node.extraSchema, context, depth + 1, variant) });
    } else {
      break;
    }
  }
  return node;
}

function itemSchemaOf(view: SchemaView): (index: number) => unknown {
  const prefix = Array.isArray(view.prefixItems)
    ? view.prefixItems
    : Array.isArray(view.items)
      ? view.items
      : [];
  const rest = Array.isArray(view.prefixItems)
    ? view.items
    : Array.isArray(view.items)
      ? view.additionalItems
      : view.items;
  return (index) => (index < prefix.length ? prefix[index] : rest === false ? undefined : (rest ?? {}));
}

/** Adds one item (different from the others when they must be unique); returns whether it could. */
export function appendItem(node: ArrayNode, context: BuildContext): boolean {
  if (node.items.length >= node.maxItems) return false;
  const schema = node.itemSchema(node.items.length);
  if (schema === undefined) return false;
  if (!node.unique) {
    node.items.push(buildNode(schema, context, node.depth + 1, 0));
    return true;
  }
  const existing = new Set(node.items.map(serializeTree));
  for (let attempt = 0; attempt < UNIQUE_ATTEMPTS; attempt++) {
    const item = buildNode(schema, context, node.depth + 1, node.items.length + attempt);
    if (!existing.has(serializeTree(item))) {
      node.items.push(item);
      return true;
    }
  }
  return false;
}

function buildArray(view: SchemaView, context: BuildContext, depth: number): JsonNode {
  const node: ArrayNode = {
    kind: 'array',
    items: [],
    itemSchema: itemSchemaOf(view),
    maxItems: typeof view.maxItems === 'number' ? view.maxItems : Number.POSITIVE_INFINITY,
    unique: view.uniqueItems === true,
    depth,
  };
  const minItems = typeof view.minItems === 'number' ? view.minItems : 0;
  while (node.items.length < minItems && appendItem(node, context)) {}
  return node;
}

function buildOfType(
  type: JsonType,
  view: SchemaView,
  context: BuildContext,
  depth: number,
  variant: number,
): JsonNode {
  switch (type) {
    case 'null':
      return NULL_NODE;
    case 'boolean':
      return { kind: 'literal', json: context.rng() < 0.5 !== (variant % 2 === 1) ? 'true' : 'false' };
    case 'integer':
    case 'number': {
      const value = chooseNumber(view, type === 'integer', context.rng, variant);
      return { kind: 'literal', json: value === null ? '0' : String(value) };
    }
    case 'string':
      return buildString(view, context, variant);
    case 'array':
      return buildArray(view, context, depth);
    case 'object':
      return buildObject(view, context, depth, variant);
  }
}

function buildBranches(
  schema: unknown,
  view: SchemaView,
  context: BuildContext,
  depth: number,
  variant: number,
): JsonNode {
  const keyword = Array.isArray(view.anyOf) ? 'anyOf' : 'oneOf';
  const { [keyword]: branches, ...rest } = view;
  const candidates: { node: JsonNode; text: string; branch: SchemaView }[] = [];
  for (const branch of (branches as unknown[]).slice(0, MAX_BRANCHES)) {
    const resolved = resolveView(branch, context.root);
    if (resolved === false) continue;
    const merged = mergeViews(rest, resolved);
    // A branch counts as a level: a union that refers back to itself must still reach the depth bound.
    const node = buildNode(merged, context, depth + 1, variant);
    const text = serializeTree(node);
    const value: unknown = JSON.parse(text);
    if (!matchesSchema(schema, value, context.root)) continue;
    candidates.push({ node, text, branch: merged });
  }
  if (candidates.length === 0) return NULL_NODE;
  const smallest = candidates.reduce((best, candidate) =>
    candidate.text.length < best.text.length ? candidate : best,
  );
  const richer = candidates.find((candidate) => candidate.text !== 'null');
  if (smallest.text === 'null' && richer !== undefined && keyword === 'anyOf') {
    return { kind: 'nullable', upgrade: richer.branch, value: null, depth };
  }
  return smallest.node;
}

/**
 * The smallest-form value of `schema` at `depth`: required properties only, `minItems` items,
 * strings as short as their constraints allow, null where null is allowed (marked so it can grow).
 * `variant` > 0 asks for a value that differs from variant 0 (for `uniqueItems`).
 */
export function buildNode(schema: unknown, context: BuildContext, depth: number, variant: number): JsonNode {
  if (depth > MAX_BUILD_DEPTH || context.nodeBudget <= 0) return NULL_NODE;
  context.nodeBudget--;
  const view = resolveView(schema, context.root);
  if (view === false) return NULL_NODE;
  if ('const' in view) return { kind: 'literal', json: asciiJson(view.const) };
  if (Array.isArray(view.enum)) return buildEnum(view, context, variant);
  if (Array.isArray(view.anyOf) || Array.isArray(view.oneOf)) {
    return buildBranches(schema, view, context, depth, variant);
  }
  // A document with no stated type is an object, as tool arguments and structured answers are.
  const types = viewTypes(view, depth === 0 ? 'object' : 'string');
  const preferred = TYPE_PREFERENCE.find((type) => types.includes(type));
  if (preferred === undefined) return NULL_NODE;
  if (types.includes('null') && variant === 0) {
    return { kind: 'nullable', upgrade: { ...view, type: preferred, nullable: false }, value: null, depth };
  }
  return buildOfType(preferred, view, context, depth, variant);
}
