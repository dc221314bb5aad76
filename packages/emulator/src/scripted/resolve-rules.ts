import { readFileSync, statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import {
  compileModelPattern,
  compileTemplate,
  compileTextPattern,
  type LatencySpec,
  orderRules,
  parseErrorKind,
  parseFaults,
  parseLatencySpec,
  parseShare,
  parseToolCallOverride,
  ScriptedRuleError,
  TimingParseError,
  type ToolCallOverride,
} from '@tokenpace/core';
import { Compile } from 'typebox/compile';
import { parseSetting } from '../faults/fault-settings.js';
import { readRulesFile, rulesFileLabel } from './rules-file.js';
import type { RuleResponse, ScriptedConfig, ScriptedRule } from './scripted-rule.js';
import { type RuleSetting, RuleSettingSchema } from './scripted-settings.js';

const checkRule = Compile(RuleSettingSchema);

export interface ScriptedResolveContext {
  /** Names a settings key in messages, with where it was set. */
  describe(path: string[]): string;
  /** The directory relative paths set at `path` resolve against: the config file's, or the working directory. */
  baseDirOf(path: string[]): string;
  caps: { ttftMs: number; itlMs: number; outputLength: number };
}

/** Where a rule came from: how to name its keys, and what its paths are relative to. */
interface RuleSource {
  setting: RuleSetting;
  /** Its place among all rules, for the default name. */
  position: number;
  label(keyPath: readonly string[]): string;
  baseDir: string;
}

/** Module files Node loads without help; `.ts` needs a Node that strips types itself (22.6+ with the flag, 23.6+). */
const MODULE_EXTENSIONS = new Set(['.mjs', '.js', '.cjs']);
const TYPESCRIPT_EXTENSIONS = new Set(['.ts', '.mts', '.cts']);

function compilePattern(
  compile: (text: string) => RegExp,
  text: string | undefined,
  label: string,
  problems: string[],
): RegExp | null {
  if (text === undefined) return null;
  try {
    return compile(text);
  } catch (error) {
    if (!(error instanceof ScriptedRuleError)) throw error;
    problems.push(`${label}: ${error.message}`);
    return null;
  }
}

function canStripTypes(): boolean {
  return Boolean((process.features as { typescript?: unknown }).typescript);
}

function moduleResponse(source: RuleSource, written: string, problems: string[]): RuleResponse | null {
  const label = source.label(['response', 'module']);
  const path = resolve(source.baseDir, written);
  const extension = extname(path).toLowerCase();
  if (TYPESCRIPT_EXTENSIONS.has(extension) && !canStripTypes()) {
    problems.push(
      `${label}: ${path} is TypeScript, which this Node (${process.version}) cannot load; compile it to .mjs, or ` +
        'run a Node that strips types (22.6+ with --experimental-strip-types, 23.6+ by default)',
    );
    return null;
  }
  if (!MODULE_EXTENSIONS.has(extension) && !TYPESCRIPT_EXTENSIONS.has(extension)) {
    problems.push(`${label}: ${path} is not a JavaScript module (.mjs, .js or .cjs)`);
    return null;
  }
  try {
    if (!statSync(path).isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
  } catch (error) {
    problems.push(
      `${label}: ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
    return null;
  }
  return { kind: 'module', path };
}

function ruleResponse(source: RuleSource, problems: string[]): RuleResponse | null | undefined {
  const response = source.setting.response;
  if (response === undefined) return null;
  const given = (['text', 'file', 'template', 'module'] as const).filter(
    (key) => response[key] !== undefined,
  );
  if (given.length !== 1) {
    problems.push(
      `${source.label(['response'])}: must give exactly one of text, file, template or module` +
        (given.length > 1 ? `, not ${given.join(' and ')}` : ''),
    );
    return undefined;
  }
  if (response.text !== undefined) return { kind: 'text', text: response.text };
  if (response.file !== undefined) {
    const path = resolve(source.baseDir, response.file);
    try {
      return { kind: 'text', text: readFileSync(path, 'utf8') };
    } catch (error) {
      problems.push(
        `${source.label(['response', 'file'])}: ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      );
      return undefined;
    }
  }
  if (response.template !== undefined) {
    try {
      return { kind: 'template', template: compileTemplate(response.template) };
    } catch (error) {
      if (!(error instanceof ScriptedRuleError)) throw error;
      problems.push(`${source.label(['response', 'template'])}: ${error.message}`);
      return undefined;
    }
  }
  return moduleResponse(source, response.module as string, problems) ?? undefined;
}

function latency(
  value: number | string | undefined,
  label: string,
  capMs: number,
  problems: string[],
): LatencySpec | null | undefined {
  if (value === undefined) return null;
  try {
    return parseLatencySpec(String(value), label, capMs);
  } catch (error) {
    if (!(error instanceof TimingParseError)) throw error;
    problems.push(error.message);
    return undefined;
  }
}

function toolCallSetting(text: string, name: string, problems: string[]): ToolCallOverride | undefined {
  try {
    return parseToolCallOverride(text, name);
  } catch (error) {
    if (!(error instanceof TimingParseError)) throw error;
    problems.push(error.message);
    return undefined;
  }
}

function compileRule(
  source: RuleSource,
  context: ScriptedResolveContext,
  problems: string[],
): ScriptedRule | null {
  const { setting, label } = source;
  const before = problems.length;
  const when = {
    model: compilePattern(compileModelPattern, setting.match?.model, label(['match', 'model']), problems),
    content: compilePattern(
      compileTextPattern,
      setting.match?.content,
      label(['match', 'content']),
      problems,
    ),
    system: compilePattern(compileTextPattern, setting.match?.system, label(['match', 'system']), problems),
  };
  const response = ruleResponse(source, problems);
  const { caps } = context;
  const ttft = latency(setting.timing?.ttft, label(['timing', 'ttft']), caps.ttftMs, problems);
  const itl = latency(setting.timing?.itl, label(['timing', 'itl']), caps.itlMs, problems);
  const outputLength = setting.timing?.outputLength ?? null;
  if (outputLength !== null && outputLength > caps.outputLength) {
    problems.push(
      `${label(['timing', 'outputLength'])}: ${outputLength} is above caps.outputLength (${caps.outputLength})`,
    );
  }
  const error =
    setting.error === undefined
      ? null
      : parseSetting(parseErrorKind, String(setting.error), label(['error']), problems);
  const errorRate =
    setting.errorRate === undefined
      ? null
      : parseSetting(parseShare, String(setting.errorRate), label(['errorRate']), problems);
  const faults =
    setting.faults === undefined
      ? null
      : parseSetting(
          (text, name) => parseFaults(text, name, caps.ttftMs),
          setting.faults,
          label(['faults']),
          problems,
        );
  const toolCall =
    setting.toolCall === undefined ? null : toolCallSetting(setting.toolCall, label(['toolCall']), problems);
  const acts =
    setting.toolCall !== undefined ||
    setting.response !== undefined ||
    setting.timing !== undefined ||
    setting.error !== undefined ||
    setting.errorRate !== undefined ||
    setting.faults !== undefined;
  if (!acts)
    problems.push(`${label([])}: does nothing; give it a response, timing, error, faults or toolCall`);
  if (problems.length > before || response === undefined || ttft === undefined || itl === undefined)
    return null;
  return {
    name: setting.name ?? `rule-${source.position + 1}`,
    priority: setting.priority ?? 0,
    when,
    response,
    timing: { ttft, itl, outputLength },
    error: error ?? null,
    errorRate: errorRate ?? null,
    faults: faults ?? null,
    toolCall: toolCall ?? null,
  };
}

/**
 * Compiles the scripted rules: the inline ones, then those of the rules file. Patterns, templates, specs and
 * shares are checked, text files read, module paths checked (they are imported when the server starts). Rules
 * the schema rejected (already reported) are left out, so that every other rule's problems are listed too.
 */
export function resolveScriptedSettings(
  settings: Readonly<Record<string, unknown>>,
  context: ScriptedResolveContext,
  problems: string[],
): ScriptedConfig | undefined {
  const inline = Array.isArray(settings.rules) ? settings.rules : [];
  let valid = inline.length === 0 || Array.isArray(settings.rules);
  const sources: RuleSource[] = [];
  for (const [index, setting] of inline.entries()) {
    if (!checkRule.Check(setting)) {
      valid = false;
      continue;
    }
    sources.push({
      setting,
      position: index,
      label: (keyPath) => context.describe(['scripted', 'rules', String(index), ...keyPath]),
      baseDir: context.baseDirOf(['scripted', 'rules', String(index)]),
    });
  }
  const before = problems.length;
  const rulesFile = typeof settings.rulesFile === 'string' ? settings.rulesFile : '';
  if (rulesFile.trim() !== '') {
    const path = resolve(context.baseDirOf(['scripted', 'rulesFile']), rulesFile);
    const fileRules = readRulesFile(path, problems) ?? [];
    for (const [index, setting] of fileRules.entries()) {
      sources.push({
        setting,
        position: inline.length + index,
        label: (keyPath) => rulesFileLabel(path, [String(index), ...keyPath]),
        baseDir: dirname(path),
      });
    }
  }
  const rules = sources.map((source) => compileRule(source, context, problems));
  if (!valid || problems.length > before) return undefined;
  return { rules: orderRules(rules as ScriptedRule[]) };
}
