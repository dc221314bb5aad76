import type { SettingKind, SettingOption } from './config-options.js';

/** A partial, nested settings object from one source, and how to name a key of it in messages. */
export interface SettingsLayer {
  values: Record<string, unknown>;
  /** Names where the key at `path` came from, e.g. `TOKENPACE_PORT` or `--port`. */
  describe(path: readonly string[]): string;
}

const INTEGER_TEXT = /^[+-]?\d+$/;
const NUMBER_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;
const TRUE_TEXTS = new Set(['true', '1', 'yes', 'on']);
const FALSE_TEXTS = new Set(['false', '0', 'no', 'off']);

/** Converts the text of an environment variable or flag to the type of its setting; a string is a problem. */
export function convertSettingText(
  kind: SettingKind,
  text: string,
): { value: unknown } | { problem: string } {
  const trimmed = text.trim();
  switch (kind) {
    case 'string':
    case 'latency':
      return { value: trimmed };
    case 'integer':
      return INTEGER_TEXT.test(trimmed)
        ? { value: Number(trimmed) }
        : { problem: `must be a whole number, got '${text}'` };
    case 'number':
      return NUMBER_TEXT.test(trimmed)
        ? { value: Number(trimmed) }
        : { problem: `must be a number, got '${text}'` };
    case 'boolean': {
      const lower = trimmed.toLowerCase();
      if (TRUE_TEXTS.has(lower)) return { value: true };
      if (FALSE_TEXTS.has(lower)) return { value: false };
      return { problem: `must be true or false, got '${text}'` };
    }
    case 'list':
      return {
        value: trimmed
          .split(',')
          .map((item) => item.trim())
          .filter((item) => item !== ''),
      };
  }
}

export function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const child = node[key];
    if (typeof child === 'object' && child !== null && !Array.isArray(child)) {
      node = child as Record<string, unknown>;
    } else {
      const created: Record<string, unknown> = {};
      node[key] = created;
      node = created;
    }
  }
  node[path.at(-1) as string] = value;
}

/**
 * Builds a layer from text values (environment variables or flags) through the options table; values that do
 * not convert become problems naming the variable or flag.
 */
export function layerFromTexts(
  options: readonly SettingOption[],
  textOf: (option: SettingOption) => string | boolean | undefined,
  nameOf: (option: SettingOption) => string,
  problems: string[],
): SettingsLayer {
  const values: Record<string, unknown> = {};
  const names = new Map<string, string>();
  for (const option of options) {
    const raw = textOf(option);
    if (raw === undefined) continue;
    const converted = typeof raw === 'boolean' ? { value: raw } : convertSettingText(option.kind, raw);
    if ('problem' in converted) {
      problems.push(`${nameOf(option)}: ${converted.problem}`);
      continue;
    }
    setPath(values, option.path, converted.value);
    names.set(option.path.join('.'), nameOf(option));
  }
  return { values, describe: (path) => names.get(path.join('.')) ?? path.join('.') };
}
