import {
  type ErrorKind,
  type Fault,
  FaultParseError,
  parseErrorKind,
  parseFaults,
  parseShare,
  SELECTION_MODES,
  type SelectionMode,
  type Share,
} from '@tokenpace/core';
import Type, { type Static } from 'typebox';

/** A share as a config file writes it: a number (`0.01`) or text (`1%`, `1/100`). */
export const ShareSetting = Type.Union([
  Type.Number({ minimum: 0, maximum: 1 }),
  Type.String({ minLength: 1 }),
]);

/** Injected errors and delivery faults for every request that brings no header of its own. */
export const FaultSettingsSchema = Type.Object(
  {
    /** What an injected error is: an X-Error value (`503`, `rate_limit_tokens`, …). */
    error: Type.String({ minLength: 1 }),
    /** Share of requests answered with `error`; 0 (the default) for none. */
    errorRate: ShareSetting,
    /** How shares are drawn: `exact` (every k-th request) or `random` (seeded by `seed`). */
    mode: Type.Enum(SELECTION_MODES),
    /** Delay announced by injected 429 and 503 answers (`retry-after-ms`, and `retry-after` in seconds). */
    retryAfterMs: Type.Integer({ minimum: 0 }),
    /**
     * `x-should-retry` on every error response: true or false; `auto` (the default) sends none, leaving retries
     * to the client's own rules. Text too, so that a flag or variable can say `false`.
     */
    shouldRetry: Type.Union([Type.Boolean(), Type.Enum(['auto', 'true', 'false'])]),
    /** Delivery faults in the X-Fault grammar, e.g. `disconnect(after=10,rate=1%)`; empty for none. */
    inject: Type.String(),
  },
  { additionalProperties: false },
);
export type FaultSettings = Static<typeof FaultSettingsSchema>;

export const DEFAULT_FAULT_SETTINGS: FaultSettings = {
  error: '500',
  errorRate: 0,
  mode: 'exact',
  retryAfterMs: 1000,
  shouldRetry: 'auto',
  inject: '',
};

export interface FaultsConfig {
  error: ErrorKind;
  errorRate: Share;
  mode: SelectionMode;
  retryAfterMs: number;
  shouldRetry: boolean | null;
  inject: readonly Fault[];
}

/** Parses `parse(text, label)`, adding its message to `problems` instead of throwing; undefined on failure. */
export function parseSetting<Value>(
  parse: (text: string, label: string) => Value,
  text: string,
  label: string,
  problems: string[],
): Value | undefined {
  try {
    return parse(text, label);
  } catch (error) {
    if (!(error instanceof FaultParseError)) throw error;
    problems.push(error.message);
    return undefined;
  }
}

/** Turns the fault settings into their parsed form; every problem goes to `problems`, naming its key. */
export function resolveFaultSettings(
  settings: FaultSettings,
  describe: (path: string[]) => string,
  maxStallMs: number,
  problems: string[],
): FaultsConfig | undefined {
  const error = parseSetting(parseErrorKind, settings.error, describe(['faults', 'error']), problems);
  const errorRate = parseSetting(
    parseShare,
    String(settings.errorRate),
    describe(['faults', 'errorRate']),
    problems,
  );
  const inject =
    settings.inject.trim() === ''
      ? []
      : parseSetting(
          (text, label) => parseFaults(text, label, maxStallMs),
          settings.inject,
          describe(['faults', 'inject']),
          problems,
        );
  if (error === undefined || errorRate === undefined || inject === undefined) return undefined;
  return {
    error,
    errorRate,
    mode: settings.mode,
    retryAfterMs: settings.retryAfterMs,
    shouldRetry: settings.shouldRetry === 'auto' ? null : String(settings.shouldRetry) === 'true',
    inject,
  };
}
