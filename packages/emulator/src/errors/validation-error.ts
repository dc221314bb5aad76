import { InvalidParameterError } from './catalogue.js';

/** The fields of an Ajv error that fastify puts in `error.validation`. */
export interface SchemaViolation {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string | undefined;
}

function pathSegments(instancePath: string): string[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** `['messages', '0', 'content']` → `messages[0].content`, as OpenAI names parameters. */
function paramName(segments: readonly string[]): string {
  let name = '';
  for (const segment of segments) {
    if (/^\d+$/.test(segment)) name += `[${segment}]`;
    else name += name === '' ? segment : `.${segment}`;
  }
  return name;
}

function valueAt(body: unknown, segments: readonly string[]): unknown {
  let node = body;
  for (const segment of segments) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

const ARTICLE_TYPES: Readonly<Record<string, string>> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean',
  array: 'an array',
  object: 'an object',
  null: 'null',
};

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
  return ARTICLE_TYPES[typeof value] ?? `a ${typeof value}`;
}

function listWords(words: readonly string[], conjunction: string): string {
  if (words.length <= 1) return words[0] ?? '';
  if (words.length === 2) return `${words[0]} ${conjunction} ${words[1]}`;
  return `${words.slice(0, -1).join(', ')}, ${conjunction} ${words.at(-1)}`;
}

/** Depth at which a violation points: a missing property points one level below its object. */
function depthOf(violation: SchemaViolation): number {
  return pathSegments(violation.instancePath).length + (violation.keyword === 'required' ? 1 : 0);
}

/**
 * How telling a violation is at a given depth: a constraint (range, length, allowed values) means the value
 * had the right type for that alternative, so it says more than a type mismatch, which says more than a
 * failed combinator.
 */
function rankOf(violation: SchemaViolation): number {
  if (violation.keyword === 'anyOf' || violation.keyword === 'oneOf') return 0;
  return violation.keyword === 'type' ? 1 : 2;
}

/** The violation to report: the deepest, since it is the most specific, then the most telling. */
function primaryViolation(violations: readonly SchemaViolation[]): SchemaViolation | undefined {
  let best: SchemaViolation | undefined;
  for (const violation of violations) {
    if (best === undefined) {
      best = violation;
      continue;
    }
    const depth = depthOf(violation);
    const bestDepth = depthOf(best);
    if (depth > bestDepth || (depth === bestDepth && rankOf(violation) > rankOf(best))) best = violation;
  }
  return best;
}

/**
 * Turns schema violations of a request body into OpenAI's error for them: the field named in `param` the way
 * the API names it, and the API's wording and code (`missing_required_parameter`, `invalid_type`, …).
 */
export function violationToError(
  violations: readonly SchemaViolation[],
  body: unknown,
): InvalidParameterError {
  const violation = primaryViolation(violations);
  if (violation === undefined) {
    return new InvalidParameterError({ message: 'The request body is invalid.', param: null });
  }
  const segments = pathSegments(violation.instancePath);
  const param = paramName(segments);
  const value = valueAt(body, segments);
  const params = violation.params;
  const limit = params.limit as number;
  const isInteger = typeof value === 'number' && Number.isInteger(value);
  if (segments.length === 0 && violation.keyword === 'type') {
    return new InvalidParameterError({
      message: `The request body must be a JSON object, but got ${describeValue(value)} instead.`,
      param: null,
      code: 'invalid_type',
    });
  }
  switch (violation.keyword) {
    case 'required': {
      const missing = paramName([...segments, String(params.missingProperty)]);
      return new InvalidParameterError({
        message: `Missing required parameter: '${missing}'.`,
        param: missing,
        code: 'missing_required_parameter',
      });
    }
    case 'type': {
      const expected = violations
        .filter((other) => other.keyword === 'type' && other.instancePath === violation.instancePath)
        .map((other) => String(other.params.type));
      const named = expected.filter((type) => type !== 'null');
      const words = [...new Set(named.length > 0 ? named : expected)].map(
        (type) => ARTICLE_TYPES[type] ?? type,
      );
      const expectation =
        words.length > 1 ? `one of ${listWords(words, 'or')}` : (words[0] ?? 'another type');
      return new InvalidParameterError({
        message: `Invalid type for '${param}': expected ${expectation}, but got ${describeValue(value)} instead.`,
        param,
        code: 'invalid_type',
      });
    }
    case 'enum':
    case 'const': {
      const allowed = violations
        .filter((other) => other.instancePath === violation.instancePath)
        .flatMap((other) =>
          other.keyword === 'enum'
            ? (other.params.allowedValues as unknown[])
            : other.keyword === 'const'
              ? [other.params.allowedValue]
              : [],
        )
        .map((allowedValue) => `'${String(allowedValue)}'`);
      return new InvalidParameterError({
        message: `Invalid value: '${String(value)}'. Supported values are: ${listWords([...new Set(allowed)], 'and')}.`,
        param,
        code: 'invalid_value',
      });
    }
    case 'minimum':
    case 'exclusiveMinimum':
      return new InvalidParameterError({
        message:
          `Invalid '${param}': ${isInteger ? 'integer' : 'decimal'} below minimum value. ` +
          `Expected a value >= ${limit}, but got ${String(value)} instead.`,
        param,
        code: `${isInteger ? 'integer' : 'decimal'}_below_min_value`,
      });
    case 'maximum':
    case 'exclusiveMaximum':
      return new InvalidParameterError({
        message:
          `Invalid '${param}': ${isInteger ? 'integer' : 'decimal'} above maximum value. ` +
          `Expected a value <= ${limit}, but got ${String(value)} instead.`,
        param,
        code: `${isInteger ? 'integer' : 'decimal'}_above_max_value`,
      });
    case 'minItems': {
      const length = Array.isArray(value) ? value.length : 0;
      return length === 0
        ? new InvalidParameterError({
            message:
              `Invalid '${param}': empty array. Expected an array with minimum length ${limit}, ` +
              'but got an empty array instead.',
            param,
            code: 'empty_array',
          })
        : new InvalidParameterError({
            message:
              `Invalid '${param}': array too short. Expected an array with minimum length ${limit}, ` +
              `but got an array with length ${length} instead.`,
            param,
            code: 'array_below_min_length',
          });
    }
    case 'maxItems':
      return new InvalidParameterError({
        message:
          `Invalid '${param}': array too long. Expected an array with maximum length ${limit}, ` +
          `but got an array with length ${Array.isArray(value) ? value.length : 0} instead.`,
        param,
        code: 'array_above_max_length',
      });
    case 'minLength':
      return new InvalidParameterError({
        message: `Invalid '${param}': string too short. Expected a string with minimum length ${limit}.`,
        param,
        code: 'string_below_min_length',
      });
    case 'maxLength':
      return new InvalidParameterError({
        message: `Invalid '${param}': string too long. Expected a string with maximum length ${limit}.`,
        param,
        code: 'string_above_max_length',
      });
    default:
      return new InvalidParameterError({
        message: `Invalid value for '${param}'${violation.message ? `: ${violation.message}` : ''}.`,
        param,
        code: 'invalid_value',
      });
  }
}
