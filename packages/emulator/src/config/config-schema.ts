import {
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_ITL_MS,
  DEFAULT_OUTPUT_LENGTH,
  DEFAULT_TTFT_MS,
  type LatencySpec,
  MAX_ITL_MS,
  MAX_OUTPUT_LENGTH,
  MAX_TTFT_MS,
} from '@tokenpace/core';
import Type, { type Static } from 'typebox';
import { DEFAULT_MODELS } from './default-models.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The settings as written in a config file, the environment or flags, after merging; validated once at start. */
export const SettingsSchema = Type.Object(
  {
    host: Type.String({ minLength: 1 }),
    port: Type.Integer({ minimum: 0, maximum: 65_535 }),
    strictModels: Type.Boolean(),
    models: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
    timing: Type.Object(
      {
        /** A latency spec: a number of ms or a distribution such as `lognormal(p50=200,p99=800)`. */
        ttft: Type.String({ minLength: 1 }),
        itl: Type.String({ minLength: 1 }),
        outputLength: Type.Integer({ minimum: 1 }),
      },
      { additionalProperties: false },
    ),
    caps: Type.Object(
      {
        ttftMs: Type.Number({ minimum: 0 }),
        itlMs: Type.Number({ minimum: 0 }),
        outputLength: Type.Integer({ minimum: 1 }),
      },
      { additionalProperties: false },
    ),
    seed: Type.Integer(),
    bodyLimitBytes: Type.Integer({ minimum: 1 }),
    logLevel: Type.Enum(LOG_LEVELS),
    precisionWindowMs: Type.Number({ minimum: 0, maximum: 20 }),
  },
  { additionalProperties: false },
);

export type Settings = Static<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  host: '127.0.0.1',
  port: 3000,
  strictModels: false,
  models: [...DEFAULT_MODELS],
  timing: {
    ttft: String(DEFAULT_TTFT_MS),
    itl: String(DEFAULT_ITL_MS),
    outputLength: DEFAULT_OUTPUT_LENGTH,
  },
  caps: { ttftMs: MAX_TTFT_MS, itlMs: MAX_ITL_MS, outputLength: MAX_OUTPUT_LENGTH },
  seed: 1,
  bodyLimitBytes: DEFAULT_BODY_LIMIT_BYTES,
  logLevel: 'info',
  precisionWindowMs: 1,
};

/** The validated configuration the app runs with: latency specs parsed, everything checked. */
export interface EmulatorConfig {
  host: string;
  port: number;
  /** When true, an unknown model id is a 404 `model_not_found`; otherwise any model name works. */
  strictModels: boolean;
  /** Ids listed by `GET /v1/models`. */
  models: readonly string[];
  /** Used when a request sends no timing header. */
  timing: { ttft: LatencySpec; itl: LatencySpec; outputLength: number };
  /** A header value above its cap is a 400. */
  caps: { ttftMs: number; itlMs: number; outputLength: number };
  /** Seeds the server's generators: timing samples, ids, and output of requests without `seed`. */
  seed: number;
  bodyLimitBytes: number;
  logLevel: LogLevel;
  /** How long before a deadline the scheduler polls the clock instead of sleeping on a timer. */
  precisionWindowMs: number;
}
