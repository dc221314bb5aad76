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
export const ShareSetting = Type.Union([Type.Number(), Type.String({ minLength: 1 })]);

/** An X-Error value as a config file writes it: a status (`503`) or a kind (`rate_limit_tokens`). */
export const ErrorSetting = Type.Union([Type.Integer(), Type.String({ minLength: 1 })]);

/** Injected errors and delivery faults for every request that brings no header of its own. */
export const FaultSettingsSchema = Type.Object(
  {
    /** What an injected error is: an X-Error value (`503`, `rate_limit_tokens`, …). */
    error: ErrorSetting,
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

/** Text of a setting the schema allows as a string or a number; undefined for anything else. */
function settingText(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/**
 * Turns the fault settings into their parsed form; every problem goes to `problems`, naming its key. Each field
 * is parsed on its own, so its problems are listed even when the schema rejected a sibling.
 */
export function resolveFaultSettings(
  settings: Readonly<Record<string, unknown>>,
  describe: (path: string[]) => string,
  maxStallMs: number,
  problems: string[],
): FaultsConfig | undefined {
  const parse = <Value>(key: keyof FaultSettings, parser: (text: string, label: string) => Value) => {
    const text = settingText(settings[key]);
    return text === undefined ? undefined : parseSetting(parser, text, describe(['faults', key]), problems);
  };
  const error = parse('error', parseErrorKind);
  const errorRate = parse('errorRate', parseShare);
  const injectText = typeof settings.inject === 'string' ? settings.inject : '';
  const inject =
    injectText.trim() === '' ? [] : parse('inject', (text, label) => parseFaults(text, label, maxStallMs));
  if (error === undefined || errorRate === undefined || inject === undefined) return undefined;
  const valid = settings as FaultSettings;
  return {
    error,
    errorRate,
    mode: valid.mode,
    retryAfterMs: valid.retryAfterMs,
    shouldRetry: valid.shouldRetry === 'auto' ? null : String(valid.shouldRetry) === 'true',
    inject,
  };
}
