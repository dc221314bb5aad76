import { dirname, resolve as resolvePath } from 'node:path';
import {
  type LatencyProgram,
  type ProgramStart,
  parseLatencyProgram,
  parseProgramStart,
  TimingParseError,
} from '@tokenpace/core';
import { Compile } from 'typebox/compile';
import { defaultWorkerCount } from '../cluster/cpu-quota.js';
import { ConfigError } from './config-error.js';
import { readConfigFile } from './config-file.js';
import { CONFIG_FILE_ENV, SETTING_OPTIONS } from './config-options.js';
import { DEFAULT_SETTINGS, type EmulatorConfig, type Settings, SettingsSchema } from './config-schema.js';
import { resolveModels } from './model-encodings.js';
import { layerFromTexts, type SettingsLayer } from './settings-layer.js';
import { allSchemaErrors, describeSchemaError, pointerToPath } from './settings-problems.js';
import { resolveTrafficSettings } from './traffic-settings.js';

/** Flag values as node:util parseArgs returns them, keyed by long flag name. */
export type FlagValues = Readonly<Record<string, string | boolean | undefined>>;

export interface ConfigSources {
  /** Path of a YAML or JSON file; defaults to the `config` flag, then `TOKENPACE_CONFIG`. */
  configFile?: string | undefined;
  /** Usually `process.env`; only `TOKENPACE_*` variables of the options table are read. */
  env?: Readonly<Record<string, string | undefined>>;
  flags?: FlagValues;
}

/** Settings as a program passes them: any subset, latencies as spec text or plain milliseconds. */
export type ConfigOverrides = {
  [Key in keyof Settings]?: Settings[Key] extends readonly unknown[]
    ? readonly string[]
    : Settings[Key] extends Record<string, unknown>
      ? { [Inner in keyof Settings[Key]]?: Settings[Key][Inner] | number }
      : Settings[Key];
};

const checkSettings = Compile(SettingsSchema);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep-merges `layer` into `target`, remembering which layer set each leaf. */
function mergeLayer(
  target: Record<string, unknown>,
  source: Record<string, unknown>,
  layer: SettingsLayer,
  origins: Map<string, string>,
  prefix: readonly string[] = [],
): void {
  for (const [key, value] of Object.entries(source)) {
    const path = [...prefix, key];
    // Own keys only, and defined rather than assigned: a file's `__proto__` key must stay a (rejected) setting,
    // never reach Object.prototype.
    const existing = Object.hasOwn(target, key) ? target[key] : undefined;
    if (isPlainObject(value) && isPlainObject(existing)) {
      mergeLayer(existing, value, layer, origins, path);
      continue;
    }
    Object.defineProperty(target, key, {
      value: Array.isArray(value) ? [...value] : isPlainObject(value) ? structuredClone(value) : value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
    origins.set(path.join('.'), layer.describe(path));
  }
}

/** Where the value at `path` came from: the closest key that some layer set. */
function originOf(origins: ReadonlyMap<string, string>, path: readonly string[]): string {
  for (let length = path.length; length > 0; length--) {
    const origin = origins.get(path.slice(0, length).join('.'));
    if (origin !== undefined) return origin;
  }
  return 'default';
}

function label(origins: ReadonlyMap<string, string>, path: readonly string[]): string {
  const key = path.join('.') || '(top level)';
  const origin = originOf(origins, path);
  // A key inside a list or mapping a file set is in that file too: `scripted.rules.2.match in ./config.yaml`.
  const fileOrigin = / in (.+)$/.exec(origin);
  const originKey = fileOrigin === null ? null : origin.slice(0, fileOrigin.index);
  if (fileOrigin !== null && (key === originKey || key.startsWith(`${originKey}.`))) {
    return `${key} in ${fileOrigin[1]}`;
  }
  return `${key} (${origin})`;
}

function schemaProblems(merged: Record<string, unknown>, origins: ReadonlyMap<string, string>): string[] {
  // Messages by key: a value that fits none of a union's alternatives gets one line naming them all.
  const messages = new Map<string, string[]>();
  const add = (key: string, message: string): void => {
    const list = messages.get(key);
    if (list === undefined) messages.set(key, [message]);
    else if (!list.includes(message)) list.push(message);
  };
  for (const error of allSchemaErrors(checkSettings, merged)) {
    // An unknown key is reported once, by its parent's additionalProperties error; a union's own error adds
    // nothing to those of its alternatives.
    if (error.keyword === 'boolean' || error.keyword === 'anyOf') continue;
    const path = pointerToPath(error.instancePath);
    if (error.keyword === 'additionalProperties') {
      const keys = (error.params as { additionalProperties: string[] }).additionalProperties;
      for (const key of keys) add(label(origins, [...path, key]), 'is not a known setting');
      continue;
    }
    add(label(origins, path), describeSchemaError(error));
  }
  return [...messages].map(([key, list]) => `${key}: ${list.join('; or ')}`);
}

/**
 * Checks what the schema cannot (latency specs against their caps, the default length against its cap) and
 * adds any problem to `problems`; fields the schema already rejected are skipped.
 */
function checkTiming(
  merged: Record<string, unknown>,
  origins: ReadonlyMap<string, string>,
  problems: string[],
) {
  const timing = (isPlainObject(merged.timing) ? merged.timing : {}) as Record<string, unknown>;
  const caps = (isPlainObject(merged.caps) ? merged.caps : {}) as Record<string, unknown>;
  const specs: Partial<Record<'ttft' | 'itl', LatencyProgram>> = {};
  for (const [key, capKey] of [
    ['ttft', 'ttftMs'],
    ['itl', 'itlMs'],
  ] as const) {
    const text = timing[key];
    const capMs = caps[capKey];
    if (typeof text !== 'string' || typeof capMs !== 'number' || !(capMs >= 0)) continue;
    try {
      specs[key] = parseLatencyProgram(text, label(origins, ['timing', key]), capMs);
    } catch (error) {
      if (!(error instanceof TimingParseError)) throw error;
      problems.push(error.message);
    }
  }
  let programStart: ProgramStart | undefined;
  if (typeof timing.programStart === 'string') {
    try {
      programStart = parseProgramStart(timing.programStart, label(origins, ['timing', 'programStart']));
    } catch (error) {
      if (!(error instanceof TimingParseError)) throw error;
      problems.push(error.message);
    }
  }
  const outputLength = timing.outputLength;
  const outputLengthCap = caps.outputLength;
  if (
    typeof outputLength === 'number' &&
    typeof outputLengthCap === 'number' &&
    outputLength > outputLengthCap
  ) {
    problems.push(
      `${label(origins, ['timing', 'outputLength'])}: ${outputLength} is above caps.outputLength (${outputLengthCap})`,
    );
  }
  return { ...specs, programStart };
}

/** The configuration and the settings it was resolved from (what `--print-config` shows). */
export interface ResolvedConfig {
  config: EmulatorConfig;
  settings: Settings;
}

/**
 * Merges layers over the defaults, validates once, and throws one ConfigError listing every problem. Relative
 * paths set in `configFile` resolve against its directory, others against the working directory.
 */
function resolveLayers(
  layers: readonly SettingsLayer[],
  problems: string[],
  configFile?: string,
): ResolvedConfig {
  const merged = structuredClone(DEFAULT_SETTINGS) as unknown as Record<string, unknown>;
  const origins = new Map<string, string>();
  for (const layer of layers) mergeLayer(merged, layer.values, layer, origins);
  problems.push(...schemaProblems(merged, origins));
  const { ttft, itl, programStart } = checkTiming(merged, origins, problems);
  const models = resolveModels(merged.models, label(origins, ['models']), problems);
  const traffic = resolveTrafficSettings(
    merged,
    {
      describe: (path) => label(origins, path),
      baseDirOf: (path) =>
        configFile !== undefined && originOf(origins, path).endsWith(` in ${configFile}`)
          ? dirname(resolvePath(configFile))
          : process.cwd(),
    },
    problems,
  );
  if (
    problems.length > 0 ||
    ttft === undefined ||
    itl === undefined ||
    programStart === undefined ||
    traffic === undefined
  ) {
    throw new ConfigError(problems);
  }
  const settings = merged as unknown as Settings;
  const config: EmulatorConfig = {
    ...traffic,
    host: settings.host,
    port: settings.port,
    strictModels: settings.strictModels,
    models: models.ids,
    modelEncodings: models.encodings,
    timing: { ttft, itl, outputLength: settings.timing.outputLength, programStart },
    groundTruth: { file: settings.groundTruth.file === '' ? null : settings.groundTruth.file },
    caps: { ...settings.caps },
    seed: settings.seed,
    bodyLimitBytes: settings.bodyLimitBytes,
    logLevel: settings.logLevel,
    precisionWindowMs: settings.precisionWindowMs,
    workers: settings.workers === 0 ? defaultWorkerCount() : settings.workers,
    shutdownGraceMs: settings.shutdownGraceMs,
    promptTokens: settings.promptTokens,
    limits: { ...settings.limits },
  };
  return { config, settings };
}

/**
 * The configuration from defaults < config file < `TOKENPACE_*` environment < flags, validated once.
 * Throws ConfigError naming every bad key, variable or flag.
 */
export function loadConfig(sources: ConfigSources = {}): EmulatorConfig {
  return loadConfigAndSettings(sources).config;
}

/** {@link loadConfig}, with the merged settings it was resolved from. */
export function loadConfigAndSettings(sources: ConfigSources = {}): ResolvedConfig {
  const env = sources.env ?? {};
  const flags = sources.flags ?? {};
  const problems: string[] = [];
  const layers: SettingsLayer[] = [];
  const flagFile = typeof flags.config === 'string' ? flags.config : undefined;
  const configFile = sources.configFile ?? flagFile ?? env[CONFIG_FILE_ENV];
  if (configFile !== undefined && configFile !== '') {
    const fileLayer = readConfigFile(configFile, problems);
    if (fileLayer !== null) layers.push(fileLayer);
  }
  layers.push(
    layerFromTexts(
      SETTING_OPTIONS,
      (option) => env[option.env],
      (option) => option.env,
      problems,
    ),
    layerFromTexts(
      SETTING_OPTIONS,
      (option) => flags[option.flag],
      (option) => `--${option.flag}`,
      problems,
    ),
  );
  return resolveLayers(layers, problems, configFile === '' ? undefined : configFile);
}

/** The configuration for a program that embeds the emulator: defaults overridden by `overrides`. */
export function createConfig(overrides: ConfigOverrides = {}): EmulatorConfig {
  const values = structuredClone(overrides) as Record<string, unknown>;
  const timing = values.timing;
  if (isPlainObject(timing)) {
    for (const key of ['ttft', 'itl']) {
      if (typeof timing[key] === 'number') timing[key] = String(timing[key]);
    }
  }
  const layer: SettingsLayer = { values, describe: (path) => `${path.join('.')} in overrides` };
  return resolveLayers([layer], []).config;
}
