import type { Rng } from '../timing/rng.js';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

function randomText(rng: Rng, alphabet: string, length: number): string {
  let text = '';
  for (let index = 0; index < length; index++) text += alphabet[Math.floor(rng() * alphabet.length)];
  return text;
}

/** "chatcmpl-" + 29 alphanumerics, the shape of the API's chat completion ids. */
export function chatCompletionId(rng: Rng): string {
  return `chatcmpl-${randomText(rng, ALPHANUMERIC, 29)}`;
}

/** "cmpl-" + 29 alphanumerics, the shape of the API's legacy completion ids. */
export function completionId(rng: Rng): string {
  return `cmpl-${randomText(rng, ALPHANUMERIC, 29)}`;
}

/** "req_" + 32 hex digits, the `x-request-id` response header. */
export function requestId(rng: Rng): string {
  return `req_${randomText(rng, HEX, 32)}`;
}

/** "fp_" + 10 hex digits, the `system_fingerprint` of chat responses. */
export function systemFingerprint(rng: Rng): string {
  return `fp_${randomText(rng, HEX, 10)}`;
}

/** "call_" + 24 alphanumerics, the shape of the API's tool call ids (chat and Responses). */
export function toolCallId(rng: Rng): string {
  return `call_${randomText(rng, ALPHANUMERIC, 24)}`;
}

/**
 * 48 hex digits that one Responses answer shares: its `resp_` id and its items' `msg_` and `fc_` ids end in it
 * (items add their own two-digit position), as the API's ids do.
 */
export function responseIdSuffix(rng: Rng): string {
  return randomText(rng, HEX, 48);
}
