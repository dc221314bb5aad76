import type { FastifyRequest } from 'fastify';
import { ANTHROPIC_VERSION_HEADER } from './anthropic-dialect.js';
import { AnthropicInvalidRequestError, MissingVersionError } from './anthropic-errors.js';

/** Versions are dates (`2023-06-01`); any date is accepted, since only the shape of the header is checked. */
const VERSION = /^\d{4}-\d{2}-\d{2}$/;

/** Rejects a Messages request without a well-formed `anthropic-version`, as the API does. */
export async function requireAnthropicVersion(request: FastifyRequest): Promise<void> {
  const version = request.headers[ANTHROPIC_VERSION_HEADER];
  if (version === undefined) throw new MissingVersionError();
  const text = Array.isArray(version) ? version.join(',') : version;
  if (!VERSION.test(text.trim())) {
    throw new AnthropicInvalidRequestError({
      message: `anthropic-version: "${text}" is not a valid version`,
    });
  }
}
