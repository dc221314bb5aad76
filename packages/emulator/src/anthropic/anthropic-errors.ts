import {
  type AnthropicErrorBody,
  anthropicErrorBody,
  anthropicErrorType,
  type ErrorBody,
} from '@tokenpace/core';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../errors/api-error.js';
import { InjectedError } from '../faults/injected-error.js';
import { RateLimitError } from '../rate-limit/rate-limit-error.js';
import { isAnthropicRequest } from './anthropic-dialect.js';

const INVALID_REQUEST = 'invalid_request_error';

/** `anthropic-version` is missing: the API's 400. */
export class MissingVersionError extends ApiError {
  readonly status = 400;
  readonly type = INVALID_REQUEST;
  readonly reason = 'missing_anthropic_version';

  constructor() {
    super({ message: 'anthropic-version: header is required' });
  }
}

/** A request the Messages API rejects with a message of its own (a schema violation, a tool choice without tools). */
export class AnthropicInvalidRequestError extends ApiError {
  readonly status = 400;
  readonly type = INVALID_REQUEST;
  readonly reason = 'invalid_parameter';
}

/** What Anthropic says where the emulator's shared errors use OpenAI's wording; keyed by the stable reason. */
const MESSAGES_BY_REASON: Readonly<Record<string, string>> = {
  missing_api_key: 'x-api-key header is required',
  invalid_api_key: 'invalid x-api-key',
  invalid_json: 'There was an error parsing the body of your request as JSON.',
  route_not_found: 'Not Found',
  internal_error: 'Internal server error',
};

/** Injected errors in Anthropic's words, by kind; the others keep theirs. */
const INJECTED_MESSAGES: Readonly<Record<string, string>> = {
  bad_request: 'The request was rejected as invalid.',
  context_length_exceeded: 'prompt is too long',
  invalid_api_key: 'invalid x-api-key',
  permission_denied: 'Your API key does not have permission to use the specified resource.',
  rate_limit_requests: 'Number of requests has exceeded your per-minute rate limit.',
  rate_limit_tokens: 'Number of request tokens has exceeded your per-minute rate limit.',
  insufficient_quota: 'Your credit balance is too low to access the Anthropic API.',
  server_error: 'Internal server error',
  bad_gateway: 'Bad gateway',
  overloaded: 'Overloaded',
  gateway_timeout: 'Request timeout',
  overloaded_error: 'Overloaded',
};

/** A refusal of the rate limiter, with its numbers, in the manner of Anthropic's rate-limit errors. */
function rateLimitMessage(error: RateLimitError): string {
  const { limit, limitValue, requested } = error.refusal;
  const what = limit === 'requests' ? 'requests' : 'tokens (input and output)';
  if (error.refusal.retryAfterMs === null) {
    return `This request (${requested} ${what}) exceeds your rate limit of ${limitValue} ${what} per minute on its own. Please reduce the prompt length or the maximum tokens requested.`;
  }
  return `This request would exceed your rate limit of ${limitValue} ${what} per minute. See the response headers for current usage, and retry after the time in retry-after.`;
}

/** The message of `error` as the Messages API words it. */
export function anthropicErrorMessage(error: ApiError, model: string | null): string {
  if (error instanceof InjectedError) {
    if (error.kind.id === 'model_not_found') return `model: ${model ?? 'unknown'}`;
    return INJECTED_MESSAGES[error.kind.id] ?? error.message;
  }
  if (error.reason === 'model_not_found') return `model: ${model ?? 'unknown'}`;
  if (error instanceof RateLimitError) return rateLimitMessage(error);
  return MESSAGES_BY_REASON[error.reason] ?? error.message;
}

function requestModel(request: FastifyRequest): string | null {
  const model = (request.body as { model?: unknown } | null | undefined)?.model;
  return typeof model === 'string' ? model : (request.exchange?.model ?? null);
}

/** `error` in Anthropic's envelope, with the request's id as the API puts it in the body too. */
export function toAnthropicErrorBody(error: ApiError, request: FastifyRequest): AnthropicErrorBody {
  return anthropicErrorBody(
    anthropicErrorType(error.status),
    anthropicErrorMessage(error, requestModel(request)),
    request.id,
  );
}

/** The body of an error response: Anthropic's envelope for Anthropic requests, OpenAI's for the others. */
export function errorBodyFor(request: FastifyRequest, error: ApiError): ErrorBody | AnthropicErrorBody {
  return isAnthropicRequest(request) ? toAnthropicErrorBody(error, request) : error.toBody();
}
