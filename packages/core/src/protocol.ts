// Protocol constants shared by the emulator, the k6 extension's callers and the report.
// This file must stay free of imports: k6 scenarios import it directly as TypeScript.

/** Timing headers, lower-case as HTTP/2 and Node deliver them (the wire is case-insensitive). */
export const HEADER_TTFT_MS = 'x-ttft-ms';
export const HEADER_ITL_MS = 'x-itl-ms';
export const HEADER_OUTPUT_LENGTH = 'x-output-length';

/** Defaults of the timing contract, used when neither header nor config sets a value. */
export const DEFAULT_TTFT_MS = 100;
export const DEFAULT_ITL_MS = 50;
export const DEFAULT_OUTPUT_LENGTH = 20;

/** Default caps; a value above its cap is rejected with a 400 naming the header. Config may change them. */
export const MAX_TTFT_MS = 600_000;
export const MAX_ITL_MS = 60_000;
export const MAX_OUTPUT_LENGTH = 131_072;
/** Upper bound on `n` (choices per request), as OpenAI's API. */
export const MAX_CHOICES = 128;
/** Default request body limit in bytes (OpenAI accepts bodies of tens of MB with images inline). */
export const DEFAULT_BODY_LIMIT_BYTES = 32 * 1024 * 1024;

/**
 * A client's own id for a request (OpenAI's API accepts it, up to 512 characters): the emulator writes it into
 * its ground-truth log, so a load generator's samples can be matched to the server's records.
 */
export const HEADER_CLIENT_REQUEST_ID = 'x-client-request-id';

/**
 * The request key in the prompt text, `[tokenpace-key:KEY]` (KEY: 1–64 of `A–Z a–z 0–9 . _ -`): every gateway
 * forwards the prompt, while many drop unknown headers, so the ground-truth log can match requests through any.
 */
export const REQUEST_KEY_MARKER = { open: '[tokenpace-key:', close: ']', maxKeyChars: 64 } as const;

/** Response headers the emulator adds besides OpenAI's own, so clients can reconcile runs. */
export const RESPONSE_HEADER_CONFIGURED_TTFT_MS = 'x-tokenpace-ttft-ms';
export const RESPONSE_HEADER_CONFIGURED_ITL_MS = 'x-tokenpace-itl-ms';
export const RESPONSE_HEADER_CONFIGURED_OUTPUT_LENGTH = 'x-tokenpace-output-length';

/**
 * Error-injection and fault headers (see docs/faults-and-rules.md). `X-Error` forces an error (a status such
 * as `503`, or a kind such as `rate_limit_tokens`); `X-Error-Rate` fails that share of requests (`0.01`, `1%`,
 * `1/100`); `X-Error-Mode` picks them `exact` (every k-th request) or `random` (seeded); `X-Error-Retry-After-Ms`
 * sets the delay announced on 429 and 503; `X-Fault` breaks the delivery, e.g. `disconnect(after=5)`.
 */
export const HEADER_ERROR = 'x-error';
export const HEADER_ERROR_RATE = 'x-error-rate';
export const HEADER_ERROR_MODE = 'x-error-mode';
export const HEADER_ERROR_RETRY_AFTER_MS = 'x-error-retry-after-ms';
export const HEADER_FAULT = 'x-fault';
/**
 * `x-should-retry: true|false` on a request is echoed on its error responses; the official SDKs obey it
 * over their own retry rules. The config sets it for every error response.
 */
export const HEADER_SHOULD_RETRY = 'x-should-retry';

/** Which injected error or fault a response carries (its canonical text), and which scripted rule answered. */
export const RESPONSE_HEADER_FAULT = 'x-tokenpace-fault';
export const RESPONSE_HEADER_RULE = 'x-tokenpace-rule';

/**
 * k6 metrics recorded by the `k6/x/tokenpace` extension. Time metrics are in milliseconds as
 * floating-point values with microsecond resolution. The report reads them by these names.
 */
export const METRIC = {
  /** Request sent → response headers received. */
  headers: 'tokenpace_headers',
  /** Request sent → first content token received (streams). */
  ttft: 'tokenpace_ttft',
  /** Gap between consecutive content tokens (one sample per token after the first). */
  itl: 'tokenpace_itl',
  /** Request sent → last byte of the response. */
  e2e: 'tokenpace_e2e',
  /** Configured TTFT of the request (the value the emulator resolved, e.g. a sampled distribution). */
  ttftConfigured: 'tokenpace_ttft_configured',
  /** Configured ITL of the request, one sample per gap like `itl`. */
  itlConfigured: 'tokenpace_itl_configured',
  /** Observed minus configured TTFT. */
  ttftDelta: 'tokenpace_ttft_delta',
  /** Observed minus configured ITL, per gap. */
  itlDelta: 'tokenpace_itl_delta',
  /** Observed minus configured end-to-end time (non-streamed: TTFT + N·ITL; streamed: TTFT + (N−1)·ITL). */
  e2eDelta: 'tokenpace_e2e_delta',
  /** Output tokens counted from the stream (or the body), per request. */
  outputTokens: 'tokenpace_output_tokens',
  /** Content tokens carried by one SSE event (1 without re-chunking). */
  tokensPerChunk: 'tokenpace_tokens_per_chunk',
  /** Rate: requests that failed (transport error, non-2xx, error event, truncated stream). */
  streamErrors: 'tokenpace_stream_errors',
  /** Rate: requests whose counted tokens differ from `usage.completion_tokens` or the configured length. */
  tokenMismatch: 'tokenpace_token_mismatch',
} as const;

/** Tags the extension adds to every sample, carrying the configured values of the request. */
export const TAG = {
  configuredTtftMs: 'cfg_ttft_ms',
  configuredItlMs: 'cfg_itl_ms',
  configuredOutputLength: 'cfg_output_length',
  /** `stream` or `unary`. */
  mode: 'mode',
  /** `chat`, `completion`, `responses` (the Responses API) or `messages` (Anthropic Messages). */
  api: 'api',
} as const;

/** Short metric names accepted by the report's SLO expressions, e.g. `ttft_delta:p99<5ms`. */
export const METRIC_PREFIX = 'tokenpace_';

/**
 * Overrides when a request with tools gets tool calls instead of text (see docs/openai-agent-apis.md):
 * `text` answers in text, `auto` keeps the default policy, a tool name or `a,b` calls those tools (in parallel
 * when several), a count `N` makes N parallel calls over the tools in order. `tool_choice: required` or a named
 * tool still call a tool whatever the header says.
 */
export const HEADER_TOOL_CALL = 'x-tool-call';
