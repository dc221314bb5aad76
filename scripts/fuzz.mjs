#!/usr/bin/env node
import { readFileSync } from 'node:fs';
// Fuzzes the served operations of the emulator built in packages/emulator/dist: request bodies generated from
// OpenAI's own request schemas (the spec in packages/emulator/test/fixtures), then mutated (a field dropped, a
// field's value replaced by any JSON, odd headers, bodies that are not JSON). Every answer must be a success
// or an error in the API's shape, never a 5xx, and the process must live to the end. One emulator process on
// 127.0.0.1 only; a fixed seed and a time bound make a run repeatable and bounded.
//
//   node scripts/fuzz.mjs            # FUZZ_SEED=1 FUZZ_SECONDS=60
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ROOT, startEmulator } from './lib/processes.mjs';

const require = createRequire(join(ROOT, 'packages', 'emulator', 'package.json'));
const fc = require('fast-check');

const SEED = Number(process.env.FUZZ_SEED ?? 1);
const SECONDS = Number(process.env.FUZZ_SECONDS ?? 60);
/** Nesting of objects and arrays generated; deeper values are any small JSON. */
const MAX_DEPTH = 6;

const spec = JSON.parse(
  gunzipSync(readFileSync(join(ROOT, 'packages', 'emulator', 'test', 'fixtures', 'openai-openapi.json.gz'))),
);

function resolveRef(ref) {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce((node, key) => node[key], spec);
}

const anyJson = fc.jsonValue({ maxDepth: 2 });

/** A fast-check arbitrary of values of a JSON schema from the spec: bounded in depth, length and size. */
function arbitraryOf(schema, depth) {
  if (schema === undefined || schema === true || depth > MAX_DEPTH) return anyJson;
  if (schema.$ref !== undefined) return arbitraryOf(resolveRef(schema.$ref), depth);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants !== undefined) return fc.oneof(...variants.map((variant) => arbitraryOf(variant, depth)));
  if (schema.allOf !== undefined) {
    const flatten = (part) => {
      const resolved = part.$ref ? resolveRef(part.$ref) : part;
      return resolved.allOf ? resolved.allOf.flatMap(flatten) : [resolved];
    };
    const parts = schema.allOf.flatMap(flatten);
    const merged = { type: 'object', properties: {}, required: [] };
    for (const part of parts) {
      Object.assign(merged.properties, part.properties ?? {});
      merged.required.push(...(part.required ?? []));
    }
    return arbitraryOf(merged, depth);
  }
  if (schema.enum !== undefined) return fc.constantFrom(...schema.enum);
  if (schema.const !== undefined) return fc.constant(schema.const);
  const nullable = schema.nullable === true ? (arbitrary) => fc.option(arbitrary) : (arbitrary) => arbitrary;
  switch (Array.isArray(schema.type) ? schema.type[0] : schema.type) {
    case 'string':
      return nullable(fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('gpt-4o-mini', 'user', 'auto')));
    case 'integer':
      return nullable(
        fc.oneof(
          fc.integer({
            min: schema.minimum ?? -5,
            max: Math.max(schema.minimum ?? -5, Math.min(schema.maximum ?? 200, 200)),
          }),
          fc.constantFrom(0, -1, 2 ** 31, 2 ** 53, 1e20),
        ),
      );
    case 'number':
      return nullable(fc.oneof(fc.double({ noNaN: true, min: -10, max: 10 }), fc.constantFrom(1e308, -0)));
    case 'boolean':
      return nullable(fc.boolean());
    case 'array':
      return nullable(
        fc.array(arbitraryOf(schema.items, depth + 1), {
          minLength: Math.min(schema.minItems ?? 0, 3),
          maxLength: 3,
        }),
      );
    case 'object':
    case undefined: {
      const properties = schema.properties ?? {};
      if (Object.keys(properties).length === 0)
        return nullable(fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 3 }));
      const fields = Object.fromEntries(
        Object.entries(properties).map(([name, property]) => [name, arbitraryOf(property, depth + 1)]),
      );
      // Every required field and at most three optional ones: with all of them, almost no body would be valid.
      const required = (schema.required ?? []).filter((key) => key in fields);
      const optional = Object.keys(fields).filter((key) => !required.includes(key));
      const pick = (keys) => fc.record(Object.fromEntries(keys.map((key) => [key, fields[key]])));
      return nullable(
        fc
          .tuple(
            pick(required),
            fc.subarray(optional, { maxLength: Math.min(3, optional.length) }).chain(pick),
          )
          .map(([mandatory, chosen]) => ({ ...mandatory, ...chosen })),
      );
    }
    default:
      return anyJson;
  }
}

function requestSchema(path) {
  return spec.paths[path].post.requestBody.content['application/json'].schema;
}

/** The operations the emulator serves, with their request bodies (or none). */
const OPERATIONS = [
  { method: 'POST', path: '/v1/chat/completions', body: arbitraryOf(requestSchema('/chat/completions'), 0) },
  { method: 'POST', path: '/v1/completions', body: arbitraryOf(requestSchema('/completions'), 0) },
  { method: 'POST', path: '/v1/embeddings', body: arbitraryOf(requestSchema('/embeddings'), 0) },
  { method: 'POST', path: '/v1/responses', body: arbitraryOf(requestSchema('/responses'), 0) },
  { method: 'GET', path: '/v1/models', body: null },
];

/** A body as generated, or with one field dropped or replaced by any JSON, or text that is not JSON. */
function mutated(body) {
  return fc.oneof(
    { weight: 4, arbitrary: body.map((value) => JSON.stringify(value)) },
    {
      weight: 2,
      arbitrary: fc.tuple(body, fc.nat(), anyJson, fc.boolean()).map(([value, pick, replacement, drop]) => {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return JSON.stringify(value);
        const keys = Object.keys(value);
        if (keys.length === 0) return JSON.stringify(value);
        const key = keys[pick % keys.length];
        const copy = { ...value };
        if (drop) delete copy[key];
        else copy[key] = replacement;
        return JSON.stringify(copy);
      }),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
  );
}

const operationCase = fc.oneof(
  ...OPERATIONS.map((operation) =>
    fc.record({
      operation: fc.constant(operation),
      payload: operation.body === null ? fc.constant(undefined) : mutated(operation.body),
      // Mostly valid timing headers, so that most cases reach the body's validation and delivery.
      outputLength: fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: 0, max: 20 }).map(String) },
        { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
      ),
      ttftMs: fc.constantFrom('0', '0', '0', '1', 'x', '-1'),
      contentType: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'),
    }),
  ),
);

function isErrorShape(body) {
  const error = body?.error;
  return typeof error === 'object' && error !== null && typeof error.message === 'string' && 'type' in error;
}

const emulator = await startEmulator({
  logFile: join(ROOT, 'out', 'fuzz', 'emulator.log'),
  args: ['--host', '127.0.0.1', '--workers', '1', '--log-level', 'warn'],
});
if (new URL(emulator.baseUrl).hostname !== '127.0.0.1')
  throw new Error(`refusing to fuzz ${emulator.baseUrl}`);

const counts = new Map();
let cases = 0;
let failure = null;
try {
  await fc.assert(
    fc.asyncProperty(operationCase, async ({ operation, payload, outputLength, ttftMs, contentType }) => {
      cases += 1;
      const response = await fetch(`${emulator.baseUrl}${operation.path}`, {
        method: operation.method,
        headers: {
          'content-type': contentType,
          'x-ttft-ms': ttftMs,
          'x-itl-ms': '0',
          'x-output-length': outputLength,
        },
        ...(payload === undefined ? {} : { body: payload }),
      });
      const text = await response.text();
      const key = `${operation.method} ${operation.path} ${response.status}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (response.status >= 500) throw new Error(`${key}: ${text.slice(0, 300)}`);
      if (response.status >= 400 && !isErrorShape(JSON.parse(text))) {
        throw new Error(`${key}: not an error in the API's shape: ${text.slice(0, 300)}`);
      }
    }),
    {
      seed: SEED,
      numRuns: Number.MAX_SAFE_INTEGER,
      interruptAfterTimeLimit: SECONDS * 1000,
      markInterruptAsFailure: false,
      endOnFailure: true,
    },
  );
} catch (error) {
  failure = error;
}
const health = await fetch(`${emulator.baseUrl}/health`).then(
  (response) => response.status,
  () => 'no answer',
);
await emulator.stop();

console.log(`fuzz: seed ${SEED}, ${SECONDS} s, ${cases} cases; /health after: ${health}`);
for (const [key, count] of [...counts.entries()].sort()) console.log(`  ${key.padEnd(36)} ${count}`);
if (failure !== null || health !== 200) {
  console.error(failure?.message ?? 'the emulator did not answer /health after the run');
  process.exit(1);
}
