/** The `data:` payloads of an event stream body: parsed JSON, or the string `[DONE]`. */
export function sseData(body: string): unknown[] {
  if (!body.endsWith('\n\n'))
    throw new Error(`stream does not end with a blank line: ${JSON.stringify(body.slice(-40))}`);
  return body
    .split('\n\n')
    .filter((event) => event !== '')
    .map((event) => {
      if (!event.startsWith('data: ')) throw new Error(`not a data event: ${event}`);
      const data = event.slice('data: '.length);
      return data === '[DONE]' ? data : JSON.parse(data);
    });
}

export interface ChatChunkLike {
  id: string;
  choices: {
    index: number;
    delta: { role?: string; content?: string | null };
    finish_reason: string | null;
  }[];
  usage?: unknown;
}

/** Content text per choice index, concatenated from a chat stream's chunks. */
export function chatContents(chunks: readonly ChatChunkLike[]): string[] {
  const contents: string[] = [];
  for (const chunk of chunks) {
    for (const choice of chunk.choices) {
      contents[choice.index] = (contents[choice.index] ?? '') + (choice.delta.content ?? '');
    }
  }
  return contents;
}
