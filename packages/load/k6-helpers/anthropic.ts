// The headers Anthropic's Messages API needs, for the same target the OpenAI requests go to.
import { envString } from './env.ts';
import type { Target } from './target.ts';

/** The API version Anthropic's SDKs send; the Messages API requires the header. */
export const ANTHROPIC_VERSION = '2023-06-01';

/** The model Messages requests name (ANTHROPIC_MODEL, default claude-sonnet-4-5). */
export function anthropicModelFromEnv(): string {
  return envString('ANTHROPIC_MODEL', 'claude-sonnet-4-5');
}

/**
 * The target's headers plus `anthropic-version`, and the API key as `x-api-key` too (Anthropic's own header;
 * the emulator also accepts the Bearer form the OpenAI requests send).
 */
export function anthropicHeaders(target: Target): Record<string, string> {
  const apiKey = envString('API_KEY', '');
  return {
    ...target.headers,
    'anthropic-version': ANTHROPIC_VERSION,
    ...(apiKey === '' ? {} : { 'x-api-key': apiKey }),
  };
}
