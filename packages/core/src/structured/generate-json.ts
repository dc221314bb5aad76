import { createRng } from '../timing/rng.js';
import type { EncodingName } from '../tokens/encodings.js';
import { TokensError } from '../tokens/errors.js';
import { buildNode, MAX_BUILT_NODES } from './build-tree.js';
import { growTree } from './grow-tree.js';
import { JsonTokenMeter } from './json-tokens.js';
import type { JsonSchema } from './schema-view.js';

export interface GenerateJsonOptions {
  /** The schema the document must satisfy; null: any JSON object (`json_object` mode). */
  schema: JsonSchema | null;
  /** Output tokens wanted; the document has exactly this many when its smallest valid form fits in them. */
  targetTokens: number;
  encoding: EncodingName;
  /** Every random choice comes from this seed: the same options give the same document. */
  seed: number;
}

export interface GeneratedJson {
  /** The document, compact JSON text. */
  text: string;
  /** `text` split into its tokens as `encoding` counts them: `pieces.join('') === text`, one piece per token. */
  pieces: readonly string[];
  /** `pieces.length`: the exact token count of `text`. */
  tokens: number;
}

/**
 * What `json_object` mode writes when no schema is given: an object with a few usual fields, all
 * optional (the smallest answer is `{}`), that takes further string properties when it must grow.
 */
export const JSON_OBJECT_SCHEMA: JsonSchema = {
  type: 'object',
  properties: {
    title: { type: 'string' },
    summary: { type: 'string' },
    tags: { type: 'array', items: { type: 'string', maxLength: 24 }, maxItems: 5 },
    count: { type: 'integer', minimum: 0, maximum: 999 },
  },
  additionalProperties: { type: 'string' },
};

/** Pre-token counts are kept across calls; past this many entries they are dropped and counted anew. */
const METER_MAX_PRE_TOKENS = 65_536;
const meters = new Map<EncodingName, JsonTokenMeter>();

function meterFor(encoding: EncodingName): JsonTokenMeter {
  const held = meters.get(encoding);
  if (held !== undefined && held.size < METER_MAX_PRE_TOKENS) return held;
  const meter = new JsonTokenMeter(encoding);
  meters.set(encoding, meter);
  return meter;
}

/**
 * A JSON document valid for `schema` with exactly `targetTokens` tokens in `encoding` when the
 * schema leaves room (a free string, an open array or object, optional parts); else the closest
 * count below the target the schema allows, or, when even the smallest valid document is longer,
 * that smallest document with its true count. ASCII only; deterministic for a seed.
 */
export function generateJson(options: GenerateJsonOptions): GeneratedJson {
  const { targetTokens, seed, encoding } = options;
  if (typeof targetTokens !== 'number' || !Number.isSafeInteger(targetTokens) || targetTokens < 0) {
    throw new TokensError(
      'invalid_token_count',
      `targetTokens must be a non-negative integer, got ${String(targetTokens)}.`,
    );
  }
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new TokensError('invalid_seed', `seed must be a finite number, got ${String(seed)}.`);
  }
  const schema = options.schema ?? JSON_OBJECT_SCHEMA;
  const context = { root: schema, rng: createRng(seed), nodeBudget: MAX_BUILT_NODES };
  const meter = meterFor(encoding);
  const growth = {
    root: buildNode(schema, context, 0, 0),
    context,
    meter,
    target: targetTokens,
    count: 0,
    best: null,
  };
  const text = growTree(growth);
  const pieces = meter.pieces(text);
  return { text, pieces, tokens: pieces.length };
}
