import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { METRIC_PREFIX } from '@tokenpace/core/protocol';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/report/errors.js';
import { HistogramSet } from '../src/report/histogram-set.js';
import { encodeHistogramSet } from '../src/report/histograms-document.js';
import { ingestFile } from '../src/report/ingest.js';
import { METRIC_BY_NAME, SCENARIO_TAG } from '../src/report/metrics.js';
import { fixtureText, rawPoints, SINGLE, temporaryDirectory } from './helpers.js';

const directory = temporaryDirectory();
const singleText = fixtureText(SINGLE);

function write(name: string, content: string | Buffer): string {
  const path = join(directory, name);
  writeFileSync(path, content);
  return path;
}

async function ingest(
  file: string,
): Promise<{ set: HistogramSet; warnings: string[]; samples: number; truncated: boolean }> {
  const set = new HistogramSet();
  const warnings: string[] = [];
  const result = await ingestFile(file, set, (message) => warnings.push(message));
  return { set, warnings, samples: result.samples, truncated: result.truncated };
}

async function ingestError(file: string): Promise<InputError> {
  const error = await ingest(file).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

/** Lines of the fixture with a point of ours, for building damaged inputs around them. */
const lines = singleText.split('\n').filter((line) => line.length > 0);
const ourPointCount = rawPoints(singleText).filter((point) => point.metric.startsWith(METRIC_PREFIX)).length;

describe('ingestFile on real k6 output', () => {
  it('records every tokenpace sample and skips k6 built-in metrics and declarations', async () => {
    const { set, samples, warnings } = await ingest(SINGLE);
    expect(samples).toBe(ourPointCount);
    expect(set.sampleCount).toBe(ourPointCount);
    expect(warnings).toEqual([]);
  });

  it('keeps exact count, min, max and sum per metric × scenario × configured value', async () => {
    const { set } = await ingest(SINGLE);
    const expected = new Map<string, { count: number; min: number; max: number; sum: number }>();
    for (const point of rawPoints(singleText)) {
      const spec = METRIC_BY_NAME.get(point.metric);
      if (spec === undefined) continue;
      const key = [spec.name, point.tags[SCENARIO_TAG], ...spec.keyTags.map((tag) => point.tags[tag])].join(
        '|',
      );
      const value = spec.kind === 'time' ? Math.round(point.value * 1000) : point.value;
      const entry = expected.get(key) ?? { count: 0, min: Infinity, max: -Infinity, sum: 0 };
      expected.set(key, {
        count: entry.count + 1,
        min: Math.min(entry.min, value),
        max: Math.max(entry.max, value),
        sum: entry.sum + value,
      });
    }
    const actual = new Map(
      set.groups().map((group) => [
        [group.metric.name, group.scenario, ...group.configured].join('|'),
        {
          count: group.histogram.count,
          min: group.histogram.min,
          max: group.histogram.max,
          sum: group.histogram.sum,
        },
      ]),
    );
    expect(actual).toEqual(expected);
    // The fixture has ITL gaps shorter than configured: negative deltas are recorded, not clipped.
    const itlDeltas = set.groups().filter((group) => group.metric.shortName === 'itl_delta');
    expect(Math.min(...itlDeltas.map((group) => group.histogram.min ?? 0))).toBeLessThan(-19_000);
  });

  it('reads plain and CRLF output exactly as gzip', async () => {
    const fromGzip = encodeHistogramSet((await ingest(SINGLE)).set);
    const plain = await ingest(write('plain.ndjson', singleText));
    const crlf = await ingest(write('crlf.ndjson', singleText.replaceAll('\n', '\r\n')));
    expect(encodeHistogramSet(plain.set)).toEqual(fromGzip);
    expect(encodeHistogramSet(crlf.set)).toEqual(fromGzip);
  });
});

describe('ingestFile on damaged input', () => {
  it('names a missing file', async () => {
    const error = await ingestError(join(directory, 'missing.ndjson.gz'));
    expect(error.code).toBe('REPORT_FILE_NOT_FOUND');
    expect(error.message).toBe(`${join(directory, 'missing.ndjson.gz')}: no such file`);
  });

  it('refuses a directory', async () => {
    const error = await ingestError(directory);
    expect(error.code).toBe('REPORT_FILE_UNREADABLE');
  });

  it('reports a non-JSON line by file:line, whether or not it mentions a tokenpace metric', async () => {
    const garbage = [...lines.slice(0, 10), 'hello world', ...lines.slice(10)].join('\n');
    const broken = [
      ...lines.slice(0, 20),
      '{"type":"Point","metric":"tokenpace_ttft","data":{',
      ...lines.slice(20),
    ].join('\n');
    const first = await ingestError(write('garbage.ndjson', `${garbage}\n`));
    expect(first.code).toBe('REPORT_INVALID_JSON');
    expect(first.message).toBe(`${join(directory, 'garbage.ndjson')}:11: not a JSON object: hello world`);
    const second = await ingestError(write('broken.ndjson.gz', gzipSync(`${broken}\n`)));
    expect(second.code).toBe('REPORT_INVALID_JSON');
    expect(second.line).toBe(21);
  });

  it('reports a tokenpace sample whose value is not a number', async () => {
    const bad =
      '{"metric":"tokenpace_ttft","type":"Point","data":{"time":"2026-01-01T00:00:00Z","value":"12","tags":{}}}';
    const error = await ingestError(write('bad-value.ndjson', `${lines.slice(0, 4).join('\n')}\n${bad}\n`));
    expect(error.code).toBe('REPORT_INVALID_SAMPLE');
    expect(error.message).toContain(':5: tokenpace_ttft sample value is not a finite number: "12"');
  });

  it('reports corrupt gzip data', async () => {
    const compressed = gzipSync(singleText);
    const corrupt = Buffer.from(compressed);
    for (let offset = 200; offset < 260; offset++) corrupt[offset] = (corrupt[offset] ?? 0) ^ 0x5a;
    const error = await ingestError(write('corrupt.ndjson.gz', corrupt));
    expect(error.code).toBe('REPORT_CORRUPT_GZIP');
    expect(error.message).toMatch(/corrupt gzip data after line \d+/);
    const notGzip = await ingestError(
      write('fake.ndjson.gz', Buffer.from([0x1f, 0x8b, 1, 2, 3, 4, 5, 6, 7, 8])),
    );
    expect(notGzip.code).toBe('REPORT_CORRUPT_GZIP');
  });

  it('tolerates a gzip stream cut anywhere (k6 killed mid-write), keeping every complete line', async () => {
    const compressed = gzipSync(singleText);
    for (const fraction of [0.1, 0.37, 0.5, 0.81, 0.99]) {
      const cut = Math.floor(compressed.length * fraction);
      const file = write(`cut-${fraction}.ndjson.gz`, compressed.subarray(0, cut));
      // What survives: the decompressible prefix, up to its last newline.
      const prefix = gunzipSync(compressed.subarray(0, cut), {
        finishFlush: constants.Z_SYNC_FLUSH,
      }).toString('utf8');
      const complete = prefix.slice(0, prefix.lastIndexOf('\n') + 1);
      const expected = rawPoints(complete).filter((point) => point.metric.startsWith(METRIC_PREFIX)).length;
      const { samples, warnings, truncated } = await ingest(file);
      expect(samples).toBe(expected);
      expect(truncated).toBe(true);
      expect(warnings[0]).toMatch(/gzip stream ends early after line \d+ \(k6 stopped mid-write\?\)/);
    }
  });

  it('tolerates a plain file ending mid-line, but not a bad line that ends with a newline', async () => {
    const cutText = `${lines.slice(0, 30).join('\n')}\n${(lines[30] ?? '').slice(0, 40)}`;
    const { samples, warnings } = await ingest(write('cut.ndjson', cutText));
    expect(samples).toBe(
      rawPoints(lines.slice(0, 30).join('\n')).filter((point) => point.metric.startsWith(METRIC_PREFIX))
        .length,
    );
    expect(warnings).toEqual([
      `${join(directory, 'cut.ndjson')}:31: incomplete last line dropped (the file ends mid-line; k6 stopped mid-write?)`,
    ]);
    const error = await ingestError(write('bad-last.ndjson', `${cutText}\n`));
    expect(error.line).toBe(31);
  });

  it('stops with a clear error when tags would make too many histograms', async () => {
    const error = await ingestFile(SINGLE, new HistogramSet(3), () => {}).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe('REPORT_LIMIT_EXCEEDED');
    expect((error as InputError).message).toMatch(
      /single\.ndjson\.gz:\d+: more than 3 distinct metric × scenario × configured-value combinations/,
    );
  });

  it('warns about a file without tokenpace samples', async () => {
    const builtIn = lines.filter((line) => !line.includes(METRIC_PREFIX));
    const { samples, warnings } = await ingest(write('builtin.ndjson', `${builtIn.join('\n')}\n`));
    expect(samples).toBe(0);
    expect(warnings).toEqual([`${join(directory, 'builtin.ndjson')}: no tokenpace samples`]);
    const empty = await ingest(write('empty.ndjson', ''));
    expect(empty.samples).toBe(0);
  });
});
