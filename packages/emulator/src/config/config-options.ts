/** How a setting is written as text in the environment or on the command line. */
export type SettingKind = 'string' | 'integer' | 'number' | 'boolean' | 'list' | 'latency';

/** One setting as the environment and the command line name it; the single table behind env, flags and help. */
export interface SettingOption {
  /** Path of the key in the config file and in `Settings`, e.g. `['timing', 'ttft']`. */
  path: readonly string[];
  /** Long flag without dashes. */
  flag: string;
  env: string;
  kind: SettingKind;
  /** Placeholder in the help text. */
  valueName: string;
  description: string;
}

export const CONFIG_FILE_ENV = 'TOKENPACE_CONFIG';

export const SETTING_OPTIONS: readonly SettingOption[] = [
  {
    path: ['host'],
    flag: 'host',
    env: 'TOKENPACE_HOST',
    kind: 'string',
    valueName: 'HOST',
    description: 'interface to listen on (default 127.0.0.1)',
  },
  {
    path: ['port'],
    flag: 'port',
    env: 'TOKENPACE_PORT',
    kind: 'integer',
    valueName: 'PORT',
    description: 'port to listen on; 0 picks a free one and prints it (default 3000)',
  },
  {
    path: ['strictModels'],
    flag: 'strict-models',
    env: 'TOKENPACE_STRICT_MODELS',
    kind: 'boolean',
    valueName: '',
    description: 'answer 404 model_not_found for model ids not in the models list',
  },
  {
    path: ['models'],
    flag: 'models',
    env: 'TOKENPACE_MODELS',
    kind: 'list',
    valueName: 'ID,ID,…',
    description: 'model ids listed by GET /v1/models (comma-separated)',
  },
  {
    path: ['timing', 'ttft'],
    flag: 'ttft',
    env: 'TOKENPACE_TTFT',
    kind: 'latency',
    valueName: 'SPEC',
    description:
      'default time to first token: ms or a distribution, e.g. lognormal(p50=200,p99=800) (default 100)',
  },
  {
    path: ['timing', 'itl'],
    flag: 'itl',
    env: 'TOKENPACE_ITL',
    kind: 'latency',
    valueName: 'SPEC',
    description: 'default inter-token latency: ms or a distribution (default 50)',
  },
  {
    path: ['timing', 'outputLength'],
    flag: 'output-length',
    env: 'TOKENPACE_OUTPUT_LENGTH',
    kind: 'integer',
    valueName: 'TOKENS',
    description: 'default output tokens per choice (default 20)',
  },
  {
    path: ['caps', 'ttftMs'],
    flag: 'max-ttft-ms',
    env: 'TOKENPACE_MAX_TTFT_MS',
    kind: 'number',
    valueName: 'MS',
    description: 'largest TTFT a request may ask for (default 600000)',
  },
  {
    path: ['caps', 'itlMs'],
    flag: 'max-itl-ms',
    env: 'TOKENPACE_MAX_ITL_MS',
    kind: 'number',
    valueName: 'MS',
    description: 'largest ITL a request may ask for (default 60000)',
  },
  {
    path: ['caps', 'outputLength'],
    flag: 'max-output-length',
    env: 'TOKENPACE_MAX_OUTPUT_LENGTH',
    kind: 'integer',
    valueName: 'TOKENS',
    description: 'largest output length a request may ask for (default 131072)',
  },
  {
    path: ['seed'],
    flag: 'seed',
    env: 'TOKENPACE_SEED',
    kind: 'integer',
    valueName: 'N',
    description: 'seed of the timing samples, ids and unseeded output (default 1)',
  },
  {
    path: ['bodyLimitBytes'],
    flag: 'body-limit-bytes',
    env: 'TOKENPACE_BODY_LIMIT_BYTES',
    kind: 'integer',
    valueName: 'BYTES',
    description: 'largest request body accepted (default 33554432)',
  },
  {
    path: ['logLevel'],
    flag: 'log-level',
    env: 'TOKENPACE_LOG_LEVEL',
    kind: 'string',
    valueName: 'LEVEL',
    description: 'fatal, error, warn, info, debug, trace or silent (default info)',
  },
  {
    path: ['precisionWindowMs'],
    flag: 'precision-window-ms',
    env: 'TOKENPACE_PRECISION_WINDOW_MS',
    kind: 'number',
    valueName: 'MS',
    description:
      'before each deadline, poll the clock this long instead of sleeping; 0 saves CPU (default 1)',
  },
  {
    path: ['workers'],
    flag: 'workers',
    env: 'TOKENPACE_WORKERS',
    kind: 'integer',
    valueName: 'N',
    description: 'server processes sharing the port; 0 = one per available core (default 0)',
  },
  {
    path: ['shutdownGraceMs'],
    flag: 'shutdown-grace-ms',
    env: 'TOKENPACE_SHUTDOWN_GRACE_MS',
    kind: 'number',
    valueName: 'MS',
    description: 'on SIGTERM, how long open streams may finish before they end with an error (default 10000)',
  },
  {
    path: ['promptTokens'],
    flag: 'prompt-tokens',
    env: 'TOKENPACE_PROMPT_TOKENS',
    kind: 'string',
    valueName: 'MODE',
    description: 'exact (tokenizer) or estimate (from UTF-8 bytes, for extreme rates) (default exact)',
  },
  {
    path: ['limits', 'maxConcurrentStreams'],
    flag: 'max-concurrent-streams',
    env: 'TOKENPACE_MAX_CONCURRENT_STREAMS',
    kind: 'integer',
    valueName: 'N',
    description: 'streams and timed responses in flight at once, beyond: 503; 0 = no limit (default 10000)',
  },
  {
    path: ['limits', 'maxStreamDurationMs'],
    flag: 'max-stream-duration-ms',
    env: 'TOKENPACE_MAX_STREAM_DURATION_MS',
    kind: 'number',
    valueName: 'MS',
    description: 'longest TTFT + N·ITL a request may ask for, beyond: 400; 0 = no limit (default 3600000)',
  },
  {
    path: ['limits', 'maxBlockedMs'],
    flag: 'max-blocked-ms',
    env: 'TOKENPACE_MAX_BLOCKED_MS',
    kind: 'number',
    valueName: 'MS',
    description: 'cut a stream whose client reads nothing for this long; 0 = never (default 60000)',
  },
  {
    path: ['limits', 'retryAfterMs'],
    flag: 'retry-after-ms',
    env: 'TOKENPACE_RETRY_AFTER_MS',
    kind: 'integer',
    valueName: 'MS',
    description: 'retry-after-ms (and retry-after in seconds) of an over-capacity answer (default 1000)',
  },
  {
    path: ['limits', 'overloadStatus'],
    flag: 'overload-status',
    env: 'TOKENPACE_OVERLOAD_STATUS',
    kind: 'integer',
    valueName: 'STATUS',
    description: 'status of an over-capacity answer: 503 or 429 (default 503)',
  },
];
