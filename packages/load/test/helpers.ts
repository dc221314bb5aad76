import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll } from 'vitest';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const GOLDEN = fileURLToPath(new URL('./fixtures/golden/', import.meta.url));

/** Real k6 v1.8.1 output of fixtures/k6-samples.js: one run, and the same run split in two segments. */
export const SINGLE = join(FIXTURES, 'single.ndjson.gz');
export const SEGMENT_A = join(FIXTURES, 'segment-a.ndjson.gz');
export const SEGMENT_B = join(FIXTURES, 'segment-b.ndjson.gz');

/** A temporary directory removed after the test file. */
export function temporaryDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'tokenpace-report-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}

export function fixtureText(file: string): string {
  return gunzipSync(readFileSync(file)).toString('utf8');
}

export interface RawPoint {
  readonly metric: string;
  readonly value: number;
  readonly tags: Readonly<Record<string, string>>;
}

/** Every Point of a k6 JSON output, parsed the plain way (the reference the report is checked against). */
export function rawPoints(text: string): RawPoint[] {
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map(
      (line) =>
        JSON.parse(line) as {
          type: string;
          metric: string;
          data: { value: number; tags: Record<string, string> };
        },
    )
    .filter((entry) => entry.type === 'Point')
    .map((entry) => ({ metric: entry.metric, value: entry.data.value, tags: entry.data.tags }));
}
