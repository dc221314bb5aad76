import type { IncomingHttpHeaders } from 'node:http';

const BEARER = /^Bearer\s+(\S.*)$/i;

/**
 * The API key a request presents: `Authorization: Bearer <key>` (what the OpenAI SDKs send), Azure's
 * `api-key` header, or Anthropic's `x-api-key`. Null when there is none.
 */
export function presentedApiKey(headers: IncomingHttpHeaders): string | null {
  const authorization = headers.authorization;
  if (typeof authorization === 'string') {
    const match = BEARER.exec(authorization.trim());
    if (match !== null) return (match[1] as string).trim();
  }
  const azureKey = headers['api-key'];
  if (typeof azureKey === 'string' && azureKey.trim() !== '') return azureKey.trim();
  const anthropicKey = headers['x-api-key'];
  if (typeof anthropicKey === 'string' && anthropicKey.trim() !== '') return anthropicKey.trim();
  return null;
}
