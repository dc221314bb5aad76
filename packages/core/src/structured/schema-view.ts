/** A JSON Schema as a request carries it: `true`/`false` or an object of keywords. */
export type JsonSchema = boolean | { readonly [key: string]: unknown };

/** One schema object with `$ref` and `allOf` folded in: what the generator reads. */
export type SchemaView = { readonly [key: string]: unknown };

export type JsonType = 'null' | 'boolean' | 'integer' | 'number' | 'string' | 'array' | 'object';

const JSON_TYPES: readonly JsonType[] = ['null', 'boolean', 'integer', 'number', 'string', 'array', 'object'];

/** `$ref` chains deeper than this are treated as the empty schema: they only arise from self-references. */
const MAX_REF_HOPS = 32;

export function isSchemaObject(value: unknown): value is SchemaView {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function decodePointerToken(token: string): string {
  return decodeURIComponent(token).replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The schema a local `$ref` ("#", "#/$defs/x", "#/definitions/x", any JSON pointer) points at, if any. */
export function lookupRef(root: JsonSchema, ref: string): JsonSchema | undefined {
  if (!ref.startsWith('#')) return undefined;
  const pointer = ref.slice(1);
  if (pointer === '') return root;
  if (!pointer.startsWith('/')) return undefined;
  let current: unknown = root;
  for (const token of pointer.slice(1).split('/')) {
    if (!isSchemaObject(current) && !Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[decodePointerToken(token)];
  }
  return typeof current === 'boolean' || isSchemaObject(current) ? current : undefined;
}

function typeList(type: unknown): JsonType[] | undefined {
  if (typeof type === 'string') return JSON_TYPES.includes(type as JsonType) ? [type as JsonType] : [];
  if (Array.isArray(type)) return type.filter((entry): entry is JsonType => JSON_TYPES.includes(entry));
  return undefined;
}

function intersectTypes(left: unknown, right: unknown): unknown {
  const leftTypes = typeList(left);
  const rightTypes = typeList(right);
  if (leftTypes === undefined) return right;
  if (rightTypes === undefined) return left;
  const both = leftTypes.filter(
    (type) => rightTypes.includes(type) || (type === 'integer' && rightTypes.includes('number')),
  );
  for (const type of rightTypes) {
    if (type === 'integer' && leftTypes.includes('number') && !both.includes('integer')) both.push('integer');
  }
  return both;
}

const LOWER_BOUNDS = new Set(['minimum', 'minLength', 'minItems', 'minProperties']);
const UPPER_BOUNDS = new Set(['maximum', 'maxLength', 'maxItems', 'maxProperties']);

/** Pairs of branches two unions can meet in; more are not tried. */
const MAX_UNION_PAIRS = 64;

/**
 * Two unions at once, as one union of their branch pairs. A `oneOf` loses its "only one" here; the
 * generator checks every value it picks against the schema as written, which keeps it.
 */
function unionOfPairs(left: SchemaView, right: readonly unknown[]): unknown[] {
  const leftBranches = (
    Array.isArray(left.anyOf) ? left.anyOf : Array.isArray(left.oneOf) ? left.oneOf : []
  ) as unknown[];
  const pairs: unknown[] = [];
  for (const first of leftBranches) {
    for (const second of right) {
      if (pairs.length < MAX_UNION_PAIRS) pairs.push({ allOf: [first, second] });
    }
  }
  return pairs;
}

/** Both schemas at once (allOf of two), as far as generation needs: later keywords refine earlier ones. */
export function mergeViews(left: SchemaView, right: SchemaView): SchemaView {
  const merged: Record<string, unknown> = { ...left };
  for (const [key, value] of Object.entries(right)) {
    const existing = merged[key];
    if (existing === undefined) {
      merged[key] = value;
    } else if (key === 'properties' && isSchemaObject(existing) && isSchemaObject(value)) {
      const properties: Record<string, unknown> = { ...existing };
      for (const [name, schema] of Object.entries(value)) {
        properties[name] = Object.hasOwn(properties, name) ? { allOf: [properties[name], schema] } : schema;
      }
      merged.properties = properties;
    } else if (key === 'required' && Array.isArray(existing) && Array.isArray(value)) {
      merged.required = [...new Set([...existing, ...value])];
    } else if (key === 'type') {
      merged.type = intersectTypes(existing, value);
    } else if (LOWER_BOUNDS.has(key) && typeof existing === 'number' && typeof value === 'number') {
      merged[key] = Math.max(existing, value);
    } else if (UPPER_BOUNDS.has(key) && typeof existing === 'number' && typeof value === 'number') {
      merged[key] = Math.min(existing, value);
    } else if (key === 'enum' && Array.isArray(existing) && Array.isArray(value)) {
      const allowed = new Set(value.map((entry) => JSON.stringify(entry)));
      merged.enum = existing.filter((entry) => allowed.has(JSON.stringify(entry)));
    } else if ((key === 'items' || key === 'additionalProperties') && existing !== value) {
      merged[key] = existing === false || value === false ? false : { allOf: [existing, value] };
    } else if ((key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      merged.anyOf = unionOfPairs(merged, value);
      delete merged.oneOf;
    } else {
      merged[key] = value;
    }
  }
  return merged;
}

/**
 * `schema` with its `$ref`s followed and its `allOf` merged, recursively at the top level only
 * (subschemas are resolved when the generator reaches them). `false` stays false; `true` is `{}`.
 */
export function resolveView(schema: unknown, root: JsonSchema, hops = 0): SchemaView | false {
  if (schema === false) return false;
  if (!isSchemaObject(schema)) return {};
  let view: SchemaView = schema;
  if (typeof view.$ref === 'string') {
    const { $ref, ...rest } = view;
    const target = hops < MAX_REF_HOPS ? lookupRef(root, $ref as string) : undefined;
    const resolved = resolveView(target ?? {}, root, hops + 1);
    if (resolved === false) return false;
    view = mergeViews(resolved, rest);
  }
  if (Array.isArray(view.allOf)) {
    const { allOf, ...rest } = view;
    let merged: SchemaView = {};
    for (const part of allOf as unknown[]) {
      const resolved = resolveView(part, root, hops + 1);
      if (resolved === false) return false;
      merged = mergeViews(merged, resolved);
    }
    return mergeViews(merged, rest);
  }
  return view;
}

function typeOfValue(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value as JsonType;
}

/**
 * The types a view admits, from `type` or, without it, from the keywords it uses; nullable adds null.
 * A view that says nothing of its type gets `untyped`.
 */
export function viewTypes(view: SchemaView, untyped: JsonType = 'string'): JsonType[] {
  let types = typeList(view.type);
  if (types === undefined) {
    if ('const' in view) types = [typeOfValue(view.const)];
    else if (Array.isArray(view.enum)) types = [...new Set(view.enum.map(typeOfValue))];
    else if ('properties' in view || 'required' in view || 'additionalProperties' in view) types = ['object'];
    else if ('items' in view || 'prefixItems' in view || 'minItems' in view) types = ['array'];
    else if ('minimum' in view || 'maximum' in view || 'multipleOf' in view) types = ['number'];
    else types = [untyped];
  }
  if (view.nullable === true && !types.includes('null')) types = [...types, 'null'];
  return types;
}
