import { METRIC_PREFIX } from '@tokenpace/core/protocol';
import { InputError } from './errors.js';
import type { HistogramSet } from './histogram-set.js';
import { DEFAULT_SCENARIO, METRIC_BY_NAME, SCENARIO_TAG } from './metrics.js';
import { MAX_RECORDED_MAGNITUDE, toRecordedValue } from './units.js';

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const EXCERPT_LENGTH = 80;

type JsonRecord = Record<string, unknown>;

/** Outcome of one line: a recorded sample, a line that is not one of ours, or a line that is not JSON. */
export type LineOutcome = 'sample' | 'skipped' | 'invalid-json';

/**
 * Turns k6 JSON-output lines into recorded samples. Lines that cannot mention a tokenpace metric are
 * skipped without parsing (most of a k6 output is built-in metrics), after a cheap shape check so that
 * garbage still fails; lines that can are parsed and validated.
 */
export class SampleParser {
  readonly #file: string;
  readonly #into: HistogramSet;
  /** Scratch arrays by length, reused per line (the set copies the values when it creates a group). */
  readonly #configured: string[][] = [];
  samples = 0;

  constructor(file: string, into: HistogramSet) {
    this.#file = file;
    this.#into = into;
  }

  /** Records the line's sample if it is one of ours; throws InputError for an invalid tokenpace sample. */
  parse(line: string, lineNumber: number): LineOutcome {
    if (line.length === 0) return 'skipped';
    if (line.indexOf(METRIC_PREFIX) === -1) {
      const end = line.trimEnd();
      const looksLikeObject =
        line.charCodeAt(0) === OPEN_BRACE && end.charCodeAt(end.length - 1) === CLOSE_BRACE;
      return looksLikeObject || end.length === 0 ? 'skipped' : 'invalid-json';
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      return 'invalid-json';
    }
    if (!isRecord(parsed) || parsed.type !== 'Point' || typeof parsed.metric !== 'string') return 'skipped';
    const metric = METRIC_BY_NAME.get(parsed.metric);
    if (metric === undefined) return 'skipped';
    const data = parsed.data;
    if (!isRecord(data)) throw this.#invalid(lineNumber, `${metric.name} sample has no "data" object`);
    const value = data.value;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw this.#invalid(
        lineNumber,
        `${metric.name} sample value is not a finite number: ${JSON.stringify(value)}`,
      );
    }
    const recorded = toRecordedValue(metric.kind, value);
    if (Math.abs(recorded) > MAX_RECORDED_MAGNITUDE) {
      throw this.#invalid(lineNumber, `${metric.name} sample value ${value} is out of range`);
    }
    const tags = isRecord(data.tags) ? data.tags : {};
    const scenario = typeof tags[SCENARIO_TAG] === 'string' ? tags[SCENARIO_TAG] : DEFAULT_SCENARIO;
    const keyTags = metric.keyTags;
    this.#configured[keyTags.length] ??= new Array<string>(keyTags.length).fill('');
    const configured = this.#configured[keyTags.length] as string[];
    for (let index = 0; index < keyTags.length; index++) {
      const tagValue = tags[keyTags[index] as string];
      configured[index] =
        typeof tagValue === 'string' ? tagValue : tagValue === undefined ? '' : String(tagValue);
    }
    this.#into.record(metric, scenario, configured, recorded);
    this.samples += 1;
    return 'sample';
  }

  invalidJsonError(line: string, lineNumber: number): InputError {
    const excerpt = line.length > EXCERPT_LENGTH ? `${line.slice(0, EXCERPT_LENGTH)}…` : line;
    return new InputError('REPORT_INVALID_JSON', this.#file, lineNumber, `not a JSON object: ${excerpt}`);
  }

  #invalid(lineNumber: number, detail: string): InputError {
    return new InputError('REPORT_INVALID_SAMPLE', this.#file, lineNumber, detail);
  }
}

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
