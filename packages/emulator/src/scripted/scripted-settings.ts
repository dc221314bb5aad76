import Type, { type Static } from 'typebox';
import { ErrorSetting, ShareSetting } from '../faults/fault-settings.js';

const Pattern = Type.Optional(Type.String({ minLength: 1 }));
const Latency = Type.Optional(Type.Union([Type.Number({ minimum: 0 }), Type.String({ minLength: 1 })]));

/** One scripted rule as a config or rules file writes it. */
export const RuleSettingSchema = Type.Object(
  {
    /** Shown in `x-tokenpace-rule` and the log; `rule-N` (its place in the list) by default. */
    name: Type.Optional(Type.String({ minLength: 1 })),
    /** Higher first; rules of equal priority are tried in written order. Default 0. */
    priority: Type.Optional(Type.Integer()),
    match: Type.Optional(
      Type.Object(
        {
          /** A glob on the whole model id (`gpt-4o*`), or `/regex/flags`. */
          model: Pattern,
          /** A regular expression searched in the last user message (a legacy prompt). */
          content: Pattern,
          /** A regular expression searched in the system and developer messages. */
          system: Pattern,
        },
        { additionalProperties: false },
      ),
    ),
    response: Type.Optional(
      Type.Object(
        {
          text: Type.Optional(Type.String()),
          /** A UTF-8 text file, read once at start; relative to the file that names it. */
          file: Type.Optional(Type.String({ minLength: 1 })),
          /** Text with {{request_id}}, {{timestamp}}, {{model}}, {{last_user_message}}. */
          template: Type.Optional(Type.String()),
          /** A JavaScript module exporting `respond(request)`, loaded once at start. */
          module: Type.Optional(Type.String({ minLength: 1 })),
        },
        { additionalProperties: false },
      ),
    ),
    /** Timing of matched requests, over the configured defaults; request headers still win. */
    timing: Type.Optional(
      Type.Object(
        { ttft: Latency, itl: Latency, outputLength: Type.Optional(Type.Integer({ minimum: 1 })) },
        { additionalProperties: false },
      ),
    ),
    /** An injected error for matched requests (an X-Error value), on `errorRate` of them (default all). */
    error: Type.Optional(ErrorSetting),
    errorRate: Type.Optional(ShareSetting),
    /** Delivery faults for matched requests, in the X-Fault grammar. */
    faults: Type.Optional(Type.String({ minLength: 1 })),
    /** When matched requests with tools call them, in the X-Tool-Call grammar (`text`, `3`, `search,lookup`). */
    toolCall: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);
export type RuleSetting = Static<typeof RuleSettingSchema>;

export const ScriptedSettingsSchema = Type.Object(
  {
    /** A YAML or JSON file holding a list of rules (or `{ rules: [...] }`); tried after the inline rules of equal priority. */
    rulesFile: Type.String(),
    rules: Type.Array(RuleSettingSchema),
  },
  { additionalProperties: false },
);
export type ScriptedSettings = Static<typeof ScriptedSettingsSchema>;

export const DEFAULT_SCRIPTED_SETTINGS: ScriptedSettings = { rulesFile: '', rules: [] };
