import { InputError } from '../errors.js';
import { forEachLine } from './read-lines.js';

/** What the emulator recorded of one keyed request (ground-truth log line), in integer µs from its t0. */
export interface ServerRecord {
  readonly key: string;
  readonly status: number;
  readonly streamed: boolean;
  /** Wall-clock arrival (t0), µs since the Unix epoch. */
  readonly arrivalEpochUs: number;
  /** When the first content token was due (streams), or the body (unary); null without a schedule. */
  readonly firstDueUs: number | null;
  /** When the last content token (streams) or the body (unary) was due. */
  readonly lastDueUs: number | null;
  /** The configured inter-token latency, µs; null without timing. */
  readonly itlUs: number | null;
  /** When each content token was handed to the socket (streams); empty for unary responses. */
  readonly tokensSentUs: readonly number[];
  /** When the response's last byte was handed to the socket; null if it never was. */
  readonly endSentUs: number | null;
}

export interface GroundTruth {
  readonly records: ReadonlyMap<string, ServerRecord>;
  /** Keys that appear on more than one line (a RUN_ID reused): left out of the join, as ambiguous. */
  readonly duplicateKeys: ReadonlySet<string>;
  /** Lines without a request key (warm-up, health checks, other clients). */
  readonly unkeyed: number;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function micros(ms: unknown): number | null {
  return typeof ms === 'number' && Number.isFinite(ms) ? Math.round(ms * 1000) : null;
}

/** Undoes the log's delta encoding: each step's send time in µs from t0. */
export function decodeSendTimesUs(deltasUs: readonly number[]): number[] {
  let us = 0;
  return deltasUs.map((delta) => {
    us += delta;
    return us;
  });
}

/** One ground-truth line as a record, or null when it carries no request key. Throws for a malformed line. */
export function parseGroundTruthLine(line: string): ServerRecord | null {
  const parsed: unknown = JSON.parse(line);
  if (!isObject(parsed)) throw new Error('not a JSON object');
  const key = parsed.requestKey;
  if (typeof key !== 'string') return null;
  const sent = isObject(parsed.sent) ? parsed.sent : {};
  const schedule = isObject(parsed.schedule) ? parsed.schedule : {};
  const configured = isObject(parsed.configured) ? parsed.configured : null;
  const tokens = Array.isArray(sent.tokensUs) ? sent.tokensUs : null;
  if (tokens !== null && !tokens.every((delta) => Number.isInteger(delta))) {
    throw new Error('sent.tokensUs holds a value that is not an integer');
  }
  const arrivalEpochUs = micros(parsed.arrivalEpochMs);
  if (arrivalEpochUs === null) throw new Error('arrivalEpochMs is missing');
  const unaryDue = micros(schedule.bodyDueMs);
  return {
    key,
    status: typeof parsed.status === 'number' ? parsed.status : 0,
    streamed: parsed.mode === 'stream',
    arrivalEpochUs,
    firstDueUs: micros(schedule.firstDueMs) ?? unaryDue,
    lastDueUs: micros(schedule.lastDueMs) ?? unaryDue,
    itlUs: configured === null ? null : micros(configured.itlMs),
    tokensSentUs: tokens === null ? [] : decodeSendTimesUs(tokens as number[]),
    endSentUs: micros(sent.endMs),
  };
}

/** Reads ground-truth logs (`--ground-truth-log`), keyed by request key. */
export async function readGroundTruth(
  files: readonly string[],
  onWarning: (message: string) => void,
): Promise<GroundTruth> {
  const records = new Map<string, ServerRecord>();
  const duplicateKeys = new Set<string>();
  let unkeyed = 0;
  for (const file of files) {
    await forEachLine(
      file,
      (line, lineNumber) => {
        if (line.trim() === '') return;
        let record: ServerRecord | null;
        try {
          record = parseGroundTruthLine(line);
        } catch (error) {
          throw new InputError(
            'REPORT_INVALID_JSON',
            file,
            lineNumber,
            `not a ground-truth record: ${(error as Error).message}`,
          );
        }
        if (record === null) {
          unkeyed += 1;
        } else if (records.has(record.key) || duplicateKeys.has(record.key)) {
          duplicateKeys.add(record.key);
          records.delete(record.key);
        } else {
          records.set(record.key, record);
        }
      },
      onWarning,
    );
  }
  return { records, duplicateKeys, unkeyed };
}
