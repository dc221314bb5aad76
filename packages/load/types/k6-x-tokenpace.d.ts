/**
 * Types of the `k6/x/tokenpace` JS module, provided by the Go extension in `packages/load/xk6`.
 * One call per request: the extension sends it, reads the (SSE) response in Go, stamps every event
 * with the monotonic clock when its bytes arrive, and records the tokenpace_* k6 metrics itself.
 */
declare module 'k6/x/tokenpace' {
  export interface RequestOptions {
    /** Absolute URL, e.g. `http://127.0.0.1:3000/v1/chat/completions` or `/v1/completions`. */
    url: string;
    /** JSON request body. With `stream: true` the response is read as server-sent events. */
    body: Record<string, unknown>;
    /** Extra request headers, e.g. the timing headers `x-ttft-ms`, `x-itl-ms`, `x-output-length`. */
    headers?: Record<string, string>;
    /** Tags added to every metric sample of this request (besides the VU's own tags). */
    tags?: Record<string, string>;
    /** Whole-request timeout in milliseconds (default 120000). */
    timeoutMs?: number;
  }

  export interface Usage {
    prompt_tokens: number;
    completion_tokens: number;
    total_tokens: number;
  }

  /** Values the request was configured with; -1 where unknown. */
  export interface Configured {
    ttftMs: number;
    itlMs: number;
    outputLength: number;
  }

  /**
   * Why a request failed: `transport` (no response), `timeout` (timeoutMs elapsed), `canceled` (the VU
   * stopped), `http_status` (non-2xx), `error_event` (an OpenAI error object in the stream or body),
   * `truncated_stream` (ended or broke before `data: [DONE]`), `invalid_payload` (not OpenAI's JSON).
   */
  export type ErrorCode =
    | ''
    | 'transport'
    | 'timeout'
    | 'canceled'
    | 'http_status'
    | 'error_event'
    | 'truncated_stream'
    | 'invalid_payload';

  export interface Result {
    /** HTTP status, 0 when no response arrived. */
    status: number;
    /** True for a 2xx response that completed without an error event or truncation. */
    ok: boolean;
    /** Transport error, HTTP error body message, stream error event message or truncation; '' when ok. */
    error: string;
    /** Stable reason of the failure; '' when ok. */
    errorCode: ErrorCode;
    /** True when the response was read as a stream. */
    streamed: boolean;
    /**
     * Call → connection ready to write the request (dial and TLS; ~0 on a kept-alive connection), ms.
     * The timings below start after it, when the request is written.
     */
    connectMs: number;
    /** Request sent → response headers, ms with µs resolution; -1 when no response arrived. */
    headersMs: number;
    /** Request sent → first content token, ms; -1 when no content token arrived. */
    ttftMs: number;
    /** Request sent → end of response, ms. */
    e2eMs: number;
    /**
     * Gap before each content token after the first of its choice, ms. Tokens that arrive in one event
     * share its stamp, so the later ones get 0: length = tokens − choices, mean = (last − first) / (tokens − 1).
     */
    itlMs: number[];
    /** Content tokens carried by each content event (per choice; 0 for a piece that starts no token). */
    tokensPerChunk: number[];
    /** Content tokens counted in the response, all choices. */
    outputTokens: number;
    /** `usage` reported by the server, or null. */
    usage: Usage | null;
    /** finish_reason per choice index. */
    finishReasons: string[];
    /** Text of choice 0. */
    content: string;
    /** Raw body for non-streamed responses and errors; '' for successful streams. */
    body: string;
    /** Configured timing of this request. */
    configured: Configured;
    /**
     * Which clock dated the arrivals: 'kernel' (the kernel's receive time of the bytes, Linux),
     * 'read' (when the read returned in the VU: other platforms, HTTP/2, no kernel stamp) or 'mixed'.
     */
    clock: 'kernel' | 'read' | 'mixed';
  }

  /** Sends one chat or legacy completion request and times it. Blocks the VU until it completes. */
  export function request(options: RequestOptions): Result;
}
