/**
 * Types of the `k6/x/tokenpace` JS module, provided by the Go extension in `packages/load/xk6`.
 * One call per request: the extension sends it, reads the (SSE) response in Go, stamps every event
 * with the monotonic clock when its bytes arrive, and records the tokenpace_* k6 metrics itself.
 * It speaks OpenAI's Chat Completions, legacy Completions and Responses APIs and Anthropic's Messages API.
 */
declare module 'k6/x/tokenpace' {
  export interface RequestOptions {
    /**
     * Absolute URL, e.g. `http://127.0.0.1:3000/v1/chat/completions`, `/v1/completions`, `/v1/responses`
     * or `/v1/messages`; the path's end names the API (the `api` tag).
     */
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

  /**
   * Token usage in chat's names, whatever the API: Responses' `input_tokens`/`output_tokens`, and
   * Anthropic's input (uncached + cache-write + cache-read) and final `output_tokens`, map onto it.
   */
  export interface Usage {
    prompt_tokens: number;
    completion_tokens: number;
    total_tokens: number;
  }

  /** One tool call of the answer, as the next request of a tool loop needs it. */
  export interface ToolCall {
    /** What a tool result refers to: chat's `tool_call_id`, Responses' `call_id`, Anthropic's `tool_use_id`. */
    id: string;
    name: string;
    /** The arguments as JSON text (Anthropic's `input` object serialised). */
    arguments: string;
  }

  /** Values the request was configured with; -1 where unknown. */
  export interface Configured {
    ttftMs: number;
    itlMs: number;
    outputLength: number;
  }

  /**
   * Why a request failed: `transport` (no response), `timeout` (timeoutMs elapsed), `canceled` (the VU
   * stopped), `http_status` (non-2xx), `error_event` (an error object or event in the stream or body:
   * OpenAI's `error`, Responses' `error` and `response.failed`, Anthropic's `event: error`),
   * `truncated_stream` (ended or broke before its final event: `data: [DONE]`, `response.completed` or
   * `response.incomplete`, `message_stop`), `invalid_payload` (not the API's JSON).
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
    /**
     * Request sent → first output token (text, JSON or tool-call arguments), ms; -1 when none arrived.
     */
    ttftMs: number;
    /** Request sent → end of response, ms. */
    e2eMs: number;
    /**
     * Gap before each content token after the first of its choice, ms. Tokens that arrive in one event
     * share its stamp, so the later ones get 0: length = tokens − choices, mean = (last − first) / (tokens − 1).
     */
    itlMs: number[];
    /**
     * Tokens carried by each output event (per choice; 0 for a piece that starts no token). Text counts by
     * word starts; a JSON answer and tool arguments count one token per non-empty delta.
     */
    tokensPerChunk: number[];
    /**
     * Output tokens counted in the response, all choices. A non-streamed JSON answer or tool call has no
     * deltas to count: it takes `usage.completion_tokens`.
     */
    outputTokens: number;
    /** `usage` reported by the server, or null. */
    usage: Usage | null;
    /**
     * Why each choice ended: chat's `finish_reason` per choice index, the Responses `status`
     * (`completed`, `incomplete`), or Anthropic's `stop_reason` (`end_turn`, `tool_use`, `max_tokens`, …).
     */
    finishReasons: string[];
    /** Text of choice 0 (a JSON answer's text too). */
    content: string;
    /** The response's id: `chatcmpl-…`, `resp_…` (for `previous_response_id`), `msg_…`; '' when absent. */
    id: string;
    /** Tool calls of choice 0, in order, with complete arguments; [] for a text answer. */
    toolCalls: ToolCall[];
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

  /** Sends one request of any of the four APIs and times it. Blocks the VU until it completes. */
  export function request(options: RequestOptions): Result;
}
