import { ENCODING_NAMES, type EncodingName } from '@tokenpace/core';

/** The models list resolved: the ids `GET /v1/models` lists, and the encodings some of them are given. */
export interface ResolvedModels {
  ids: string[];
  /** Encoding of each model written `id=encoding`; the others use the one their name implies. */
  encodings: Record<string, EncodingName>;
}

/**
 * Reads the models list, whose entries are ids or `id=encoding` (`claude-sonnet-4-5=cl100k_base`): a model
 * whose tokenizer is not public (Claude's) is counted in the encoding it is given here. Duplicates are dropped;
 * an unknown encoding is a problem naming `where`.
 */
export function resolveModels(entries: unknown, where: string, problems: string[]): ResolvedModels {
  const ids: string[] = [];
  const encodings: Record<string, EncodingName> = {};
  if (!Array.isArray(entries)) return { ids, encodings };
  for (const entry of entries) {
    if (typeof entry !== 'string') continue;
    const separator = entry.lastIndexOf('=');
    const id = (separator < 0 ? entry : entry.slice(0, separator)).trim();
    if (separator >= 0) {
      const encoding = entry.slice(separator + 1).trim();
      if (!(ENCODING_NAMES as readonly string[]).includes(encoding)) {
        problems.push(
          `${where}: '${entry}' names encoding '${encoding}'; use one of ${ENCODING_NAMES.join(', ')}`,
        );
        continue;
      }
      encodings[id] = encoding as EncodingName;
    }
    if (!ids.includes(id)) ids.push(id);
  }
  return { ids, encodings };
}
