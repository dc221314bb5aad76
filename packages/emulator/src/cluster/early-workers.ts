import { CONFIG_FILE_ENV, SETTING_OPTIONS, type SettingOption } from '../config/config-options.js';
import type { LogLevel } from '../config/config-schema.js';
import { defaultWorkerCount } from './cpu-quota.js';
import { isLogLevel } from './primary-log.js';

type FlagValues = Readonly<Record<string, string | boolean | undefined>>;
type Environment = Readonly<Record<string, string | undefined>>;

const MAX_WORKERS = 1024;

function optionAt(key: string): SettingOption {
  const option = SETTING_OPTIONS.find((entry) => entry.path.length === 1 && entry.path[0] === key);
  if (option === undefined) throw new Error(`no option for the setting ${key}`);
  return option;
}

/** The text of a top-level setting from the flags or else the environment (the precedence of the loader). */
function settingText(key: string, flags: FlagValues, env: Environment): string | boolean | undefined {
  const option = optionAt(key);
  return flags[option.flag] ?? env[option.env];
}

/**
 * The number of worker processes, when it is known before the configuration is loaded: from `--workers`,
 * `TOKENPACE_WORKERS` or the default (one per available core, capped by the CPU quota). Null when a config
 * file is given (it may set `workers`) or the value does not read as a count: then the configuration is loaded
 * first, and reports it.
 * Forking on this number lets the workers load their modules while the primary checks the configuration.
 */
export function earlyWorkerCount(flags: FlagValues, env: Environment): number | null {
  if (flags.config !== undefined || (env[CONFIG_FILE_ENV] ?? '') !== '') return null;
  const text = settingText('workers', flags, env);
  if (text === undefined) return defaultWorkerCount();
  if (typeof text !== 'string' || !/^\s*\d+\s*$/.test(text)) return null;
  const count = Number(text);
  if (count > MAX_WORKERS) return null;
  return count === 0 ? defaultWorkerCount() : count;
}

/** The primary's log level before the configuration is loaded: the flag or variable if valid, else `info`. */
export function earlyLogLevel(flags: FlagValues, env: Environment): LogLevel {
  const text = settingText('logLevel', flags, env);
  const level = typeof text === 'string' ? text.trim() : '';
  return isLogLevel(level) ? level : 'info';
}
