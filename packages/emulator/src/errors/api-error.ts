import { type ErrorBody, errorBody } from '@tokenpace/core';

export interface ApiErrorFields {
  message: string;
  param?: string | null;
  /** OpenAI's `code` on the wire; null where the API sends null. */
  code?: string | null;
  /** Extra response headers, e.g. `allow` on a 405. */
  headers?: Readonly<Record<string, string>>;
}

/**
 * An error the API answers with: status, OpenAI `type`, `param` and `code`, rendered as
 * `{"error":{"message","type","param","code"}}`. `reason` is this project's stable identifier of the
 * error class (OpenAI's `code` is often null, so it cannot serve).
 */
export abstract class ApiError extends Error {
  abstract readonly status: number;
  abstract readonly type: string;
  abstract readonly reason: string;
  readonly param: string | null;
  readonly code: string | null;
  readonly headers: Readonly<Record<string, string>>;

  constructor(fields: ApiErrorFields) {
    super(fields.message);
    this.name = new.target.name;
    this.param = fields.param ?? null;
    this.code = fields.code ?? null;
    this.headers = fields.headers ?? {};
  }

  toBody(): ErrorBody {
    return errorBody({ message: this.message, type: this.type, param: this.param, code: this.code });
  }
}
