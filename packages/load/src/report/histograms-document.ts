import { readFile } from 'node:fs/promises';
import { InputError } from './errors.js';
import { BIT_BUCKET_SIZE, LOWEST_DISCERNIBLE_VALUE, SIGNIFICANT_DIGITS } from './hdr.js';
import { groupTags, HistogramSet, TooManyGroupsError } from './histogram-set.js';
import { METRIC_BY_NAME, type RecordedUnit, SCENARIO_TAG } from './metrics.js';
import { type EncodedSignedHistogram, SIGN_SCHEME, SignedHistogram } from './signed-histogram.js';

export const HISTOGRAMS_FORMAT = 'tokenpace-histograms/1';

/** One histogram in histograms.json: its key, unit and the mergeable encoded form. */
export interface EncodedHistogramEntry extends EncodedSignedHistogram {
  readonly metric: string;
  /** `scenario` plus the metric's key tags (cfg_ttft_ms, cfg_itl_ms, cfg_output_length as applicable). */
  readonly tags: Readonly<Record<string, string>>;
  readonly unit: RecordedUnit;
}

export interface HistogramsDocument {
  readonly format: typeof HISTOGRAMS_FORMAT;
  readonly encoding: {
    readonly histogram: string;
    readonly significantDigits: number;
    readonly lowestDiscernibleValue: number;
    readonly bitBucketSize: number;
    readonly units: Readonly<Record<RecordedUnit, string>>;
    readonly sign: string;
  };
  readonly histograms: readonly EncodedHistogramEntry[];
}

const UNIT_DESCRIPTIONS: Readonly<Record<RecordedUnit, string>> = {
  us: 'time metrics: integer microseconds, round(ms × 1000) half away from zero',
  tokens: 'token counts as integers',
  boolean: 'rate metrics: 1 for true, 0 for false; rate = sum / count',
};

/** The mergeable form of a whole set: every histogram encoded, with its key, unit and sign scheme. */
export function encodeHistogramSet(set: HistogramSet): HistogramsDocument {
  return {
    format: HISTOGRAMS_FORMAT,
    encoding: {
      histogram:
        'HdrHistogram V2 compressed encoding, base64 (hdr-histogram-js encodeIntoCompressedBase64); ' +
        'highestTrackableValue = max(1 hour in µs, highest value recorded) so equal data encodes to equal bytes',
      significantDigits: SIGNIFICANT_DIGITS,
      lowestDiscernibleValue: LOWEST_DISCERNIBLE_VALUE,
      bitBucketSize: BIT_BUCKET_SIZE,
      units: UNIT_DESCRIPTIONS,
      sign: SIGN_SCHEME,
    },
    histograms: set.groups().map((group) => ({
      metric: group.metric.name,
      tags: groupTags(group),
      unit: group.metric.unit,
      ...group.histogram.encode(),
    })),
  };
}

/** Reads a histograms.json written by this report and merges it into `into`; InputError on any mismatch. */
export async function mergeHistogramsFile(file: string, into: HistogramSet): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError('REPORT_FILE_NOT_FOUND', file, undefined, 'no such file');
    throw new InputError(
      'REPORT_FILE_UNREADABLE',
      file,
      undefined,
      `cannot read: ${(error as Error).message}`,
    );
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new InputError(
      'REPORT_INVALID_HISTOGRAMS',
      file,
      undefined,
      `not JSON (${(error as Error).message})`,
    );
  }
  const set = decodeHistogramsDocument(document, file);
  into.merge(set);
  return set.sampleCount;
}

/** Validates and decodes a histograms document; `source` names it in errors. */
export function decodeHistogramsDocument(document: unknown, source: string): HistogramSet {
  const fail = (detail: string): InputError =>
    new InputError('REPORT_INVALID_HISTOGRAMS', source, undefined, detail);
  if (!isRecord(document) || document.format !== HISTOGRAMS_FORMAT) {
    throw fail(`not a ${HISTOGRAMS_FORMAT} document (missing or different "format")`);
  }
  const encoding = document.encoding;
  if (
    !isRecord(encoding) ||
    encoding.significantDigits !== SIGNIFICANT_DIGITS ||
    encoding.lowestDiscernibleValue !== LOWEST_DISCERNIBLE_VALUE
  ) {
    throw fail(`"encoding" must declare ${SIGNIFICANT_DIGITS} significant digits and lowest value 1`);
  }
  if (!Array.isArray(document.histograms)) throw fail('"histograms" must be an array');
  const set = new HistogramSet();
  document.histograms.forEach((entry: unknown, index: number) => {
    const where = `histograms[${index}]`;
    if (!isRecord(entry)) throw fail(`${where} is not an object`);
    const metric = typeof entry.metric === 'string' ? METRIC_BY_NAME.get(entry.metric) : undefined;
    if (metric === undefined)
      throw fail(`${where}.metric is not a tokenpace metric: ${JSON.stringify(entry.metric)}`);
    if (entry.unit !== metric.unit) throw fail(`${where}.unit must be "${metric.unit}" for ${metric.name}`);
    const tags = entry.tags;
    if (!isRecord(tags)) throw fail(`${where}.tags is not an object`);
    const expectedTags = [SCENARIO_TAG, ...metric.keyTags];
    const tagNames = Object.keys(tags);
    if (
      tagNames.length !== expectedTags.length ||
      expectedTags.some((tag) => typeof tags[tag] !== 'string')
    ) {
      throw fail(`${where}.tags must hold exactly the string tags ${expectedTags.join(', ')}`);
    }
    const encoded = encodedHistogram(entry);
    if (encoded === undefined) {
      throw fail(`${where} needs integer count, min, max, sum and base64 positive/negative histograms`);
    }
    let histogram: SignedHistogram;
    try {
      histogram = SignedHistogram.decode(encoded);
    } catch (error) {
      throw fail(`${where}: ${(error as Error).message}`);
    }
    const configured = metric.keyTags.map((tag) => tags[tag] as string);
    try {
      set.add(metric, tags[SCENARIO_TAG] as string, configured, histogram);
    } catch (error) {
      if (error instanceof TooManyGroupsError) throw fail(error.message);
      throw error;
    }
  });
  return set;
}

function encodedHistogram(entry: Record<string, unknown>): EncodedSignedHistogram | undefined {
  const { count, min, max, sum, positive, negative } = entry;
  const optionalInteger = (value: unknown) => value === null || Number.isSafeInteger(value);
  if (!Number.isSafeInteger(count) || !Number.isSafeInteger(sum)) return undefined;
  if (!optionalInteger(min) || !optionalInteger(max)) return undefined;
  if (typeof positive !== 'string' || (negative !== null && typeof negative !== 'string')) return undefined;
  return {
    count: count as number,
    min: min as number | null,
    max: max as number | null,
    sum: sum as number,
    positive,
    negative: negative as string | null,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
