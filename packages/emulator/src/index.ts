export { type BuildAppOptions, buildApp } from './app.js';
export { type Clock, systemClock, type TimerHandle } from './clock.js';
export type { StatsBody } from './cluster/server-stats.js';
export { ConfigError } from './config/config-error.js';
export { CONFIG_FILE_ENV, SETTING_OPTIONS, type SettingOption } from './config/config-options.js';
export {
  DEFAULT_LIMITS,
  DEFAULT_SETTINGS,
  type EmulatorConfig,
  type Limits,
  LOG_LEVELS,
  type LogLevel,
  type PromptTokenMode,
  type Settings,
} from './config/config-schema.js';
export { DEFAULT_MODELS } from './config/default-models.js';
export {
  type ConfigOverrides,
  type ConfigSources,
  createConfig,
  type FlagValues,
  loadConfig,
  loadConfigAndSettings,
  type ResolvedConfig,
} from './config/load-config.js';
export { printConfig, REDACTED } from './config/print-config.js';
export { ApiError } from './errors/api-error.js';
export type { GroundTruthRecord } from './ground-truth/ground-truth-record.js';
export type { LatenessSummary } from './scheduler/lateness-histogram.js';
export type { RespondFunction, ScriptedAnswer, ScriptedRequest } from './scripted/rule-modules.js';
export {
  exitOnShutdown,
  type RunningServer,
  type ShutdownControl,
  type StartServerOptions,
  startServer,
} from './server.js';
