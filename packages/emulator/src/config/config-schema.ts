import {
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_ITL_MS,
  DEFAULT_OUTPUT_LENGTH,
  DEFAULT_TTFT_MS,
  type EncodingName,
  type LatencyProgram,
  MAX_ITL_MS,
  MAX_OUTPUT_LENGTH,
  MAX_TTFT_MS,
  type ProgramStart,
} from '@tokenpace/core';
import Type, { type Static } from 'typebox';
import { DEFAULT_MODELS } from './default-models.js';
import {
  DEFAULT_TRAFFIC_SETTINGS,
  TRAFFIC_SETTINGS_SCHEMAS,
  type TrafficConfig,
} from './traffic-settings.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** `exact` counts prompt tokens with the tokenizer; `estimate` from UTF-8 bytes (see generation/estimate). */
export const PROMPT_TOKEN_MODES = ['exact', 'estimate'] as const;
export type PromptTokenMode = (typeof PROMPT_TOKEN_MODES)[number];

/** Statuses an over-capacity request may be answered with. */
export const OVERLOAD_STATUSES = [429, 503] as const;
export type OverloadStatus = (typeof OVERLOAD_STATUSES)[number];

/** What protects the server from its clients: capacity, stream length, clients that stop reading. */
export const LimitsSchema = Type.Object(
  {
    /** Streams and timed responses in flight at once, server-wide; 0 for no limit. */
    maxConcurrentStreams: Type.Integer({ minimum: 0 }),
    /** Longest schedule a request may ask for, TTFT + N·ITL (ms); 0 for no limit. */
    maxStreamDurationMs: Type.Number({ minimum: 0 }),
    /** A stream whose client reads nothing for this long is cut (ms); 0 waits for ever. */
    maxBlockedMs: Type.Number({ minimum: 0 }),
    /** `retry-after-ms` (and `retry-after`, rounded up to seconds) of an over-capacity answer. */
    retryAfterMs: Type.Integer({ minimum: 0 }),
    overloadStatus: Type.Enum(OVERLOAD_STATUSES),
    /** A request whose headers and body have not all arrived after this long is answered 408 (ms); 0: never. */
    requestTimeoutMs: Type.Integer({ minimum: 0 }),
    /** A connection whose request headers have not all arrived after this long is answered 408 and closed (s). */
    headersTimeoutS: Type.Number({ exclusiveMinimum: 0, maximum: 3_600 }),
    /** A request body not fully received this long after its headers is answered 408 and closed (s). */
    bodyTimeoutS: Type.Number({ exclusiveMinimum: 0, maximum: 3_600 }),
    /** Bytes of request bodies this process holds at once, until their responses close; 0 for no limit. */
    maxBodyBytesInFlight: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type Limits = Static<typeof LimitsSchema>;

export const DEFAULT_LIMITS: Limits = {
  maxConcurrentStreams: 10_000,
  maxStreamDurationMs: 3_600_000,
  maxBlockedMs: 60_000,
  retryAfterMs: 1_000,
  overloadStatus: 503,
  // Node's own default, which fastify turns off: a client trickling its body must not hold a slot for ever.
  requestTimeoutMs: 300_000,
  // Seconds, not minutes: a slow client holds a socket and a parser for no longer than this.
  headersTimeoutS: 10,
  bodyTimeoutS: 30,
  maxBodyBytesInFlight: 512 * 1024 * 1024,
};

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
        /** Program time 0 of step, ramp, square and sine: `start`, `first-request`, or a wall-clock time. */
        programStart: Type.String({ minLength: 1 }),
      },
      { additionalProperties: false },
    ),
    /** The ground-truth log: one JSON line per request; `file` empty for none. */
    groundTruth: Type.Object({ file: Type.String() }, { additionalProperties: false }),
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
    /** Server processes sharing the port; 0 for one per available core. */
    workers: Type.Integer({ minimum: 0, maximum: 1024 }),
    /** On SIGTERM/SIGINT, how long open streams may run on before they are ended with an error event. */
    shutdownGraceMs: Type.Number({ minimum: 0 }),
    promptTokens: Type.Enum(PROMPT_TOKEN_MODES),
    limits: LimitsSchema,
    /** auth, rateLimits, faults, scripted, cors: see traffic-settings.ts. */
    ...TRAFFIC_SETTINGS_SCHEMAS,
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
    programStart: 'start',
  },
  groundTruth: { file: '' },
  caps: { ttftMs: MAX_TTFT_MS, itlMs: MAX_ITL_MS, outputLength: MAX_OUTPUT_LENGTH },
  seed: 1,
  bodyLimitBytes: DEFAULT_BODY_LIMIT_BYTES,
  logLevel: 'info',
  precisionWindowMs: 1,
  workers: 0,
  shutdownGraceMs: 10_000,
  promptTokens: 'exact',
  limits: { ...DEFAULT_LIMITS },
  ...DEFAULT_TRAFFIC_SETTINGS,
};

/** The validated configuration the app runs with: latency specs parsed, everything checked. */
export interface EmulatorConfig extends TrafficConfig {
  host: string;
  port: number;
  /** When true, an unknown model id is a 404 `model_not_found`; otherwise any model name works. */
  strictModels: boolean;
  /** Ids listed by `GET /v1/models`. */
  models: readonly string[];
  /** Encodings given to models in the list (`id=encoding`); the others use the one their name implies. */
  modelEncodings: Readonly<Record<string, EncodingName>>;
  /** Used when a request sends no timing header. */
  timing: { ttft: LatencyProgram; itl: LatencyProgram; outputLength: number; programStart: ProgramStart };
  /** Where the ground-truth log goes (appended to), or null for none. */
  groundTruth: { file: string | null };
  /** A header value above its cap is a 400. */
  caps: { ttftMs: number; itlMs: number; outputLength: number };
  /** Seeds the server's generators: timing samples, ids, and output of requests without `seed`. */
  seed: number;
  bodyLimitBytes: number;
  logLevel: LogLevel;
  /** How long before a deadline the scheduler polls the clock instead of sleeping on a timer. */
  precisionWindowMs: number;
  /** Server processes (resolved: at least 1); 1 serves in-process without node:cluster. */
  workers: number;
  /** On shutdown, how long open streams may run on before they are ended with an error event (ms). */
  shutdownGraceMs: number;
  promptTokens: PromptTokenMode;
  limits: Limits;
}
