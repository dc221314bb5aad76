import { readYamlFile } from './read-yaml-file.js';
import type { SettingsLayer } from './settings-layer.js';

/** Latency keys that a file may write as plain numbers (`ttft: 200`); settings hold them as spec text. */
const LATENCY_KEYS = ['ttft', 'itl'] as const;

/** Reads a YAML or JSON config file (YAML is a superset of JSON) into a settings layer. */
export function readConfigFile(path: string, problems: string[]): SettingsLayer | null {
  const file = readYamlFile(path, 'config file', problems);
  if (file === undefined) return null;
  let parsed = file.parsed;
  if (parsed === null || parsed === undefined) parsed = {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    problems.push(`config file ${path}: must hold a mapping of settings at the top level`);
    return null;
  }
  const values = parsed as Record<string, unknown>;
  const timing = values.timing;
  if (typeof timing === 'object' && timing !== null && !Array.isArray(timing)) {
    const timingValues = timing as Record<string, unknown>;
    for (const key of LATENCY_KEYS) {
      if (typeof timingValues[key] === 'number') timingValues[key] = String(timingValues[key]);
    }
  }
  return { values, describe: (keyPath) => `${keyPath.join('.')} in ${path}` };
}
