import fc from 'fast-check';
import { Tiktoken } from 'js-tiktoken/lite';
import cl100kBase from 'js-tiktoken/ranks/cl100k_base';
import o200kBase from 'js-tiktoken/ranks/o200k_base';
import { describe, expect, it } from 'vitest';
import { ENCODING_NAMES, type EncodingName } from '../tokens/encodings.js';
import { TokensError } from '../tokens/errors.js';
import { countTextTokens } from '../tokens/text-tokens.js';
import { generateJson } from './generate-json.js';
import { matchesSchema } from './schema-match.js';
import type { JsonSchema } from './schema-view.js';

const reference: Record<EncodingName, Tiktoken> = {
  cl100k_base: new Tiktoken(cl100kBase),
  o200k_base: new Tiktoken(o200kBase),
};

/** The property tests take a second or two; a loaded machine may need many times that. */
const PROPERTY_TIMEOUT_MS = 60_000;

const encodingArbitrary = fc.constantFrom(...ENCODING_NAMES);
const targetArbitrary = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 60 }), weight: 3 },
  { arbitrary: fc.integer({ min: 0, max: 2000 }), weight: 2 },
);

/** Leaf schemas that always have a valid value, over the keywords tool schemas use. */
const leafArbitrary: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.constant({ type: 'string' }),
  fc
    .tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 40 }))
    .map(([minLength, extra]) => ({ type: 'string', minLength, maxLength: minLength + extra })),
  fc
    .constantFrom('date-time', 'date', 'time', 'email', 'uuid', 'uri')
    .map((format) => ({ type: 'string', format })),
  fc
    .constantFrom('^[A-Z]{3}$', '^\\d{3}-\\d{4}$', '^[a-z0-9_-]+$', '^(red|green|blue)$', '^#[0-9a-fA-F]{6}$')
    .map((pattern) => ({ type: 'string', pattern })),
  fc.constant({ type: 'string', enum: ['low', 'medium', 'high'] }),
  fc
    .tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 100 }), fc.constantFrom(1, 2, 5, 10))
    .map(([minimum, span, multipleOf]) => {
      const maximum = minimum + span;
      const hasMultiple = Math.floor(maximum / multipleOf) * multipleOf >= minimum;
      return { type: 'integer', minimum, maximum, ...(hasMultiple ? { multipleOf } : {}) };
    }),
  fc.constant({ type: 'number', exclusiveMinimum: 0, maximum: 1, multipleOf: 0.25 }),
  fc.constant({ type: 'boolean' }),
  fc.constant({ type: 'null' }),
  fc.constant({ const: 'fixed' }),
  fc.constant({ enum: [1, 'two', null] }),
  fc.constant({ type: ['string', 'null'] }),
);

const keyArbitrary = fc.constantFrom('name', 'city', 'count', 'items', 'notes', 'when', 'kind', 'id');

const { schema: schemaArbitrary } = fc.letrec<{ schema: Record<string, unknown> }>((tie) => ({
  schema: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArbitrary,
    fc
      .tuple(
        fc.uniqueArray(fc.tuple(keyArbitrary, tie('schema')), { maxLength: 4, selector: ([key]) => key }),
        fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
        fc.boolean(),
      )
      .map(([entries, requiredMask, closed]) => ({
        type: 'object',
        properties: Object.fromEntries(entries),
        required: entries.filter((_, index) => requiredMask[index]).map(([key]) => key),
        ...(closed ? { additionalProperties: false } : {}),
      })),
    fc
      .tuple(tie('schema'), fc.integer({ min: 0, max: 2 }), fc.option(fc.integer({ min: 0, max: 5 })))
      .map(([items, minItems, extra]) => ({
        type: 'array',
        items,
        minItems,
        ...(extra === null ? {} : { maxItems: minItems + extra }),
      })),
    fc
      .constantFrom('string', 'integer')
      .map((type) => ({ type: 'array', items: { type }, uniqueItems: true, minItems: 2 })),
    fc.array(tie('schema'), { minLength: 2, maxLength: 3 }).map((anyOf) => ({ anyOf })),
    fc.constant({ oneOf: [{ type: 'string', maxLength: 20 }, { type: 'integer' }] }),
  ),
}));

/** Any schema of the grammar, sometimes reached through a root-level `$ref` (refs resolve against the root). */
const anySchemaArbitrary = fc.oneof(
  schemaArbitrary,
  schemaArbitrary.map((inner) => ({ $defs: { inner }, allOf: [{ $ref: '#/$defs/inner' }] })),
);

/** A root with a free string property, so that every target above the smallest document is reachable. */
const roomyRootArbitrary = fc
  .tuple(
    fc.uniqueArray(fc.tuple(keyArbitrary, schemaArbitrary), { maxLength: 4, selector: ([key]) => key }),
    fc.boolean(),
    schemaArbitrary,
  )
  .map(([entries, closed, linked]) => ({
    $defs: { linked },
    type: 'object',
    properties: {
      text: { type: 'string' },
      linked: { $ref: '#/$defs/linked' },
      ...Object.fromEntries(entries),
    },
    required: ['text', 'linked', ...entries.map(([key]) => key)],
    ...(closed ? { additionalProperties: false } : {}),
  }));

function expectWellFormed(
  schema: JsonSchema | null,
  targetTokens: number,
  encoding: EncodingName,
  seed: number,
) {
  const generated = generateJson({ schema, targetTokens, encoding, seed });
  const value: unknown = JSON.parse(generated.text);
  expect(matchesSchema(schema ?? { type: 'object' }, value, schema ?? true)).toBe(true);
  expect(/^[\x20-\x7e]*$/.test(generated.text)).toBe(true);
  expect(generated.pieces.join('')).toBe(generated.text);
  expect(generated.tokens).toBe(generated.pieces.length);
  expect(countTextTokens(generated.text, encoding)).toBe(generated.tokens);
  return generated;
}

describe('generateJson', () => {
  it('is a fixed function of its options', () => {
    const schema = {
      type: 'object',
      properties: {
        city: { type: 'string' },
        unit: { enum: ['celsius', 'fahrenheit'] },
        days: { type: 'integer', minimum: 1, maximum: 7 },
      },
      required: ['city', 'unit', 'days'],
      additionalProperties: false,
    };
    expect(generateJson({ schema, targetTokens: 16, encoding: 'o200k_base', seed: 42 })).toEqual({
      text: '{"city":"Seed no however","unit":"celsius","days":7}',
      pieces: [
        '{"',
        'city',
        '":"',
        'Seed',
        ' no',
        ' however',
        '","',
        'unit',
        '":"',
        'c',
        'elsius',
        '","',
        'days',
        '":',
        '7',
        '}',
      ],
      tokens: 16,
    });
  });

  it('gives an object in json_object mode, from {} upward', () => {
    // No compact object has 2 or 3 tokens: {} is 1, the smallest with a property ({"title":""}) is 4.
    for (const targetTokens of [0, 1, 2, 3]) {
      expect(generateJson({ schema: null, targetTokens, encoding: 'cl100k_base', seed: 1 }).text).toBe('{}');
    }
    for (const targetTokens of [4, 5, 6, 7, 10, 57, 400, 2000]) {
      const generated = expectWellFormed(null, targetTokens, 'cl100k_base', 9);
      expect(generated.tokens).toBe(targetTokens);
      expect(JSON.parse(generated.text)).toBeTypeOf('object');
    }
  });

  it('writes an object where the schema states no type, as tool arguments are', () => {
    for (const schema of [true, {}, { description: 'Anything' }]) {
      const generated = expectWellFormed(schema, 12, 'o200k_base', 2);
      expect(generated.text).toBe('{"notes":"Fit chance calendar embrace help director fleet past"}');
    }
    expect(
      generateJson({
        schema: { properties: {}, items: {} },
        targetTokens: 0,
        encoding: 'o200k_base',
        seed: 2,
      }).text,
    ).toBe('{}');
  });

  it(
    'cuts the text into the tokens js-tiktoken makes',
    () => {
      fc.assert(
        fc.property(
          roomyRootArbitrary,
          targetArbitrary,
          encodingArbitrary,
          fc.integer(),
          (schema, target, encoding, seed) => {
            const generated = generateJson({ schema, targetTokens: target, encoding, seed });
            const tokens = reference[encoding].encode(generated.text, [], []);
            expect(tokens.map((token) => reference[encoding].decode([token]))).toEqual(generated.pieces);
          },
        ),
        { numRuns: 60 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'hits the target exactly whenever the smallest document fits, and is valid',
    () => {
      fc.assert(
        fc.property(
          roomyRootArbitrary,
          targetArbitrary,
          encodingArbitrary,
          fc.integer(),
          (schema, target, encoding, seed) => {
            const smallest = generateJson({ schema, targetTokens: 0, encoding, seed });
            const generated = expectWellFormed(schema, target, encoding, seed);
            if (smallest.tokens <= target) expect(generated.tokens).toBe(target);
            else expect(generated).toEqual(smallest);
          },
        ),
        { numRuns: 300 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'stays valid and never passes a target it can meet, for any schema of the grammar',
    () => {
      fc.assert(
        fc.property(
          anySchemaArbitrary,
          targetArbitrary,
          encodingArbitrary,
          fc.integer(),
          (schema, target, encoding, seed) => {
            const smallest = generateJson({ schema, targetTokens: 0, encoding, seed });
            const generated = expectWellFormed(schema, target, encoding, seed);
            expect(generated.tokens).toBe(
              smallest.tokens > target ? smallest.tokens : Math.min(generated.tokens, target),
            );
            expect(generateJson({ schema, targetTokens: target, encoding, seed })).toEqual(generated);
          },
        ),
        { numRuns: 300 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it('treats property names such as constructor and __proto__ as plain names', () => {
    const schema = JSON.parse(
      '{"type":"object","properties":{"constructor":{"type":"integer"},"__proto__":{"type":"boolean"}},"required":["constructor","__proto__","toString"]}',
    );
    const value = JSON.parse(expectWellFormed(schema, 20, 'cl100k_base', 4).text);
    expect(typeof value.constructor).toBe('number');
    expect(typeof Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toBe('boolean');
    expect(typeof value.toString).toBe('string');
  });

  it('makes short strings of a uniqueItems array differ', () => {
    const schema = { type: 'array', items: { type: 'string', maxLength: 1 }, uniqueItems: true, minItems: 4 };
    for (const seed of [1, 2, 3]) {
      const value = JSON.parse(expectWellFormed(schema, 0, 'o200k_base', seed).text);
      expect(new Set(value).size).toBe(4);
    }
  });

  it('gives different documents for different seeds', () => {
    const schema = { type: 'object', properties: { note: { type: 'string' } }, required: ['note'] };
    const texts = new Set(
      Array.from(
        { length: 20 },
        (_, seed) => generateJson({ schema, targetTokens: 30, encoding: 'o200k_base', seed }).text,
      ),
    );
    expect(texts.size).toBe(20);
  });

  it('bounds recursive schemas and still reaches large targets', () => {
    const schema = {
      $defs: {
        node: {
          type: 'object',
          properties: {
            label: { type: 'string' },
            children: { type: 'array', items: { $ref: '#/$defs/node' } },
          },
          required: ['label'],
        },
      },
      $ref: '#/$defs/node',
    };
    for (const targetTokens of [0, 40, 3000]) {
      const generated = expectWellFormed(schema, targetTokens, 'o200k_base', 5);
      expect(generated.tokens).toBe(
        Math.max(
          targetTokens,
          generateJson({ schema, targetTokens: 0, encoding: 'o200k_base', seed: 5 }).tokens,
        ),
      );
    }
  });

  it('reaches 8,000 tokens with arrays alone when no string can grow', () => {
    const schema = {
      type: 'object',
      properties: { values: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 9 } } },
      required: ['values'],
      additionalProperties: false,
    };
    const generated = expectWellFormed(schema, 8000, 'cl100k_base', 3);
    expect(generated.tokens).toBeGreaterThan(7990);
    expect(generated.tokens).toBeLessThanOrEqual(8000);
  });

  it('rejects targets and seeds it cannot use', () => {
    expect(() => generateJson({ schema: null, targetTokens: -1, encoding: 'o200k_base', seed: 1 })).toThrow(
      TokensError,
    );
    expect(() => generateJson({ schema: null, targetTokens: 1.5, encoding: 'o200k_base', seed: 1 })).toThrow(
      TokensError,
    );
    expect(() =>
      generateJson({ schema: null, targetTokens: 3, encoding: 'o200k_base', seed: Number.NaN }),
    ).toThrow(TokensError);
  });
});
