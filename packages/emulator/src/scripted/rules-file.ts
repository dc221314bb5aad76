import Type from 'typebox';
import { Compile } from 'typebox/compile';
import { readYamlFile } from '../config/read-yaml-file.js';
import { allSchemaErrors, describeSchemaError, pointerToPath } from '../config/settings-problems.js';
import { type RuleSetting, RuleSettingSchema } from './scripted-settings.js';

const checkRules = Compile(Type.Array(RuleSettingSchema));

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Names a key of a rules file in messages: `rules.2.match.model in ./rules.yaml`. */
export function rulesFileLabel(path: string, keyPath: readonly string[]): string {
  return `${['rules', ...keyPath].join('.')} in ${path}`;
}

/**
 * Reads a YAML or JSON rules file: a list of rules, or a mapping with a `rules` list. Every problem goes to
 * `problems`, naming the file and key; null when the file cannot be used.
 */
export function readRulesFile(path: string, problems: string[]): RuleSetting[] | null {
  const file = readYamlFile(path, 'rules file', problems);
  if (file === undefined) return null;
  const parsed = file.parsed;
  const rules = isPlainObject(parsed) && Object.keys(parsed).length === 1 ? parsed.rules : parsed;
  if (!Array.isArray(rules)) {
    problems.push(
      `rules file ${path}: must hold a list of rules, or a mapping with one key, rules, holding it`,
    );
    return null;
  }
  let valid = true;
  for (const error of allSchemaErrors(checkRules, rules)) {
    if (error.keyword === 'boolean' || error.keyword === 'anyOf') continue;
    valid = false;
    const keyPath = pointerToPath(error.instancePath);
    if (error.keyword === 'additionalProperties') {
      const keys = (error.params as { additionalProperties: string[] }).additionalProperties;
      for (const key of keys)
        problems.push(`${rulesFileLabel(path, [...keyPath, key])}: is not a known setting`);
      continue;
    }
    problems.push(`${rulesFileLabel(path, keyPath)}: ${describeSchemaError(error)}`);
  }
  return valid ? (rules as RuleSetting[]) : null;
}
