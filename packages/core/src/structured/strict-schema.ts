import { isSchemaObject } from './schema-view.js';

/** Strict mode's documented limits (OpenAI Structured Outputs guide). */
export const STRICT_MAX_NESTING_DEPTH = 10;
export const STRICT_MAX_OBJECT_PROPERTIES = 5000;
export const STRICT_MAX_ENUM_VALUES = 1000;

/** Keywords strict mode accepts; any other keyword in a schema is "not permitted". */
const PERMITTED_KEYWORDS = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'const',
  'anyOf',
  '$ref',
  '$defs',
  'definitions',
  '$schema',
  '$id',
  'description',
  'title',
  'pattern',
  'format',
  'multipleOf',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minItems',
  'maxItems',
]);

const STRICT_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);

type PathPart = string | number;

/** A path as the API prints it: a Python tuple, `()`, `('properties', 'name')`, `('items',)`. */
function pythonTuple(path: readonly PathPart[]): string {
  const parts = path.map((part) => {
    if (typeof part === 'number') return String(part);
    return part.includes("'") && !part.includes('"') ? `"${part}"` : `'${part.replace(/'/g, "\\'")}'`;
  });
  if (parts.length === 1) return `(${parts[0]},)`;
  return `(${parts.join(', ')})`;
}

class StrictProblem extends Error {}

interface Tally {
  properties: number;
  enumValues: number;
}

function fail(path: readonly PathPart[], message: string): never {
  throw new StrictProblem(`In context=${pythonTuple(path)}, ${message}`);
}

function typesOf(schema: Record<string, unknown>): string[] {
  const { type } = schema;
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? type.map(String) : [];
}

function checkNode(schema: unknown, path: readonly PathPart[], objectDepth: number, tally: Tally): void {
  if (!isSchemaObject(schema)) fail(path, 'schema must be a JSON Schema object.');
  for (const keyword of Object.keys(schema)) {
    if (!PERMITTED_KEYWORDS.has(keyword)) fail(path, `'${keyword}' is not permitted.`);
  }
  for (const defsKey of ['$defs', 'definitions'] as const) {
    const definitions = schema[defsKey];
    if (isSchemaObject(definitions)) {
      for (const [name, definition] of Object.entries(definitions)) {
        checkNode(definition, [...path, defsKey, name], objectDepth, tally);
      }
    }
  }
  if (Array.isArray(schema.enum)) tally.enumValues += schema.enum.length;
  if (typeof schema.$ref === 'string') return;
  if (Array.isArray(schema.anyOf)) {
    schema.anyOf.forEach((branch, index) => {
      checkNode(branch, [...path, 'anyOf', index], objectDepth, tally);
    });
    return;
  }
  const types = typesOf(schema);
  if (types.length === 0) {
    if ('enum' in schema || 'const' in schema) return;
    fail(path, "schema must have a 'type' key.");
  }
  for (const type of types) {
    if (!STRICT_TYPES.has(type)) fail(path, `'${type}' is not a valid type.`);
  }
  if (types.includes('object')) checkObject(schema, path, objectDepth + 1, tally);
  if (types.includes('array')) {
    if (!('items' in schema)) fail(path, 'array schema missing items.');
    checkNode(schema.items, [...path, 'items'], objectDepth, tally);
  }
}

function checkObject(
  schema: Record<string, unknown>,
  path: readonly PathPart[],
  objectDepth: number,
  tally: Tally,
): void {
  if (objectDepth > STRICT_MAX_NESTING_DEPTH) {
    throw new StrictProblem(`${objectDepth} levels of nesting exceeds limit of ${STRICT_MAX_NESTING_DEPTH}.`);
  }
  if (schema.additionalProperties !== false) {
    fail(path, "'additionalProperties' is required to be supplied and to be false.");
  }
  if (!isSchemaObject(schema.properties)) fail(path, 'object schema missing properties.');
  const keys = Object.keys(schema.properties);
  const required = Array.isArray(schema.required) ? schema.required : [];
  const missing = keys.find((key) => !required.includes(key));
  if (!Array.isArray(schema.required) || missing !== undefined) {
    fail(
      path,
      `'required' is required to be supplied and to be an array including every key in properties.${
        missing === undefined ? '' : ` Missing '${missing}'.`
      }`,
    );
  }
  const extra = required.find((key) => typeof key !== 'string' || !keys.includes(key));
  if (extra !== undefined) {
    fail(
      path,
      `'required' is required to be supplied and to be an array including every key in properties. Extra required key '${String(extra)}' supplied.`,
    );
  }
  tally.properties += keys.length;
  for (const key of keys) {
    checkNode(schema.properties[key], [...path, 'properties', key], objectDepth, tally);
  }
}

/**
 * OpenAI strict structured outputs: null when `schema` is acceptable in strict mode, else the API's 400 message
 * (e.g. "Invalid schema for response_format 'name': In context=(), 'additionalProperties' is required to be
 * supplied and to be false."). `context` is what the message names: `response_format 'NAME'` or `function 'NAME'`.
 */
export function strictSchemaProblem(schema: unknown, context: string): string | null {
  const prefix = `Invalid schema for ${context}: `;
  if (!isSchemaObject(schema) || schema.type !== 'object') {
    const type = isSchemaObject(schema) && typeof schema.type === 'string' ? schema.type : 'None';
    return `${prefix}schema must be a JSON Schema of 'type: "object"', got 'type: "${type}"'.`;
  }
  const tally: Tally = { properties: 0, enumValues: 0 };
  try {
    checkNode(schema, [], 0, tally);
  } catch (error) {
    if (error instanceof StrictProblem) return prefix + error.message;
    throw error;
  }
  if (tally.properties > STRICT_MAX_OBJECT_PROPERTIES) {
    return `${prefix}${tally.properties} object properties exceeds limit of ${STRICT_MAX_OBJECT_PROPERTIES}.`;
  }
  if (tally.enumValues > STRICT_MAX_ENUM_VALUES) {
    return `${prefix}${tally.enumValues} enum values exceeds limit of ${STRICT_MAX_ENUM_VALUES}.`;
  }
  return null;
}
