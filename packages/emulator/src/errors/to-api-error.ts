import { TimingParseError, TokensError } from '@tokenpace/core';
import type { FastifyError } from 'fastify';
import { ApiError } from './api-error.js';
import {
  BodyTooLargeError,
  InternalServerError,
  InvalidJsonError,
  InvalidParameterError,
  InvalidTimingHeaderError,
  MalformedRequestError,
} from './catalogue.js';
import { tokenLimitError } from './token-limit-field.js';
import { type SchemaViolation, violationToError } from './validation-error.js';

/** Body fields named by the token functions' error codes (they validate what the schema cannot). */
const TOKENS_ERROR_PARAMS: Readonly<Record<string, string>> = {
  invalid_max_tokens: 'max_tokens',
  invalid_seed: 'seed',
  invalid_stop: 'stop',
  invalid_prompt_input: 'prompt',
};

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && typeof (error as FastifyError).code === 'string';
}

/**
 * Maps anything thrown while serving a request to the API error to answer with: our own errors as they are,
 * core's parse errors to 400s naming the header or field, fastify's parse, size and validation errors to
 * OpenAI's wording, and anything else to a 500 in OpenAI's shape.
 */
export function toApiError(error: unknown, body: unknown, bodyLimitBytes: number): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof TimingParseError) return new InvalidTimingHeaderError(error.param, error.message);
  if (error instanceof TokensError) {
    const outOfRange = error.code === 'invalid_max_tokens' ? tokenLimitError(body) : null;
    if (outOfRange !== null) return outOfRange;
    return new InvalidParameterError({
      message: error.message,
      param: TOKENS_ERROR_PARAMS[error.code] ?? null,
      code: 'invalid_value',
    });
  }
  if (!isFastifyError(error)) return new InternalServerError();
  if (Array.isArray(error.validation)) {
    return violationToError(error.validation as unknown as SchemaViolation[], body);
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new InvalidJsonError();
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new BodyTooLargeError(bodyLimitBytes);
    default: {
      const status = error.statusCode ?? 500;
      return status >= 400 && status < 500
        ? new MalformedRequestError(status, error.message)
        : new InternalServerError();
    }
  }
}
