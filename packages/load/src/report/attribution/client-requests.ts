import { METRIC } from '@tokenpace/core/protocol';
import { InputError } from '../errors.js';
import { DEFAULT_SCENARIO, SCENARIO_TAG } from '../metrics.js';
import { msToMicros } from '../units.js';
import { forEachLine } from './read-lines.js';

/** Sample metadata key of the request key (set by the k6 helpers' `withKeyMetadata`). */
export const REQUEST_KEY_METADATA = 'request_key';

/** What the client measured of one keyed request, in integer µs. */
export interface ClientRequest {
  readonly key: string;
  readonly scenario: string;
  /** True when the request failed (tokenpace_stream_errors = 1). */
  failed: boolean;
  /** Request sent → first content token; null when none was recorded. */
  ttftUs: number | null;
  /** Gap before each content token after the first, in order. */
  readonly itlUs: number[];
  /** Request sent → last byte. */
  e2eUs: number | null;
  /** Wall-clock time the client stamped the samples (just after the response ended), µs since the epoch. */
  stampedEpochUs: number | null;
}

const TIME_PATTERN = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/;

/** An RFC 3339 time with up to nanoseconds, as k6 writes it, in µs since the epoch; null if malformed. */
export function parseEpochMicros(text: string): number | null {
  const match = TIME_PATTERN.exec(text);
  if (match === null) return null;
  const wholeMs = Date.parse(`${match[1]}${match[3]}`);
  if (Number.isNaN(wholeMs)) return null;
  const fraction = (match[2] ?? '').padEnd(6, '0').slice(0, 6);
  return wholeMs * 1000 + Number(fraction);
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Adds one k6 JSON line to `requests` if it is a keyed tokenpace sample; returns whether it was one. */
export function addClientSample(requests: Map<string, ClientRequest>, line: string): boolean {
  // Most lines are k6's own metrics or unkeyed samples: skip them without parsing.
  if (line.indexOf(REQUEST_KEY_METADATA) === -1) return false;
  const parsed: unknown = JSON.parse(line);
  if (!isObject(parsed) || parsed.type !== 'Point' || !isObject(parsed.data)) return false;
  const data = parsed.data;
  const metadata = isObject(data.metadata) ? data.metadata : {};
  const key = metadata[REQUEST_KEY_METADATA];
  const value = data.value;
  if (typeof key !== 'string' || typeof value !== 'number' || !Number.isFinite(value)) return false;
  const tags = isObject(data.tags) ? data.tags : {};
  let request = requests.get(key);
  if (request === undefined) {
    const scenario = tags[SCENARIO_TAG];
    request = {
      key,
      scenario: typeof scenario === 'string' ? scenario : DEFAULT_SCENARIO,
      failed: false,
      ttftUs: null,
      itlUs: [],
      e2eUs: null,
      stampedEpochUs: typeof data.time === 'string' ? parseEpochMicros(data.time) : null,
    };
    requests.set(key, request);
  }
  switch (parsed.metric) {
    case METRIC.ttft:
      request.ttftUs = msToMicros(value);
      break;
    case METRIC.itl:
      request.itlUs.push(msToMicros(value));
      break;
    case METRIC.e2e:
      request.e2eUs = msToMicros(value);
      break;
    case METRIC.streamErrors:
      request.failed = value !== 0;
      break;
    default:
      return false;
  }
  return true;
}

/** Reads k6 `--out json` files into the keyed requests they measured (samples without a key are left out). */
export async function readClientRequests(
  files: readonly string[],
  onWarning: (message: string) => void,
): Promise<Map<string, ClientRequest>> {
  const requests = new Map<string, ClientRequest>();
  for (const file of files) {
    await forEachLine(
      file,
      (line, lineNumber) => {
        try {
          addClientSample(requests, line);
        } catch (error) {
          throw new InputError('REPORT_INVALID_JSON', file, lineNumber, (error as Error).message);
        }
      },
      onWarning,
    );
  }
  return requests;
}
