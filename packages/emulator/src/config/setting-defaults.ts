import type { SettingOption } from './config-options.js';
import { DEFAULT_SETTINGS } from './config-schema.js';

/**
 * The default of the setting at `path`, read from `DEFAULT_SETTINGS`, so that help text and the configuration
 * reference can never state a default the server does not use. Throws for a path the settings do not have.
 */
export function settingDefault(path: readonly string[]): unknown {
  let value: unknown = DEFAULT_SETTINGS;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, key)) {
      throw new Error(`No default for setting ${path.join('.')}: DEFAULT_SETTINGS has no ${key}`);
    }
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** A default as a user would write it on the command line: lists comma-joined, empty values as `none`. */
export function formatSettingDefault(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.join(',');
  if (value === '') return 'none';
  return String(value);
}

/** The help text of one option: its description and its default, taken from the settings themselves. */
export function optionHelpText(option: SettingOption): string {
  const value = settingDefault(option.path);
  // A flag without a value (a boolean) is off unless given; saying "default false" adds nothing.
  if (option.kind === 'boolean') return option.description;
  return `${option.description} (default ${formatSettingDefault(value)})`;
}
