import type { Rng } from '../timing/rng.js';

/** Bitcoin's base58 alphabet: the API's ids use it (no 0, O, I or l). */
const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** `01` then 22 base58 characters: the body the API's `msg_`, `toolu_` and `req_` ids share. */
function idBody(rng: Rng): string {
  let text = '01';
  for (let index = 0; index < 22; index++) text += BASE58[Math.floor(rng() * BASE58.length)];
  return text;
}

/** `msg_01…`, the id of a message. */
export function anthropicMessageId(rng: Rng): string {
  return `msg_${idBody(rng)}`;
}

/** `toolu_01…`, the id of a tool_use block, which a tool_result refers to. */
export function anthropicToolUseId(rng: Rng): string {
  return `toolu_${idBody(rng)}`;
}
