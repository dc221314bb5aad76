import { ScriptedRuleError } from './scripted-error.js';

/** `/source/flags`: a regular expression written with its flags. */
const SLASHED_PATTERN = /^\/(.*)\/([a-z]*)$/s;
const GLOB_SPECIALS = /[.+^${}()|[\]\\]/g;

function compile(source: string, flags: string, written: string): RegExp {
  try {
    // Matching is a test, never a global scan: drop flags that would make `test` stateful.
    return new RegExp(source, flags.replace(/[gy]/g, ''));
  } catch (error) {
    throw new ScriptedRuleError(
      `'${written}' is not a valid regular expression (${(error as Error).message}).`,
    );
  }
}

/**
 * A model pattern: a glob matched against the whole id, case-insensitively (`gpt-4o*`, `*-mini`, `o?`), or
 * a regular expression written as `/source/flags`.
 */
export function compileModelPattern(text: string): RegExp {
  const slashed = SLASHED_PATTERN.exec(text);
  if (slashed !== null) return compile(slashed[1] as string, slashed[2] as string, text);
  const source = text.replace(GLOB_SPECIALS, '\\$&').replaceAll('*', '.*').replaceAll('?', '.');
  return new RegExp(`^${source}$`, 'i');
}

/** A text pattern: a regular expression searched anywhere in the text, plain (`hello`) or `/source/flags`. */
export function compileTextPattern(text: string): RegExp {
  const slashed = SLASHED_PATTERN.exec(text);
  return slashed === null
    ? compile(text, '', text)
    : compile(slashed[1] as string, slashed[2] as string, text);
}
