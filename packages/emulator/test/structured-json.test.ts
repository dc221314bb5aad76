import { countTextTokens, ENCODING_NAMES, generateJson } from '@tokenpace/core';
import { Ajv, type AnySchema } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import * as ajvFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// The structured-output generator of @tokenpace/core against ajv, the validator clients use: every
// document must be valid for its schema under draft 2020-12 and draft-07, with formats checked.

type AddFormats = (ajv: Ajv | Ajv2020) => unknown;
const addFormats = ((ajvFormats as unknown as { default: AddFormats }).default ??
  (ajvFormats as unknown as AddFormats)) as AddFormats;

const draft2020 = new Ajv2020({ strict: false, allErrors: true });
const draft07 = new Ajv({ strict: false, allErrors: true });
addFormats(draft2020);
addFormats(draft07);

/** Each property test takes a few seconds (ajv compiles every schema); a loaded machine needs more. */
const PROPERTY_TIMEOUT_MS = 60_000;

type Schema = Record<string, unknown>;
type Draft = 'draft2020' | 'draft07';

function validate(draft: Draft, schema: Schema, value: unknown): string | null {
  const validator = (draft === 'draft2020' ? draft2020 : draft07).compile(schema as AnySchema);
  return validator(value) ? null : JSON.stringify(validator.errors);
}

const leafArbitrary: fc.Arbitrary<Schema> = fc.oneof(
  fc.constant({ type: 'string' }),
  fc.constant({ type: 'string', description: 'Free text' }),
  fc
    .tuple(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 60 }))
    .map(([minLength, extra]) => ({ type: 'string', minLength, maxLength: minLength + extra })),
  fc
    .constantFrom('date-time', 'date', 'time', 'email', 'uuid', 'uri', 'hostname', 'ipv4', 'ipv6', 'duration')
    .map((format) => ({ type: 'string', format })),
  fc
    .constantFrom(
      '^[A-Z]{3}$',
      '^\\d{3}-\\d{4}$',
      '^[a-z0-9_-]{3,16}$',
      '^(red|green|blue)$',
      '^#[0-9a-fA-F]{6}$',
      '^[A-Z][a-z]+( [A-Z][a-z]+)*$',
      '^\\+?[0-9]{7,12}$',
      '^v\\d+\\.\\d+\\.\\d+$',
      '[a-z]+@[a-z]+\\.com',
      '^[^\\s]+$',
    )
    .map((pattern) => ({ type: 'string', pattern })),
  fc.constant({ type: 'string', enum: ['low', 'medium', 'high'] }),
  fc
    .tuple(
      fc.integer({ min: -1000, max: 1000 }),
      fc.integer({ min: 0, max: 500 }),
      fc.constantFrom(1, 3, 7, 25),
    )
    .map(([minimum, span, multipleOf]) => {
      const maximum = minimum + span;
      const hasMultiple = Math.floor(maximum / multipleOf) * multipleOf >= minimum;
      return { type: 'integer', minimum, maximum, ...(hasMultiple ? { multipleOf } : {}) };
    }),
  fc.constant({ type: 'integer', exclusiveMinimum: 100 }),
  fc.constant({ type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 }),
  fc.constant({ type: 'number', minimum: 0.1, maximum: 0.9, multipleOf: 0.1 }),
  fc.constant({ type: 'number', minimum: -5.5, maximum: -5.25 }),
  fc.constant({ type: 'boolean' }),
  fc.constant({ type: 'null' }),
  fc.constant({ const: 'fixed' }),
  fc.constant({ const: { kind: 'nested', level: 2 } }),
  fc.constant({ enum: [1, 'two', null, { three: 3 }] }),
  fc.constant({ type: ['string', 'null'] }),
  fc.constant({ type: ['integer', 'string'], minimum: 5 }),
  fc.constant({ type: 'string', nullable: true }),
  fc.constant({}),
);

const keyArbitrary = fc.constantFrom('name', 'city', 'count', 'items', 'notes', 'when', 'kind', 'id', 'état');

const { schema: schemaArbitrary } = fc.letrec<{ schema: Schema }>((tie) => ({
  schema: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArbitrary,
    fc
      .tuple(
        fc.uniqueArray(fc.tuple(keyArbitrary, tie('schema')), { maxLength: 5, selector: ([key]) => key }),
        fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
        fc.constantFrom('closed', 'open', 'typed'),
        fc.option(fc.integer({ min: 0, max: 3 })),
      )
      .map(([entries, requiredMask, extras, maxExtra]) => {
        const required = entries.filter((_, index) => requiredMask[index]).map(([key]) => key);
        return {
          type: 'object',
          properties: Object.fromEntries(entries),
          required,
          ...(extras === 'closed' ? { additionalProperties: false } : {}),
          ...(extras === 'typed' ? { additionalProperties: { type: 'string' } } : {}),
          ...(maxExtra === null ? {} : { maxProperties: required.length + maxExtra }),
          ...(extras !== 'closed' && maxExtra !== 0 ? { minProperties: 1 } : {}),
        };
      }),
    fc
      .tuple(tie('schema'), fc.integer({ min: 0, max: 3 }), fc.option(fc.integer({ min: 0, max: 6 })))
      .map(([items, minItems, extra]) => ({
        type: 'array',
        items,
        minItems,
        ...(extra === null ? {} : { maxItems: minItems + extra }),
      })),
    fc
      .constantFrom('string', 'integer', 'number')
      .map((type) => ({ type: 'array', items: { type }, uniqueItems: true, minItems: 3 })),
    fc.array(tie('schema'), { minLength: 1, maxLength: 3 }).map((anyOf) => ({ anyOf })),
    tie('schema').map((part) => ({ allOf: [part, { description: 'A part' }] })),
    fc.tuple(tie('schema'), tie('schema')).map(([left, right]) => ({
      allOf: [
        { type: 'object', properties: { left }, required: ['left'] },
        { type: 'object', properties: { right }, required: ['right'] },
      ],
    })),
    fc.constant({
      allOf: [
        { oneOf: [{ type: 'string' }, { type: 'integer' }] },
        { oneOf: [{ type: 'integer' }, { type: 'boolean' }] },
      ],
    }),
    fc.constant({
      oneOf: [
        { type: 'object', properties: { kind: { const: 'a' } }, required: ['kind'] },
        {
          type: 'object',
          properties: { kind: { const: 'b' }, size: { type: 'integer' } },
          required: ['kind', 'size'],
        },
      ],
    }),
    fc.constant({ oneOf: [{ type: 'string', maxLength: 20 }, { type: 'integer' }] }),
  ),
}));

/** Draft 2020-12 roots: a tuple with prefixItems and a recursive tree through $defs. */
const draft2020Arbitrary: fc.Arbitrary<Schema> = fc.oneof(
  schemaArbitrary,
  fc.tuple(schemaArbitrary, schemaArbitrary).map(([first, rest]) => ({
    type: 'array',
    prefixItems: [{ type: 'string', format: 'date' }, first],
    items: rest,
  })),
  schemaArbitrary.map((payload) => ({
    $defs: {
      node: {
        type: 'object',
        properties: { payload, children: { type: 'array', items: { $ref: '#/$defs/node' }, maxItems: 3 } },
        required: ['payload'],
      },
    },
    $ref: '#/$defs/node',
  })),
);

/** Draft-07 roots: tuple `items` arrays, `definitions`, boolean-free exclusive bounds. */
const draft07Arbitrary: fc.Arbitrary<Schema> = fc.oneof(
  schemaArbitrary,
  schemaArbitrary.map((first) => ({
    type: 'array',
    items: [{ type: 'integer', minimum: 1 }, first],
    additionalItems: false,
  })),
  schemaArbitrary.map((payload) => ({
    definitions: {
      entry: {
        type: 'object',
        properties: { payload, next: { $ref: '#/definitions/entry' } },
        required: ['payload'],
      },
    },
    allOf: [{ $ref: '#/definitions/entry' }],
  })),
);

const targetArbitrary = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 80 }), weight: 3 },
  { arbitrary: fc.integer({ min: 0, max: 2000 }), weight: 2 },
);
const encodingArbitrary = fc.constantFrom(...ENCODING_NAMES);

function checkDocument(
  draft: Draft,
  schema: Schema,
  target: number,
  encoding: (typeof ENCODING_NAMES)[number],
  seed: number,
) {
  const generated = generateJson({ schema, targetTokens: target, encoding, seed });
  expect(validate(draft, schema, JSON.parse(generated.text))).toBeNull();
  expect(generated.pieces.join('')).toBe(generated.text);
  expect(countTextTokens(generated.text, encoding)).toBe(generated.tokens);
  const smallest = generateJson({ schema, targetTokens: 0, encoding, seed });
  expect(validate(draft, schema, JSON.parse(smallest.text))).toBeNull();
  if (smallest.tokens > target) expect(generated).toEqual(smallest);
  else expect(generated.tokens).toBeLessThanOrEqual(target);
}

describe('generateJson documents under ajv', () => {
  it(
    'are valid for draft 2020-12 schemas',
    () => {
      fc.assert(
        fc.property(
          draft2020Arbitrary,
          targetArbitrary,
          encodingArbitrary,
          fc.integer(),
          (schema, target, encoding, seed) => checkDocument('draft2020', schema, target, encoding, seed),
        ),
        { numRuns: 250 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'are valid for draft-07 schemas',
    () => {
      fc.assert(
        fc.property(
          draft07Arbitrary,
          targetArbitrary,
          encodingArbitrary,
          fc.integer(),
          (schema, target, encoding, seed) => checkDocument('draft07', schema, target, encoding, seed),
        ),
        { numRuns: 200 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'are objects in json_object mode and exact from 4 tokens up',
    () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 4, max: 2000 }),
          encodingArbitrary,
          fc.integer(),
          (target, encoding, seed) => {
            const generated = generateJson({ schema: null, targetTokens: target, encoding, seed });
            expect(validate('draft2020', { type: 'object' }, JSON.parse(generated.text))).toBeNull();
            expect(generated.tokens).toBe(target);
          },
        ),
        { numRuns: 200 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'are exact for the shape of a typical strict tool schema',
    () => {
      const schema = {
        type: 'object',
        properties: {
          query: { type: 'string', description: 'What to look up' },
          limit: { type: ['integer', 'null'], minimum: 1, maximum: 50 },
          since: { type: 'string', format: 'date-time' },
          filters: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                field: { type: 'string', enum: ['title', 'body', 'author'] },
                value: { type: 'string' },
              },
              required: ['field', 'value'],
              additionalProperties: false,
            },
          },
        },
        required: ['query', 'limit', 'since', 'filters'],
        additionalProperties: false,
      };
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 2000 }),
          encodingArbitrary,
          fc.integer(),
          (target, encoding, seed) => {
            const generated = generateJson({ schema, targetTokens: target, encoding, seed });
            expect(validate('draft2020', schema, JSON.parse(generated.text))).toBeNull();
            const smallest = generateJson({ schema, targetTokens: 0, encoding, seed }).tokens;
            expect(generated.tokens).toBe(Math.max(target, smallest));
          },
        ),
        { numRuns: 200 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
