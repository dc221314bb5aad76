import type { IncomingHttpHeaders } from 'node:http';
import {
  type ErrorKind,
  type Fault,
  HEADER_ERROR,
  HEADER_ERROR_MODE,
  HEADER_ERROR_RATE,
  HEADER_ERROR_RETRY_AFTER_MS,
  HEADER_FAULT,
  HEADER_SHOULD_RETRY,
  parseErrorKind,
  parseFaults,
  parseSelectionMode,
  parseShare,
  type SelectionMode,
  type Share,
} from '@tokenpace/core';
import { InvalidFaultHeaderError, parseHeader } from './fault-header-error.js';

/** Display names used in messages and as the error's `param`, as users write the headers. */
export const FAULT_HEADER_NAMES = {
  error: 'X-Error',
  errorRate: 'X-Error-Rate',
  errorMode: 'X-Error-Mode',
  retryAfterMs: 'X-Error-Retry-After-Ms',
  fault: 'X-Fault',
  shouldRetry: 'X-Should-Retry',
} as const;

/** Longest delay a request may ask injected errors to announce: an hour. */
export const MAX_RETRY_AFTER_MS = 3_600_000;

/** What a request asks for in its fault headers; undefined where a header is absent. */
export interface FaultHeaders {
  error: ErrorKind | undefined;
  errorRate: Share | undefined;
  mode: SelectionMode | undefined;
  retryAfterMs: number | undefined;
  faults: readonly Fault[] | undefined;
  shouldRetry: boolean | undefined;
}

function text(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Parses `x-should-retry` (`true` or `false`, any case); undefined when absent or anything else. */
export function shouldRetryHeader(headers: IncomingHttpHeaders): boolean | undefined {
  const value = text(headers[HEADER_SHOULD_RETRY])?.trim().toLowerCase();
  return value === 'true' ? true : value === 'false' ? false : undefined;
}

/** Reads and validates every fault header of a request; an invalid one is a 400 naming it. */
export function readFaultHeaders(headers: IncomingHttpHeaders, maxStallMs: number): FaultHeaders {
  const names = FAULT_HEADER_NAMES;
  const error = text(headers[HEADER_ERROR]);
  const errorRate = text(headers[HEADER_ERROR_RATE]);
  const mode = text(headers[HEADER_ERROR_MODE]);
  const retryAfter = text(headers[HEADER_ERROR_RETRY_AFTER_MS]);
  const faults = text(headers[HEADER_FAULT]);
  const shouldRetry = text(headers[HEADER_SHOULD_RETRY]);
  let retryAfterMs: number | undefined;
  if (retryAfter !== undefined) {
    const trimmed = retryAfter.trim();
    retryAfterMs = Number(trimmed);
    if (!/^\d+$/.test(trimmed) || retryAfterMs > MAX_RETRY_AFTER_MS) {
      throw new InvalidFaultHeaderError(
        names.retryAfterMs,
        `Invalid ${names.retryAfterMs} header: '${retryAfter}' is not a whole number of milliseconds from 0 to ${MAX_RETRY_AFTER_MS}.`,
      );
    }
  }
  const parsedShouldRetry = shouldRetryHeader(headers);
  if (shouldRetry !== undefined && parsedShouldRetry === undefined) {
    throw new InvalidFaultHeaderError(
      names.shouldRetry,
      `Invalid ${names.shouldRetry} header: '${shouldRetry}' is neither true nor false.`,
    );
  }
  return {
    error: error === undefined ? undefined : parseHeader(() => parseErrorKind(error, names.error)),
    errorRate:
      errorRate === undefined ? undefined : parseHeader(() => parseShare(errorRate, names.errorRate)),
    mode: mode === undefined ? undefined : parseHeader(() => parseSelectionMode(mode, names.errorMode)),
    retryAfterMs,
    faults:
      faults === undefined ? undefined : parseHeader(() => parseFaults(faults, names.fault, maxStallMs)),
    shouldRetry: parsedShouldRetry,
  };
}
