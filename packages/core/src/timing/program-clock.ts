import { timingError } from './timing-parse-error.js';

/**
 * When program time 0 is: when the server starts, when its first timed request arrives, or at a fixed
 * wall-clock time (epoch ms) — the way to keep several servers or workers on one program.
 */
export type ProgramStart =
  | { kind: 'server-start' }
  | { kind: 'first-request' }
  | { kind: 'at'; epochMs: number };

const EPOCH_MS_PATTERN = /^\d+$/;
/** ISO 8601 date-time with a time zone: `2026-05-01T12:00:00Z`, `2026-05-01T14:00:00.5+02:00`. */
const ISO_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/i;

/** Parses `start`, `first-request`, an ISO 8601 date-time with a zone, or epoch milliseconds. */
export function parseProgramStart(text: string, param: string): ProgramStart {
  const trimmed = text.trim();
  const lower = trimmed.toLowerCase();
  if (lower === 'start') return { kind: 'server-start' };
  if (lower === 'first-request') return { kind: 'first-request' };
  const epochMs = EPOCH_MS_PATTERN.test(trimmed)
    ? Number(trimmed)
    : ISO_PATTERN.test(trimmed)
      ? Date.parse(trimmed)
      : NaN;
  if (!Number.isSafeInteger(epochMs)) {
    throw timingError(
      param,
      text,
      'is not start, first-request, an ISO 8601 time with a zone (2026-05-01T12:00:00Z) or epoch milliseconds.',
    );
  }
  return { kind: 'at', epochMs };
}

export function formatProgramStart(start: ProgramStart): string {
  switch (start.kind) {
    case 'server-start':
      return 'start';
    case 'first-request':
      return 'first-request';
    case 'at':
      return new Date(start.epochMs).toISOString();
  }
}

/**
 * Program time of one server process, from an injected clock: `nowMs` is monotonic, `epochMs` wall-clock. The
 * origin is fixed once (at creation, at the first reading, or from the wall-clock time given), after which
 * program time follows the monotonic clock, untouched by wall-clock adjustments.
 */
export class ProgramClock {
  readonly #nowMs: () => number;
  #originMs: number | null;

  constructor(start: ProgramStart, nowMs: () => number, epochMs: () => number) {
    this.#nowMs = nowMs;
    switch (start.kind) {
      case 'server-start':
        this.#originMs = nowMs();
        break;
      case 'first-request':
        this.#originMs = null;
        break;
      case 'at':
        this.#originMs = nowMs() - (epochMs() - start.epochMs);
        break;
    }
  }

  /** Milliseconds of program time now (negative before a start set in the future). */
  elapsedMs(): number {
    const now = this.#nowMs();
    this.#originMs ??= now;
    return now - this.#originMs;
  }
}
