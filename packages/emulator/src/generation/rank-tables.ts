import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import {
  ByteRankTable,
  countTextTokens,
  type EncodingName,
  encodingForModel,
  hasBpeTable,
  installBpeTable,
  preloadEncodings,
  usePrebuiltRankTables,
} from '@tokenpace/core';

/**
 * The tokenizer's rank tables in their binary form, one file per encoding, written by the build next to the
 * CLI (`dist/ranks/`). Taking one costs a read of a few megabytes, against 50–70 ms to build the table from
 * js-tiktoken's rank text in a fresh process; where the files are missing (running from the sources), tables
 * are built from the text.
 */
const RANK_FILE_SUFFIX = '.ranks';

/** File name of `encoding`'s table in a rank directory. */
export function rankFileName(encoding: EncodingName): string {
  return `${encoding}${RANK_FILE_SUFFIX}`;
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

let rankDirectory: URL | null = null;

/** The directory whose rank files this process reads, or null when it builds every table from the text. */
export function prebuiltRankDirectory(): URL | null {
  return rankDirectory;
}

/**
 * Makes every table that a count needs before it is warmed come from `directory`, read at once (the count
 * waits for the read); `null` builds tables from the rank text. A missing file means the text too.
 */
export function usePrebuiltRankFiles(directory: URL | null): void {
  rankDirectory = directory;
  usePrebuiltRankTables(
    directory === null
      ? null
      : (encoding) => {
          try {
            return ByteRankTable.fromBinary(readFileSync(new URL(rankFileName(encoding), directory)));
          } catch (error) {
            if (isMissing(error)) return undefined;
            throw error;
          }
        },
  );
}

/**
 * Reads `encoding`'s prebuilt table without holding the event loop: one read of the whole file (fs.readFile
 * would take 512 KiB per turn of the loop, and a busy loop delays each turn). Undefined without a file.
 */
async function readPrebuiltTable(encoding: EncodingName): Promise<ByteRankTable | undefined> {
  const directory = rankDirectory;
  if (directory === null) return undefined;
  let file: Awaited<ReturnType<typeof open>>;
  try {
    file = await open(new URL(rankFileName(encoding), directory));
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
  try {
    const { size } = await file.stat();
    const binary = new Uint8Array(size);
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await file.read(binary, filled, size - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return ByteRankTable.fromBinary(binary.subarray(0, filled));
  } finally {
    await file.close();
  }
}

/**
 * Makes the table of `encoding` unless a count has made it meanwhile: from its prebuilt file, read
 * asynchronously, or else built from the rank text in one turn of the event loop. A first count then compiles
 * the encoding's pre-token pattern, which would otherwise fall to the first request.
 */
export async function makeRankTable(encoding: EncodingName): Promise<void> {
  if (hasBpeTable(encoding)) return;
  const table = await readPrebuiltTable(encoding);
  if (table !== undefined) installBpeTable(encoding, table);
  else preloadEncodings([encoding]);
  countTextTokens('Warm-up: 1 pattern, every “class” of text.', encoding);
}

/** The encodings of `models`, in the order they first appear (the first model's first). */
export function encodingsOfModels(models: readonly string[]): EncodingName[] {
  return [...new Set(models.map(encodingForModel))];
}
