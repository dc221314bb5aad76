import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

/** OpenAI's OpenAPI spec (openai/openai-openapi f85dbe2, MIT), gzipped beside this file's fixtures. */
const SPEC_PATH = new URL('../fixtures/openai-openapi.json.gz', import.meta.url);
const SPEC_ID = 'https://tokenpace.test/openai-openapi.json';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** OpenAPI 3.0's `nullable: true` is no JSON Schema 2020 keyword: rewrite it as `anyOf [schema, null]`. */
function rewriteNullable(node: Json): Json {
  if (Array.isArray(node)) return node.map(rewriteNullable);
  if (node === null || typeof node !== 'object') return node;
  const rewritten: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'nullable') rewritten[key] = rewriteNullable(value);
  }
  return node.nullable === true ? { anyOf: [rewritten, { type: 'null' }] } : rewritten;
}

function loadSchemas(): { [name: string]: Json } {
  const spec = JSON.parse(gunzipSync(readFileSync(SPEC_PATH)).toString('utf8')) as {
    components: { schemas: { [name: string]: Json } };
  };
  return rewriteNullable(spec.components.schemas) as { [name: string]: Json };
}

const schemas = loadSchemas();

/**
 * Documented relaxations of the spec, each for a gap the contract names:
 * - legacy stream events: the spec has no schema for them; they are CreateCompletionResponse with
 *   `finish_reason` null until a choice's last event, and `usage` null (include_usage) or absent;
 * - embeddings: the spec models only float arrays, but `encoding_format: "base64"` answers a string.
 */
function relaxedSchemas(): { [name: string]: Json } {
  const legacyChunk = structuredClone(schemas.CreateCompletionResponse) as { [key: string]: Json };
  const properties = legacyChunk.properties as { [key: string]: Json };
  const choiceItems = (properties.choices as { items: { properties: { [key: string]: Json } } }).items;
  choiceItems.properties.finish_reason = {
    anyOf: [choiceItems.properties.finish_reason as Json, { type: 'null' }],
  };
  properties.usage = { anyOf: [properties.usage as Json, { type: 'null' }] };

  const embedding = structuredClone(schemas.Embedding) as { properties: { [key: string]: Json } };
  embedding.properties.embedding = { anyOf: [embedding.properties.embedding as Json, { type: 'string' }] };
  const embeddingResponse = structuredClone(schemas.CreateEmbeddingResponse) as {
    properties: { data: { items: Json } };
  };
  embeddingResponse.properties.data.items = { $ref: '#/components/schemas/RelaxedEmbedding' };
  return {
    LegacyCompletionStreamEvent: legacyChunk,
    RelaxedEmbedding: embedding as unknown as Json,
    CreateEmbeddingResponseWithBase64: embeddingResponse as unknown as Json,
  };
}

const ajv = new Ajv2020({ strict: false, allErrors: true });
for (const format of ['unixtime', 'float', 'double', 'int64', 'int32', 'binary']) ajv.addFormat(format, true);
ajv.addSchema({ $id: SPEC_ID, components: { schemas: { ...schemas, ...relaxedSchemas() } } });

export type SchemaName =
  | 'CreateChatCompletionResponse'
  | 'CreateChatCompletionStreamResponse'
  | 'CreateCompletionResponse'
  | 'LegacyCompletionStreamEvent'
  | 'CreateEmbeddingResponse'
  | 'CreateEmbeddingResponseWithBase64'
  | 'ListModelsResponse'
  | 'Model'
  | 'ErrorResponse'
  | 'Response'
  | 'ResponseStreamEvent';

const validators = new Map<SchemaName, ValidateFunction>();

/** Validates `value` against the named schema; returns Ajv's errors as text, or '' when valid. */
export function schemaErrors(name: SchemaName, value: unknown): string {
  let validate = validators.get(name);
  if (validate === undefined) {
    validate = ajv.getSchema(`${SPEC_ID}#/components/schemas/${name}`);
    if (validate === undefined) throw new Error(`no schema ${name} in the spec`);
    validators.set(name, validate);
  }
  return validate(value) ? '' : ajv.errorsText(validate.errors, { dataVar: name });
}
