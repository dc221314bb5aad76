import type { SchemaViolation } from '../errors/validation-error.js';
import { AnthropicInvalidRequestError } from './anthropic-errors.js';

/** Pydantic's words for a value of the wrong type, which the Messages API's errors use. */
const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'a valid string',
  integer: 'a valid integer',
  number: 'a valid number',
  boolean: 'a valid boolean',
  array: 'a valid list',
  object: 'a valid dictionary',
  null: 'None',
};

function segments(violation: SchemaViolation): string[] {
  if (violation.instancePath === '') return [];
  return violation.instancePath
    .slice(1)
    .split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** Depth a violation points at: a missing field points one level below its object. */
function depthOf(violation: SchemaViolation): number {
  return segments(violation).length + (violation.keyword === 'required' ? 1 : 0);
}

/** The deepest violation, preferring a constraint over a type mismatch over a failed union. */
function primaryViolation(violations: readonly SchemaViolation[]): SchemaViolation | undefined {
  const rank = (violation: SchemaViolation): number =>
    violation.keyword === 'anyOf' || violation.keyword === 'oneOf' ? 0 : violation.keyword === 'type' ? 1 : 2;
  let best: SchemaViolation | undefined;
  for (const violation of violations) {
    if (
      best === undefined ||
      depthOf(violation) > depthOf(best) ||
      (depthOf(violation) === depthOf(best) && rank(violation) > rank(best))
    ) {
      best = violation;
    }
  }
  return best;
}

function quoteList(values: readonly unknown[]): string {
  const quoted = values.map((value) => `'${String(value)}'`);
  if (quoted.length <= 1) return quoted[0] ?? '';
  return `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
}

/** What is wrong with the value, in Pydantic's words (`Field required`, `Input should be a valid integer`). */
function problem(violation: SchemaViolation, violations: readonly SchemaViolation[]): string {
  const params = violation.params;
  switch (violation.keyword) {
    case 'required':
      return 'Field required';
    case 'type': {
      const types = violations
        .filter((other) => other.keyword === 'type' && other.instancePath === violation.instancePath)
        .map((other) => String(other.params.type));
      return `Input should be ${TYPE_WORDS[types.at(-1) ?? ''] ?? 'of another type'}`;
    }
    case 'enum':
      return `Input should be ${quoteList(params.allowedValues as unknown[])}`;
    case 'const':
      return `Input should be ${quoteList([params.allowedValue])}`;
    case 'minimum':
      return `Input should be greater than or equal to ${String(params.limit)}`;
    case 'maximum':
      return `Input should be less than or equal to ${String(params.limit)}`;
    case 'minLength':
      return `String should have at least ${String(params.limit)} character${params.limit === 1 ? '' : 's'}`;
    case 'minItems':
      return `List should have at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}`;
    default:
      return violation.message ?? 'Input is invalid';
  }
}

/**
 * A schema violation of a Messages body as the API reports it: `<field path>: <problem>`, the path dotted with
 * list indices as numbers (`messages.0.content`), e.g. `max_tokens: Field required`.
 */
export function anthropicValidationError(
  violations: readonly SchemaViolation[],
): AnthropicInvalidRequestError {
  const violation = primaryViolation(violations);
  if (violation === undefined) return new AnthropicInvalidRequestError({ message: 'Input is invalid' });
  const path = segments(violation);
  if (violation.keyword === 'required') path.push(String(violation.params.missingProperty));
  const text = problem(violation, violations);
  return new AnthropicInvalidRequestError({
    message: path.length === 0 ? text : `${path.join('.')}: ${text}`,
  });
}
