import Type, { type Static } from 'typebox';

/** Browser origins allowed to call the API; none (the default) sends no CORS headers. `*` allows any. */
export const CorsSettingsSchema = Type.Object(
  {
    origins: Type.Array(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);
export type CorsSettings = Static<typeof CorsSettingsSchema>;

export const DEFAULT_CORS_SETTINGS: CorsSettings = { origins: [] };

export interface CorsConfig {
  origins: readonly string[];
}

export function resolveCorsSettings(
  settings: CorsSettings,
  describe: (path: string[]) => string,
  problems: string[],
): CorsConfig {
  for (const [index, origin] of settings.origins.entries()) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/i.test(origin)) {
      problems.push(
        `${describe(['cors', 'origins', String(index)])}: '${origin}' is not an origin; write scheme and host ` +
          'without a path, such as https://app.example.com or http://localhost:5173, or * for any',
      );
    }
  }
  return { origins: [...new Set(settings.origins.map((origin) => origin.toLowerCase()))] };
}
