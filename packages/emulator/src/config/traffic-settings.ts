import { MAX_ITL_MS, MAX_OUTPUT_LENGTH, MAX_TTFT_MS } from '@tokenpace/core';
import Type from 'typebox';
import { Compile } from 'typebox/compile';
import type { AuthSettings } from '../auth/auth-settings.js';
import {
  type AuthConfig,
  AuthSettingsSchema,
  DEFAULT_AUTH_SETTINGS,
  resolveAuthSettings,
} from '../auth/auth-settings.js';
import type { CorsSettings } from '../cors/cors-settings.js';
import {
  type CorsConfig,
  CorsSettingsSchema,
  DEFAULT_CORS_SETTINGS,
  resolveCorsSettings,
} from '../cors/cors-settings.js';
import {
  DEFAULT_FAULT_SETTINGS,
  type FaultSettings,
  FaultSettingsSchema,
  type FaultsConfig,
  resolveFaultSettings,
} from '../faults/fault-settings.js';
import {
  DEFAULT_RATE_LIMIT_SETTINGS,
  type RateLimitSettings,
  RateLimitSettingsSchema,
  type RateLimitsConfig,
} from '../rate-limit/rate-limit-settings.js';
import { resolveScriptedSettings, type ScriptedResolveContext } from '../scripted/resolve-rules.js';
import type { ScriptedConfig } from '../scripted/scripted-rule.js';
import {
  DEFAULT_SCRIPTED_SETTINGS,
  type ScriptedSettings,
  ScriptedSettingsSchema,
} from '../scripted/scripted-settings.js';
import { type ModelProfiles, ModelProfilesSchema, modelProfileRules } from './model-profiles.js';

/**
 * How the server treats traffic, beyond timing: who may call (auth, CORS), how much (rate limits), what it
 * answers (scripted rules) and what goes wrong on purpose (errors and faults). Spread into the settings schema.
 */
export const TRAFFIC_SETTINGS_SCHEMAS = {
  auth: AuthSettingsSchema,
  rateLimits: RateLimitSettingsSchema,
  faults: FaultSettingsSchema,
  scripted: ScriptedSettingsSchema,
  cors: CorsSettingsSchema,
  /** Timing and faults by model id, applied as lowest-priority scripted rules (see model-profiles.ts). */
  modelProfiles: ModelProfilesSchema,
};

export interface TrafficSettings {
  auth: AuthSettings;
  rateLimits: RateLimitSettings;
  faults: FaultSettings;
  scripted: ScriptedSettings;
  cors: CorsSettings;
  modelProfiles: ModelProfiles;
}

export const DEFAULT_TRAFFIC_SETTINGS: TrafficSettings = {
  auth: DEFAULT_AUTH_SETTINGS,
  rateLimits: DEFAULT_RATE_LIMIT_SETTINGS,
  faults: DEFAULT_FAULT_SETTINGS,
  scripted: DEFAULT_SCRIPTED_SETTINGS,
  cors: DEFAULT_CORS_SETTINGS,
  modelProfiles: {},
};

export interface TrafficConfig {
  /** Accepted API keys; none leaves the API open. */
  auth: AuthConfig;
  /** Requests and tokens per minute, per key or global; 0 is no limit. */
  rateLimits: RateLimitsConfig;
  /** Injected errors and delivery faults for requests without headers of their own. */
  faults: FaultsConfig;
  /** Rules that answer matching requests with given text, timing, errors or faults. */
  scripted: ScriptedConfig;
  cors: CorsConfig;
}

const checks = {
  auth: Compile(AuthSettingsSchema),
  rateLimits: Compile(RateLimitSettingsSchema),
  faults: Compile(FaultSettingsSchema),
  scripted: Compile(ScriptedSettingsSchema),
  cors: Compile(CorsSettingsSchema),
  caps: Compile(
    Type.Object({
      ttftMs: Type.Number({ minimum: 0 }),
      itlMs: Type.Number({ minimum: 0 }),
      outputLength: Type.Integer({ minimum: 1 }),
    }),
  ),
};
function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const DEFAULT_CAPS = { ttftMs: MAX_TTFT_MS, itlMs: MAX_ITL_MS, outputLength: MAX_OUTPUT_LENGTH };

/** Settings keys that hold secrets: `--print-config` shows them redacted. */
export const SECRET_SETTING_PATHS: readonly (readonly string[])[] = [['auth', 'keys']];

/**
 * Parses and checks the traffic settings of schema-valid `settings` (faults and rules need the caps); every
 * problem goes to `problems`. Returns undefined when there was any.
 */
export function resolveTrafficSettings(
  merged: Record<string, unknown>,
  context: Omit<ScriptedResolveContext, 'caps'>,
  problems: string[],
): TrafficConfig | undefined {
  // Sections the schema rejected are already reported; only valid ones are read further.
  const valid = <Value>(check: { Check(value: unknown): boolean }, key: string): Value | undefined =>
    check.Check(merged[key]) ? (merged[key] as Value) : undefined;
  const settings = {
    auth: valid<AuthSettings>(checks.auth, 'auth'),
    rateLimits: valid<RateLimitSettings>(checks.rateLimits, 'rateLimits'),
    cors: valid<CorsSettings>(checks.cors, 'cors'),
  };
  const caps = checks.caps.Check(merged.caps)
    ? (merged.caps as ScriptedResolveContext['caps'])
    : DEFAULT_CAPS;
  const before = problems.length;
  const faults = isPlainObject(merged.faults)
    ? resolveFaultSettings(merged.faults, context.describe, caps.ttftMs, problems)
    : undefined;
  const profileRules = modelProfileRules(merged.modelProfiles, caps, context.describe, problems);
  const scripted = isPlainObject(merged.scripted)
    ? resolveScriptedSettings(
        profileRules.length === 0
          ? merged.scripted
          : {
              ...merged.scripted,
              rules: [
                ...(Array.isArray(merged.scripted.rules) ? merged.scripted.rules : []),
                ...profileRules,
              ],
            },
        { ...context, caps },
        problems,
      )
    : undefined;
  const cors = settings.cors && resolveCorsSettings(settings.cors, context.describe, problems);
  if (
    problems.length > before ||
    settings.auth === undefined ||
    settings.rateLimits === undefined ||
    !checks.faults.Check(merged.faults) ||
    !checks.scripted.Check(merged.scripted) ||
    faults === undefined ||
    scripted === undefined ||
    cors === undefined
  ) {
    return undefined;
  }
  return {
    auth: resolveAuthSettings(settings.auth),
    rateLimits: { ...settings.rateLimits },
    faults,
    scripted,
    cors,
  };
}
