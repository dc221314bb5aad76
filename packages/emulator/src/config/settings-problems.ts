import type { TLocalizedValidationError } from 'typebox/error';
import { Settings } from 'typebox/system';

const TYPE_WORDS: Readonly<Record<string, string>> = {
  integer: 'a whole number',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping of keys',
};

/** Sentence for one schema error, in the words of a config setting rather than of JSON Schema. */
export function describeSchemaError(error: TLocalizedValidationError): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return `must be ${TYPE_WORDS[String(params.type)] ?? `of type ${String(params.type)}`}`;
    case 'minimum':
      return `must be at least ${String(params.limit)}`;
    case 'maximum':
      return `must be at most ${String(params.limit)}`;
    case 'minLength':
      return 'must not be empty';
    case 'minItems':
      return `must list at least ${String(params.limit)} item(s)`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'required':
      return 'is required';
    default:
      return error.message;
  }
}

/** `/timing/ttft` → `['timing', 'ttft']`. */
export function pointerToPath(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** Most schema errors one configuration reports: all of any real one, a bound for a hostile file. */
export const MAX_SETTINGS_ERRORS = 200;

/**
 * The schema errors of `value`, all of them up to {@link MAX_SETTINGS_ERRORS}: TypeBox stops at 8 by default,
 * and a configuration lists every problem at once.
 */
export function allSchemaErrors(
  validator: { Errors(value: unknown): TLocalizedValidationError[] },
  value: unknown,
): TLocalizedValidationError[] {
  const previous = Settings.Get().maxErrors;
  Settings.Set({ maxErrors: MAX_SETTINGS_ERRORS });
  try {
    return validator.Errors(value);
  } finally {
    Settings.Set({ maxErrors: previous });
  }
}
