import { isSchemaObject, type JsonSchema, lookupRef, type SchemaView } from './schema-view.js';

/** Deep equality of JSON values, as `enum`, `const` and `uniqueItems` compare them. */
export function jsonEqual(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return false;
  if (Array.isArray(left) !== Array.isArray(right)) return false;
  if (Array.isArray(left) && Array.isArray(right)) {
    return left.length === right.length && left.every((entry, index) => jsonEqual(entry, right[index]));
  }
  const leftKeys = Object.keys(left);
  const rightRecord = right as Record<string, unknown>;
  return (
    leftKeys.length === Object.keys(right).length &&
    leftKeys.every(
      (key) =>
        Object.hasOwn(rightRecord, key) &&
        jsonEqual((left as Record<string, unknown>)[key], rightRecord[key]),
    )
  );
}

function matchesType(type: string, value: unknown): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'string':
      return typeof value === 'string';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isSchemaObject(value);
    default:
      return false;
  }
}

/** Whether `value / divisor` is an integer exactly as ajv computes it (no tolerance). */
export function isMultipleOf(value: number, divisor: number): boolean {
  const quotient = value / divisor;
  return Number.isFinite(quotient) && quotient === Math.trunc(quotient);
}

function matchesNumber(view: SchemaView, value: number): boolean {
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf } = view;
  if (typeof minimum === 'number' && value < minimum) return false;
  if (typeof maximum === 'number' && value > maximum) return false;
  if (typeof exclusiveMinimum === 'number' && value <= exclusiveMinimum) return false;
  if (typeof exclusiveMaximum === 'number' && value >= exclusiveMaximum) return false;
  if (exclusiveMinimum === true && typeof minimum === 'number' && value <= minimum) return false;
  if (exclusiveMaximum === true && typeof maximum === 'number' && value >= maximum) return false;
  return typeof multipleOf !== 'number' || multipleOf <= 0 || isMultipleOf(value, multipleOf);
}

function matchesString(view: SchemaView, value: string): boolean {
  const length = [...value].length;
  if (typeof view.minLength === 'number' && length < view.minLength) return false;
  if (typeof view.maxLength === 'number' && length > view.maxLength) return false;
  if (typeof view.pattern === 'string') {
    try {
      if (!new RegExp(view.pattern, 'u').test(value)) return false;
    } catch {
      return false;
    }
  }
  return true;
}

function matchesArray(view: SchemaView, value: unknown[], root: JsonSchema, depth: number): boolean {
  if (typeof view.minItems === 'number' && value.length < view.minItems) return false;
  if (typeof view.maxItems === 'number' && value.length > view.maxItems) return false;
  const prefix = Array.isArray(view.prefixItems)
    ? view.prefixItems
    : Array.isArray(view.items)
      ? view.items
      : [];
  const rest = Array.isArray(view.items) ? view.additionalItems : view.items;
  for (let index = 0; index < value.length; index++) {
    const schema = index < prefix.length ? prefix[index] : rest;
    if (schema !== undefined && !matchesSchema(schema, value[index], root, depth + 1)) return false;
  }
  if (view.uniqueItems === true) {
    for (let index = 1; index < value.length; index++) {
      for (let other = 0; other < index; other++) if (jsonEqual(value[index], value[other])) return false;
    }
  }
  return true;
}

function matchesObject(
  view: SchemaView,
  value: Record<string, unknown>,
  root: JsonSchema,
  depth: number,
): boolean {
  const keys = Object.keys(value);
  if (typeof view.minProperties === 'number' && keys.length < view.minProperties) return false;
  if (typeof view.maxProperties === 'number' && keys.length > view.maxProperties) return false;
  if (Array.isArray(view.required) && !view.required.every((key) => Object.hasOwn(value, key))) return false;
  const properties = isSchemaObject(view.properties) ? view.properties : {};
  for (const key of keys) {
    const schema = Object.hasOwn(properties, key) ? properties[key] : view.additionalProperties;
    if (schema !== undefined && !matchesSchema(schema, value[key], root, depth + 1)) return false;
  }
  return true;
}

/**
 * Whether `value` is valid for `schema`, over the keywords the generator writes for (formats are
 * taken as met). It decides between `oneOf` branches; the tests check documents with ajv.
 */
export function matchesSchema(schema: unknown, value: unknown, root: JsonSchema, depth = 0): boolean {
  if (depth > 64) return true;
  if (schema === false) return false;
  if (!isSchemaObject(schema)) return true;
  // References and allOf parts are checked one by one, as a validator does, not merged.
  if (typeof schema.$ref === 'string') {
    const { $ref, ...rest } = schema;
    const target = lookupRef(root, $ref as string);
    return (
      matchesSchema(target ?? true, value, root, depth + 1) && matchesSchema(rest, value, root, depth + 1)
    );
  }
  if (Array.isArray(schema.allOf)) {
    const { allOf, ...rest } = schema;
    return (
      allOf.every((part) => matchesSchema(part, value, root, depth + 1)) &&
      matchesSchema(rest, value, root, depth + 1)
    );
  }
  const view = schema;
  if (view.type !== undefined) {
    const types = Array.isArray(view.type) ? view.type : [view.type];
    const nullable = view.nullable === true && value === null;
    if (!nullable && !types.some((type) => matchesType(String(type), value))) return false;
  }
  if ('const' in view && !jsonEqual(view.const, value)) return false;
  if (Array.isArray(view.enum) && !view.enum.some((entry) => jsonEqual(entry, value))) return false;
  if (typeof value === 'number' && !matchesNumber(view, value)) return false;
  if (typeof value === 'string' && !matchesString(view, value)) return false;
  if (Array.isArray(value) && !matchesArray(view, value, root, depth)) return false;
  if (isSchemaObject(value) && !matchesObject(view, value, root, depth)) return false;
  if (
    Array.isArray(view.anyOf) &&
    !view.anyOf.some((branch) => matchesSchema(branch, value, root, depth + 1))
  )
    return false;
  if (
    Array.isArray(view.oneOf) &&
    view.oneOf.filter((branch) => matchesSchema(branch, value, root, depth + 1)).length !== 1
  )
    return false;
  if ('not' in view && matchesSchema(view.not, value, root, depth + 1)) return false;
  return true;
}
