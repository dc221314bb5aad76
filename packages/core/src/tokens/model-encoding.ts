import type { EncodingName } from './encodings.js';

/** Encoding of models this table does not know: every current OpenAI family uses o200k_base. */
export const DEFAULT_ENCODING: EncodingName = 'o200k_base';

/**
 * Model-name prefixes and their encodings; the longest matching prefix wins, so `gpt-4o` beats
 * `gpt-4` and `gpt-4-` keeps the older GPT-4 snapshots on cl100k_base. js-tiktoken's own lookup
 * takes exact names only and throws for anything newer than its release.
 */
const PREFIX_ENCODINGS: readonly (readonly [prefix: string, encoding: EncodingName])[] = [
  ['gpt-3.5', 'cl100k_base'],
  ['gpt-35', 'cl100k_base'], // Azure's spelling of gpt-3.5 deployments
  ['gpt-4-', 'cl100k_base'], // gpt-4-0613, gpt-4-32k, gpt-4-turbo*, gpt-4-vision-preview …
  ['text-embedding-', 'cl100k_base'],
  ['gpt-4o', 'o200k_base'],
  ['gpt-4.', 'o200k_base'], // gpt-4.1*, gpt-4.5*
  ['gpt-5', 'o200k_base'],
  ['o1', 'o200k_base'],
  ['o3', 'o200k_base'],
  ['o4', 'o200k_base'],
  ['chatgpt-4o', 'o200k_base'],
];

/** Names that are encodings on their own without being prefixes of newer families. */
const EXACT_ENCODINGS: ReadonlyMap<string, EncodingName> = new Map([['gpt-4', 'cl100k_base']]);

/**
 * The name without what routers and fine-tuning add around it: `ft:gpt-4o-mini:org::id` and
 * `openai/gpt-4o` both name gpt-4o-mini and gpt-4o. Lower-cased, as OpenAI's ids are.
 */
function baseModelName(model: string): string {
  let name = model.trim().toLowerCase();
  if (name.startsWith('ft:')) name = name.slice(3).split(':')[0] ?? '';
  const slash = name.lastIndexOf('/');
  return slash >= 0 ? name.slice(slash + 1) : name;
}

/** The encoding OpenAI uses for `model`, by prefix; o200k_base for unknown names. */
export function encodingForModel(model: string): EncodingName {
  const name = baseModelName(model);
  const exact = EXACT_ENCODINGS.get(name);
  if (exact !== undefined) return exact;
  let bestLength = 0;
  let best = DEFAULT_ENCODING;
  for (const [prefix, encoding] of PREFIX_ENCODINGS) {
    if (prefix.length > bestLength && name.startsWith(prefix)) {
      bestLength = prefix.length;
      best = encoding;
    }
  }
  return best;
}
