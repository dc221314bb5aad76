import { parseErrorKind, parseFaults, parseLatencySpec, parseShare, TimingParseError } from '@tokenpace/core';
import Type, { type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { ErrorSetting, parseSetting, ShareSetting } from '../faults/fault-settings.js';
import type { RuleSetting } from '../scripted/scripted-settings.js';

const Latency = Type.Optional(Type.Union([Type.Number({ minimum: 0 }), Type.String({ minLength: 1 })]));

/** The timing and faults of every request for one model, whatever headers reach the server. */
export const ModelProfileSchema = Type.Object(
  {
    /** A latency spec: ms or a distribution such as `lognormal(p50=200,p99=800)`. */
    ttft: Latency,
    itl: Latency,
    outputLength: Type.Optional(Type.Integer({ minimum: 1 })),
    /** An injected error (an X-Error value) on `errorRate` of the requests (default all). */
    error: Type.Optional(ErrorSetting),
    errorRate: Type.Optional(ShareSetting),
    /** Delivery faults in the X-Fault grammar. */
    faults: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);

/** `modelProfiles`: model id (or a glob such as `slow-*`) → profile. */
export const ModelProfilesSchema = Type.Record(Type.String({ minLength: 1 }), ModelProfileSchema);
export type ModelProfiles = Static<typeof ModelProfilesSchema>;

/** Below any priority a rule is written with, so that written rules win over a model's profile. */
export const MODEL_PROFILE_PRIORITY = -1_000_000;

const checkProfiles = Compile(ModelProfilesSchema);

/** Adds `error`'s message to `problems` when it is a timing parse error; rethrows anything else. */
function timingProblem(parse: () => unknown, problems: string[]): void {
  try {
    parse();
  } catch (error) {
    if (!(error instanceof TimingParseError)) throw error;
    problems.push(error.message);
  }
}

/**
 * The scripted rules that apply the model profiles, after checking their values with the names a user wrote
 * (`modelProfiles.fast.ttft`). A gateway may drop the timing headers but always forwards the model, so a
 * profile keeps a benchmark's timing whatever sits in between; request headers that do arrive still win.
 */
export function modelProfileRules(
  profiles: unknown,
  caps: { ttftMs: number; itlMs: number },
  describe: (path: string[]) => string,
  problems: string[],
): RuleSetting[] {
  if (!checkProfiles.Check(profiles)) return [];
  const before = problems.length;
  const rules: RuleSetting[] = [];
  for (const [model, profile] of Object.entries(profiles)) {
    const label = (key: string) => describe(['modelProfiles', model, key]);
    for (const key of ['ttft', 'itl'] as const) {
      const value = profile[key];
      const cap = key === 'ttft' ? caps.ttftMs : caps.itlMs;
      if (value !== undefined)
        timingProblem(() => parseLatencySpec(String(value), label(key), cap), problems);
    }
    if (profile.error !== undefined)
      parseSetting(parseErrorKind, String(profile.error), label('error'), problems);
    if (profile.errorRate !== undefined) {
      parseSetting(parseShare, String(profile.errorRate), label('errorRate'), problems);
    }
    if (profile.faults !== undefined) {
      parseSetting(
        (text, name) => parseFaults(text, name, caps.ttftMs),
        profile.faults,
        label('faults'),
        problems,
      );
    }
    const timing = {
      ...(profile.ttft === undefined ? {} : { ttft: profile.ttft }),
      ...(profile.itl === undefined ? {} : { itl: profile.itl }),
      ...(profile.outputLength === undefined ? {} : { outputLength: profile.outputLength }),
    };
    rules.push({
      name: `model:${model}`,
      priority: MODEL_PROFILE_PRIORITY,
      match: { model },
      ...(Object.keys(timing).length === 0 ? {} : { timing }),
      ...(profile.error === undefined ? {} : { error: profile.error }),
      ...(profile.errorRate === undefined ? {} : { errorRate: profile.errorRate }),
      ...(profile.faults === undefined ? {} : { faults: profile.faults }),
    });
  }
  // Problems are reported once, under the profile's own name, not again as a rule's.
  return problems.length > before ? [] : rules;
}
