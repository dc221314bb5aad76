import Type, { type Static } from 'typebox';

/** API keys the server accepts; none (the default) leaves the API open, as a local emulator usually is. */
export const AuthSettingsSchema = Type.Object(
  {
    keys: Type.Array(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);
export type AuthSettings = Static<typeof AuthSettingsSchema>;

export const DEFAULT_AUTH_SETTINGS: AuthSettings = { keys: [] };

export interface AuthConfig {
  /** Accepted keys, deduplicated; empty turns authentication off. */
  keys: readonly string[];
}

export function resolveAuthSettings(settings: AuthSettings): AuthConfig {
  return { keys: [...new Set(settings.keys)] };
}
