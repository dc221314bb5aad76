import { describe, expect, it } from 'vitest';
import { strictSchemaProblem } from './strict-schema.js';

const FORMAT = "response_format 'answer'";
const strictObject = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
  ...extra,
});

describe('strictSchemaProblem', () => {
  it('accepts a schema that follows every rule', () => {
    const schema = strictObject(
      {
        city: { type: 'string', description: 'A city', pattern: '^[A-Z]', format: 'hostname' },
        unit: { type: ['string', 'null'], enum: ['c', 'f', null] },
        days: { type: 'array', items: { $ref: '#/$defs/day' }, minItems: 1, maxItems: 7 },
        score: { anyOf: [{ type: 'number', minimum: 0, maximum: 1, multipleOf: 0.5 }, { type: 'null' }] },
        kind: { const: 'forecast' },
      },
      { $defs: { day: strictObject({ date: { type: 'string', format: 'date' } }) } },
    );
    expect(strictSchemaProblem(schema, FORMAT)).toBeNull();
  });

  it('accepts a recursive schema through $ref', () => {
    const schema = strictObject(
      { root: { $ref: '#/$defs/node' } },
      {
        $defs: {
          node: strictObject({
            name: { type: 'string' },
            children: { type: 'array', items: { $ref: '#/$defs/node' } },
          }),
        },
      },
    );
    expect(strictSchemaProblem(schema, FORMAT)).toBeNull();
  });

  it('requires an object at the root', () => {
    expect(strictSchemaProblem({ type: 'array', items: { type: 'string' } }, FORMAT)).toBe(
      `Invalid schema for response_format 'answer': schema must be a JSON Schema of 'type: "object"', got 'type: "array"'.`,
    );
    expect(strictSchemaProblem({ anyOf: [strictObject({})] }, FORMAT)).toBe(
      `Invalid schema for response_format 'answer': schema must be a JSON Schema of 'type: "object"', got 'type: "None"'.`,
    );
  });

  it('requires additionalProperties: false on every object, naming where', () => {
    expect(
      strictSchemaProblem({ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }, FORMAT),
    ).toBe(
      "Invalid schema for response_format 'answer': In context=(), 'additionalProperties' is required to be supplied and to be false.",
    );
    const nested = strictObject({
      items: { type: 'array', items: { type: 'object', properties: {}, required: [] } },
    });
    expect(strictSchemaProblem(nested, "function 'lookup'")).toBe(
      "Invalid schema for function 'lookup': In context=('properties', 'items', 'items'), 'additionalProperties' is required to be supplied and to be false.",
    );
  });

  it('requires every property in required', () => {
    const schema = {
      type: 'object',
      properties: { name: { type: 'string' }, roles: { type: 'array', items: { type: 'string' } } },
      required: ['name'],
      additionalProperties: false,
    };
    expect(strictSchemaProblem(schema, FORMAT)).toBe(
      "Invalid schema for response_format 'answer': In context=(), 'required' is required to be supplied and to be an array including every key in properties. Missing 'roles'.",
    );
  });

  it('rejects required keys that are not properties', () => {
    const schema = { ...strictObject({ name: { type: 'string' } }), required: ['name', 'age'] };
    expect(strictSchemaProblem(schema, FORMAT)).toBe(
      "Invalid schema for response_format 'answer': In context=(), 'required' is required to be supplied and to be an array including every key in properties. Extra required key 'age' supplied.",
    );
  });

  it('names arrays without items, objects without properties and schemas without a type', () => {
    expect(strictSchemaProblem(strictObject({ tags: { type: 'array' } }), FORMAT)).toBe(
      "Invalid schema for response_format 'answer': In context=('properties', 'tags'), array schema missing items.",
    );
    expect(strictSchemaProblem({ type: 'object', additionalProperties: false }, FORMAT)).toBe(
      "Invalid schema for response_format 'answer': In context=(), object schema missing properties.",
    );
    expect(strictSchemaProblem(strictObject({ list: { type: 'array', items: {} } }), FORMAT)).toBe(
      "Invalid schema for response_format 'answer': In context=('properties', 'list', 'items'), schema must have a 'type' key.",
    );
  });

  it('rejects keywords strict mode does not support', () => {
    expect(strictSchemaProblem(strictObject({ limit: { type: 'integer', default: 10 } }), FORMAT)).toBe(
      "Invalid schema for response_format 'answer': In context=('properties', 'limit'), 'default' is not permitted.",
    );
    expect(strictSchemaProblem(strictObject({ a: { type: 'string' } }, { allOf: [] }), FORMAT)).toBe(
      "Invalid schema for response_format 'answer': In context=(), 'allOf' is not permitted.",
    );
    expect(
      strictSchemaProblem(strictObject({ a: { anyOf: [{ type: 'string', minLength: 2 }] } }), FORMAT),
    ).toBe(
      "Invalid schema for response_format 'answer': In context=('properties', 'a', 'anyOf', 0), 'minLength' is not permitted.",
    );
  });

  it('limits nesting to 10 levels of objects', () => {
    let schema: Record<string, unknown> = strictObject({ leaf: { type: 'string' } });
    for (let level = 1; level < 10; level++) schema = strictObject({ next: schema });
    expect(strictSchemaProblem(schema, FORMAT)).toBeNull();
    expect(strictSchemaProblem(strictObject({ next: schema }), FORMAT)).toBe(
      "Invalid schema for response_format 'answer': 11 levels of nesting exceeds limit of 10.",
    );
  });

  it('limits enum values to 1000 in all', () => {
    const values = (count: number) => Array.from({ length: count }, (_, index) => `v${index}`);
    const schema = (second: number) =>
      strictObject({ a: { type: 'string', enum: values(500) }, b: { type: 'string', enum: values(second) } });
    expect(strictSchemaProblem(schema(500), FORMAT)).toBeNull();
    expect(strictSchemaProblem(schema(501), FORMAT)).toBe(
      "Invalid schema for response_format 'answer': 1001 enum values exceeds limit of 1000.",
    );
  });

  it('limits the total number of properties to 5000', () => {
    const wide = (count: number) =>
      strictObject(
        Object.fromEntries(Array.from({ length: count }, (_, index) => [`p${index}`, { type: 'null' }])),
      );
    expect(strictSchemaProblem(wide(5000), FORMAT)).toBeNull();
    expect(strictSchemaProblem(wide(5001), FORMAT)).toBe(
      "Invalid schema for response_format 'answer': 5001 object properties exceeds limit of 5000.",
    );
  });
});
