import Type, { type Static } from 'typebox';

/** Whom a limit applies to: each API key on its own (requests without a key share one), or everyone together. */
export const RATE_LIMIT_SCOPES = ['key', 'global'] as const;
export type RateLimitScope = (typeof RATE_LIMIT_SCOPES)[number];

export const RateLimitSettingsSchema = Type.Object(
  {
    /** Requests per minute; 0 (the default) for no limit. */
    requestsPerMinute: Type.Integer({ minimum: 0 }),
    /** Tokens per minute (prompt plus requested output); 0 for no limit. */
    tokensPerMinute: Type.Integer({ minimum: 0 }),
    scope: Type.Enum(RATE_LIMIT_SCOPES),
  },
  { additionalProperties: false },
);
export type RateLimitSettings = Static<typeof RateLimitSettingsSchema>;

export const DEFAULT_RATE_LIMIT_SETTINGS: RateLimitSettings = {
  requestsPerMinute: 0,
  tokensPerMinute: 0,
  scope: 'key',
};

export type RateLimitsConfig = RateLimitSettings;
