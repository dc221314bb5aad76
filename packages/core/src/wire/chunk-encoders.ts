import { chatContentChunk } from './chat-completion-chunk.js';
import type { ChatResponseIdentity, ResponseIdentity } from './common.js';
import { completionChunk } from './text-completion.js';

/** JSON text of one content event: choice index, the token's text, and whether `"usage": null` is added. */
export type ContentChunkEncoder = (choiceIndex: number, piece: string, includeUsage: boolean) => string;

/** A template's text around its two holes: the choice index and the JSON string of the piece. */
interface SplicedTemplate {
  readonly beforeFirst: string;
  readonly between: string;
  readonly afterSecond: string;
}

export class TemplateSpliceError extends Error {
  readonly code = 'template_splice_failed' as const;
  constructor(template: string) {
    super(`Could not locate the content holes in the chunk template ${template}.`);
    this.name = 'TemplateSpliceError';
  }
}

/**
 * Cuts a template (serialized by JSON.stringify with index 0 and an empty piece) at `anchor`, which
 * spans both holes. The anchor begins with a quoted key; inside a JSON string every quote is escaped,
 * so identity fields (a model name chosen by the caller) can never contain it.
 */
function spliceTemplate(
  template: string,
  anchor: string,
  firstHole: string,
  secondHole: string,
): SplicedTemplate {
  const at = template.lastIndexOf(anchor);
  const firstAt = anchor.indexOf(firstHole);
  const secondAt = anchor.indexOf(secondHole, firstAt + firstHole.length);
  if (at < 0 || firstAt < 0 || secondAt < 0) throw new TemplateSpliceError(template);
  const parts = {
    beforeFirst: template.slice(0, at) + anchor.slice(0, firstAt),
    between: anchor.slice(firstAt + firstHole.length, secondAt),
    afterSecond: anchor.slice(secondAt + secondHole.length) + template.slice(at + anchor.length),
  };
  if (parts.beforeFirst + firstHole + parts.between + secondHole + parts.afterSecond !== template) {
    throw new TemplateSpliceError(template);
  }
  return parts;
}

/**
 * Fast path for the per-token chat chunk: the stream's constant fields are serialized once, by
 * JSON.stringify of chatContentChunk, and each token only splices its index and
 * `JSON.stringify(piece)` in. The text equals `JSON.stringify(chatContentChunk(identity, …))`.
 */
export function createContentChunkEncoder(identity: ChatResponseIdentity): ContentChunkEncoder {
  const anchor = '"choices":[{"index":0,"delta":{"content":""}';
  const split = (includeUsage: boolean) =>
    spliceTemplate(JSON.stringify(chatContentChunk(identity, 0, '', includeUsage)), anchor, '0', '""');
  const withUsage = split(true);
  const withoutUsage = split(false);
  return (choiceIndex, piece, includeUsage) => {
    const parts = includeUsage ? withUsage : withoutUsage;
    return parts.beforeFirst + choiceIndex + parts.between + JSON.stringify(piece) + parts.afterSecond;
  };
}

/**
 * Fast path for the per-token legacy completion event (finish_reason null). The text equals
 * `JSON.stringify(completionChunk(identity, choiceIndex, piece, null, includeUsage))`.
 */
export function createCompletionChunkEncoder(identity: ResponseIdentity): ContentChunkEncoder {
  const anchor = '"choices":[{"text":"","index":0,';
  const split = (includeUsage: boolean) =>
    spliceTemplate(JSON.stringify(completionChunk(identity, 0, '', null, includeUsage)), anchor, '""', '0');
  const withUsage = split(true);
  const withoutUsage = split(false);
  return (choiceIndex, piece, includeUsage) => {
    const parts = includeUsage ? withUsage : withoutUsage;
    return parts.beforeFirst + JSON.stringify(piece) + parts.between + choiceIndex + parts.afterSecond;
  };
}
