import { formatResetDuration } from '../rate-limit/format-duration.js';
import { faultError } from './fault-parse-error.js';

/** Errors the emulator can be asked to answer with (X-Error, `[429]` in a message, config, rules). */
export type ErrorKindId =
  | 'bad_request'
  | 'context_length_exceeded'
  | 'invalid_api_key'
  | 'permission_denied'
  | 'model_not_found'
  | 'rate_limit_requests'
  | 'rate_limit_tokens'
  | 'insufficient_quota'
  | 'server_error'
  | 'bad_gateway'
  | 'overloaded'
  | 'gateway_timeout'
  | 'overloaded_error';

export interface ErrorKind {
  readonly id: ErrorKindId;
  readonly status: number;
  /** OpenAI's `type`. */
  readonly type: string;
  readonly code: string | null;
  readonly param: string | null;
  /** Whether the response says when to retry (`retry-after`, `retry-after-ms`): 429 rate limits and 503. */
  readonly retryAfter: boolean;
}

/** What an error message may quote. */
export interface ErrorMessageContext {
  model: string;
  requestId: string;
  /** The retry delay the response announces. */
  retryAfterMs: number;
  /** The key the request presented, masked in the message; null when none. */
  apiKey: string | null;
}

/** The organization id quoted in rate-limit messages, as the API quotes the caller's. */
export const ORGANIZATION_ID = 'org-tokenpace';

const RATE_LIMITS_LINK = 'Visit https://platform.openai.com/account/rate-limits to learn more.';
const API_KEYS_LINK = 'You can find your API key at https://platform.openai.com/account/api-keys.';

const KINDS: Readonly<Record<ErrorKindId, Omit<ErrorKind, 'id'>>> = {
  bad_request: { status: 400, type: 'invalid_request_error', code: null, param: null, retryAfter: false },
  context_length_exceeded: {
    status: 400,
    type: 'invalid_request_error',
    code: 'context_length_exceeded',
    param: 'messages',
    retryAfter: false,
  },
  invalid_api_key: {
    status: 401,
    type: 'invalid_request_error',
    code: 'invalid_api_key',
    param: null,
    retryAfter: false,
  },
  permission_denied: {
    status: 403,
    type: 'request_forbidden',
    code: 'unsupported_country_region_territory',
    param: null,
    retryAfter: false,
  },
  model_not_found: {
    status: 404,
    type: 'invalid_request_error',
    code: 'model_not_found',
    param: 'model',
    retryAfter: false,
  },
  rate_limit_requests: {
    status: 429,
    type: 'requests',
    code: 'rate_limit_exceeded',
    param: null,
    retryAfter: true,
  },
  rate_limit_tokens: {
    status: 429,
    type: 'tokens',
    code: 'rate_limit_exceeded',
    param: null,
    retryAfter: true,
  },
  insufficient_quota: {
    status: 429,
    type: 'insufficient_quota',
    code: 'insufficient_quota',
    param: null,
    retryAfter: false,
  },
  server_error: { status: 500, type: 'server_error', code: null, param: null, retryAfter: false },
  bad_gateway: { status: 502, type: 'server_error', code: null, param: null, retryAfter: false },
  overloaded: { status: 503, type: 'server_error', code: null, param: null, retryAfter: true },
  gateway_timeout: { status: 504, type: 'server_error', code: null, param: null, retryAfter: false },
  // Anthropic's overload status; its SDKs retry it, honouring retry-after.
  overloaded_error: { status: 529, type: 'overloaded_error', code: null, param: null, retryAfter: true },
};

/** Status codes that name a kind on their own: `X-Error: 503` is `overloaded`. */
const STATUS_KINDS: Readonly<Record<string, ErrorKindId>> = {
  '400': 'bad_request',
  '401': 'invalid_api_key',
  '403': 'permission_denied',
  '404': 'model_not_found',
  '429': 'rate_limit_requests',
  '500': 'server_error',
  '502': 'bad_gateway',
  '503': 'overloaded',
  '504': 'gateway_timeout',
  '529': 'overloaded_error',
};

export const ERROR_KIND_IDS = Object.keys(KINDS) as ErrorKindId[];
export const ERROR_STATUS_CODES = Object.keys(STATUS_KINDS).map(Number);

export function errorKind(id: ErrorKindId): ErrorKind {
  return { id, ...KINDS[id] };
}

/** Parses `503`, `overloaded`, `429`, `rate_limit_tokens` …; throws FaultParseError naming `param`. */
export function parseErrorKind(text: string, param: string): ErrorKind {
  const name = text.trim().toLowerCase();
  const id = Object.hasOwn(STATUS_KINDS, name)
    ? STATUS_KINDS[name]
    : Object.hasOwn(KINDS, name)
      ? (name as ErrorKindId)
      : undefined;
  if (id === undefined) {
    throw faultError(
      param,
      text,
      `is not an error to inject; use a status (${ERROR_STATUS_CODES.join(', ')}) or one of ${ERROR_KIND_IDS.join(', ')}.`,
    );
  }
  return errorKind(id);
}

/**
 * The key as OpenAI quotes a wrong one: its first 8 and last 4 characters around one `*` per hidden
 * character (`sk-PMafP******…E873`). Keys of 12 characters or fewer are hidden entirely.
 */
export function maskApiKey(key: string): string {
  if (key.length <= 12) return '*'.repeat(key.length);
  return `${key.slice(0, 8)}${'*'.repeat(key.length - 12)}${key.slice(-4)}`;
}

/** The API's message for `kind`, with the model, request id, retry delay or key it quotes. */
export function errorKindMessage(kind: ErrorKind, context: ErrorMessageContext): string {
  switch (kind.id) {
    case 'bad_request':
      return 'The request was rejected as invalid.';
    case 'context_length_exceeded':
      return `This model's maximum context length has been exceeded by your messages. Please reduce the length of the messages.`;
    case 'invalid_api_key':
      return context.apiKey === null
        ? `Incorrect API key provided. ${API_KEYS_LINK}`
        : `Incorrect API key provided: ${maskApiKey(context.apiKey)}. ${API_KEYS_LINK}`;
    case 'permission_denied':
      return 'Country, region, or territory not supported';
    case 'model_not_found':
      return `The model \`${context.model}\` does not exist or you do not have access to it.`;
    case 'rate_limit_requests':
    case 'rate_limit_tokens': {
      const what = kind.id === 'rate_limit_requests' ? 'requests per min (RPM)' : 'tokens per min (TPM)';
      return (
        `Rate limit reached for ${context.model} in organization ${ORGANIZATION_ID} on ${what}. ` +
        `Please try again in ${formatResetDuration(context.retryAfterMs)}. ${RATE_LIMITS_LINK}`
      );
    }
    case 'insufficient_quota':
      return (
        'You exceeded your current quota, please check your plan and billing details. For more information ' +
        'on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.'
      );
    case 'server_error':
      return 'The server had an error while processing your request. Sorry about that!';
    case 'bad_gateway':
      return 'Bad gateway.';
    case 'overloaded':
      return (
        'That model is currently overloaded with other requests. You can retry your request, or contact us ' +
        'through our help center at help.openai.com if the error persists. ' +
        `(Please include the request ID ${context.requestId} in your message.)`
      );
    case 'gateway_timeout':
      return 'Gateway timeout.';
    case 'overloaded_error':
      return 'Overloaded';
  }
}
