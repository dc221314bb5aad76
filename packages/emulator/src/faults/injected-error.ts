import { type ErrorKind, type ErrorMessageContext, errorKindMessage } from '@tokenpace/core';
import { ApiError } from '../errors/api-error.js';

/** `retry-after` in whole seconds (rounded up, as clients read it) and `retry-after-ms`, the SDKs' first choice. */
export function retryAfterHeaders(retryAfterMs: number): Record<string, string> {
  return {
    'retry-after': String(Math.ceil(retryAfterMs / 1000)),
    'retry-after-ms': String(Math.ceil(retryAfterMs)),
  };
}

/**
 * An error the emulator was asked to answer with (X-Error, X-Error-Rate, a `[429]` message, a rule, the
 * config): the API's status, type, code and wording for its kind, and retry headers on 429 rate limits and 503.
 */
export class InjectedError extends ApiError {
  readonly status: number;
  readonly type: string;
  readonly reason: string;
  readonly kind: ErrorKind;

  constructor(kind: ErrorKind, context: ErrorMessageContext) {
    super({
      message: errorKindMessage(kind, context),
      param: kind.param,
      code: kind.code,
      headers: kind.retryAfter ? retryAfterHeaders(context.retryAfterMs) : {},
    });
    this.status = kind.status;
    this.type = kind.type;
    this.reason = `injected_${kind.id}`;
    this.kind = kind;
  }
}
