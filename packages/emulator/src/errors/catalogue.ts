import { ApiError, type ApiErrorFields } from './api-error.js';

const INVALID_REQUEST = 'invalid_request_error';

/** The body is not JSON (or is empty). OpenAI answers with this text, param and code null. */
export class InvalidJsonError extends ApiError {
  readonly status = 400;
  readonly type = INVALID_REQUEST;
  readonly reason = 'invalid_json';

  constructor() {
    super({
      message:
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP " +
        'library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)',
    });
  }
}

/**
 * A body field is missing, of the wrong type or out of range; `param` names it, e.g. `messages[0].content`
 * (null when the body as a whole is wrong).
 */
export class InvalidParameterError extends ApiError {
  readonly status = 400;
  readonly type = INVALID_REQUEST;
  readonly reason = 'invalid_parameter';

  constructor(fields: ApiErrorFields & { param: string | null }) {
    super(fields);
  }
}

/** A timing header (X-TTFT-MS, X-ITL-MS, X-OUTPUT-LENGTH) is invalid or above its cap. */
export class InvalidTimingHeaderError extends ApiError {
  readonly status = 400;
  readonly type = INVALID_REQUEST;
  readonly reason = 'invalid_timing_value';

  constructor(header: string, message: string) {
    super({ message, param: header, code: 'invalid_timing_value' });
  }
}

export class BodyTooLargeError extends ApiError {
  readonly status = 413;
  readonly type = INVALID_REQUEST;
  readonly reason = 'body_too_large';

  /** `headers`: `connection: close` when the rest of the body is left unread. */
  constructor(limitBytes: number, headers?: Readonly<Record<string, string>>) {
    super({
      message: `The request body is larger than the limit of ${limitBytes} bytes.`,
      code: 'body_too_large',
      ...(headers === undefined ? {} : { headers }),
    });
  }
}

/** Unknown model id with `strictModels` on; the API's own wording. */
export class ModelNotFoundError extends ApiError {
  readonly status = 404;
  readonly type = INVALID_REQUEST;
  readonly reason = 'model_not_found';

  constructor(model: string) {
    super({
      message: `The model \`${model}\` does not exist or you do not have access to it.`,
      param: 'model',
      code: 'model_not_found',
    });
  }
}

/** A Responses id this server does not hold (never made, deleted, or dropped from the bounded store). */
export class ResponseNotFoundError extends ApiError {
  readonly status = 404;
  readonly type = INVALID_REQUEST;
  readonly reason = 'response_not_found';

  constructor(id: string) {
    super({ message: `Response with id '${id}' not found.`, param: null, code: null });
  }
}

/** No route at this path; the API's own wording, e.g. `Invalid URL (POST /v1/foo)`. */
export class RouteNotFoundError extends ApiError {
  readonly status = 404;
  readonly type = INVALID_REQUEST;
  readonly reason = 'route_not_found';

  constructor(method: string, path: string) {
    super({ message: `Invalid URL (${method} ${path})` });
  }
}

export class MethodNotAllowedError extends ApiError {
  readonly status = 405;
  readonly type = INVALID_REQUEST;
  readonly reason = 'method_not_allowed';

  constructor(method: string, path: string, allowed: readonly string[]) {
    super({
      message: `Method ${method} is not allowed on ${path}; use ${allowed.join(' or ')}.`,
      headers: { allow: allowed.join(', ') },
    });
  }
}

/** Anything unexpected. Input never leads here; a bug does, and it still answers in OpenAI's shape. */
export class InternalServerError extends ApiError {
  readonly status = 500;
  readonly type = 'server_error';
  readonly reason = 'internal_error';

  constructor() {
    super({ message: 'The server had an error while processing your request. Sorry about that!' });
  }
}

/** A malformed request that fastify rejects before any route sees it (e.g. a wrong content-length). */
export class MalformedRequestError extends ApiError {
  readonly status: number;
  readonly type = INVALID_REQUEST;
  readonly reason = 'malformed_request';

  constructor(status: number, message: string) {
    super({ message });
    this.status = status;
  }
}

/** The server is shutting down: a new request while it drains, or a response still open when the grace ran out. */
export class ServerShuttingDownError extends ApiError {
  readonly status = 503;
  readonly type = 'server_error';
  readonly reason = 'server_shutting_down';

  constructor() {
    super({
      message: 'The server is shutting down. Retry the request; another instance or a restart will serve it.',
      code: 'server_shutting_down',
      headers: { connection: 'close' },
    });
  }
}

/**
 * Too many streams in flight (limits.maxConcurrentStreams). A 503 says the server is overloaded, as the API does
 * (`server_error`, code null); a 429 (`limits.overloadStatus`) uses the API's rate-limit shape so that clients
 * back off the same way. Both carry `retry-after-ms` and `retry-after`, which the OpenAI SDKs honour.
 */
export class ConcurrencyLimitError extends ApiError {
  readonly status: 429 | 503;
  readonly type: string;
  readonly reason = 'concurrency_limit';

  constructor(status: 429 | 503, limit: number, retryAfterMs: number) {
    super({
      message:
        `The server is at its limit of ${limit} concurrent streams (limits.maxConcurrentStreams, ` +
        `--max-concurrent-streams). Retry after ${retryAfterMs} ms.`,
      code: status === 429 ? 'rate_limit_exceeded' : null,
      headers: {
        'retry-after-ms': String(retryAfterMs),
        'retry-after': String(Math.ceil(retryAfterMs / 1000)),
      },
    });
    this.status = status;
    this.type = status === 429 ? 'requests' : 'server_error';
  }
}

/** The schedule a request asks for (TTFT + N·ITL) is longer than limits.maxStreamDurationMs. */
export class StreamDurationLimitError extends ApiError {
  readonly status = 400;
  readonly type = INVALID_REQUEST;
  readonly reason = 'stream_duration_above_limit';

  constructor(durationMs: number, limitMs: number) {
    super({
      message:
        `The requested timing (X-TTFT-MS + X-OUTPUT-LENGTH × X-ITL-MS) lasts ${durationMs} ms, above the limit of ` +
        `${limitMs} ms (limits.maxStreamDurationMs, --max-stream-duration-ms).`,
      code: 'stream_duration_above_limit',
    });
  }
}

/**
 * The JSON body is shaped to cost far more to parse and hold than its size suggests (nested deeper than the
 * bound, or made of more values than it): refused while it is read, before it is parsed.
 */
export class JsonTooComplexError extends ApiError {
  readonly status = 400;
  readonly type = INVALID_REQUEST;
  readonly reason = 'json_too_complex';

  constructor(problem: 'depth' | 'values', bound: number) {
    super({
      message:
        problem === 'depth'
          ? `The JSON body of your request is nested deeper than ${bound} levels.`
          : `The JSON body of your request has more than ${bound} values.`,
      // The rest of the body is not read: the connection cannot serve another request.
      headers: { connection: 'close' },
    });
  }
}

/** The body did not arrive within limits.bodyTimeoutS of its headers (a client trickling or never ending it). */
export class BodyTimeoutError extends ApiError {
  readonly status = 408;
  readonly type = INVALID_REQUEST;
  readonly reason = 'body_timeout';

  constructor(timeoutS: number) {
    super({
      message: `The request body was not received within ${timeoutS} s (limits.bodyTimeoutS, --body-timeout-s).`,
      headers: { connection: 'close' },
    });
  }
}

/**
 * The bodies of the requests in flight in this process would pass limits.maxBodyBytesInFlight: answered like
 * the concurrency limit (503, or 429 in the API's rate-limit shape), with `retry-after-ms` and `retry-after`.
 */
export class BodyMemoryLimitError extends ApiError {
  readonly status: 429 | 503;
  readonly type: string;
  readonly reason = 'body_memory_limit';

  constructor(status: 429 | 503, limitBytes: number, retryAfterMs: number) {
    super({
      message:
        `The server holds its limit of ${limitBytes} bytes of request bodies in flight ` +
        `(limits.maxBodyBytesInFlight, --max-body-bytes-in-flight). Retry after ${retryAfterMs} ms.`,
      code: status === 429 ? 'rate_limit_exceeded' : null,
      headers: {
        'retry-after-ms': String(retryAfterMs),
        'retry-after': String(Math.ceil(retryAfterMs / 1000)),
        connection: 'close',
      },
    });
    this.status = status;
    this.type = status === 429 ? 'requests' : 'server_error';
  }
}
