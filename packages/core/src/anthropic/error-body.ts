import { type Static, Type } from 'typebox';

/** The `error.type` values of the Messages API. */
export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'billing_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'timeout_error'
  | 'overloaded_error';

/** Status codes the API gives their own type; any other 4xx is `invalid_request_error`, any other 5xx `api_error`. */
const STATUS_TYPES: Readonly<Record<number, AnthropicErrorType>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

export function anthropicErrorType(status: number): AnthropicErrorType {
  return STATUS_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}

export const AnthropicErrorBody = Type.Object(
  {
    type: Type.Literal('error'),
    error: Type.Object({ type: Type.String(), message: Type.String() }, { additionalProperties: false }),
    request_id: Type.String(),
  },
  { additionalProperties: false },
);
export type AnthropicErrorBody = Static<typeof AnthropicErrorBody>;

export function anthropicErrorBody(
  type: AnthropicErrorType,
  message: string,
  requestId: string,
): AnthropicErrorBody {
  return { type: 'error', error: { type, message }, request_id: requestId };
}
