import { stringify } from 'yaml';
import type { Settings } from './config-schema.js';
import { SECRET_SETTING_PATHS } from './traffic-settings.js';

/** What a secret is shown as. */
export const REDACTED = '<redacted>';

function redactAt(node: Record<string, unknown>, path: readonly string[]): void {
  const [key, ...rest] = path;
  if (key === undefined || !Object.hasOwn(node, key)) return;
  const value = node[key];
  if (rest.length > 0) {
    if (typeof value === 'object' && value !== null) redactAt(value as Record<string, unknown>, rest);
    return;
  }
  node[key] = Array.isArray(value) ? value.map(() => REDACTED) : REDACTED;
}

/**
 * The resolved settings as a YAML config file (every key, defaults included), with secrets such as API keys
 * shown as `<redacted>`: what `--print-config` prints. Fed back with `--config`, it gives the same server,
 * secrets apart.
 */
export function printConfig(settings: Settings): string {
  const copy = structuredClone(settings) as unknown as Record<string, unknown>;
  for (const path of SECRET_SETTING_PATHS) redactAt(copy, path);
  return stringify(copy, { lineWidth: 0 });
}
