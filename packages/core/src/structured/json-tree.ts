/**
 * The document under construction: a tree of JSON values that records, beside each value, how it may
 * still grow (free words in a string, optional properties not yet written, array items below the
 * maximum, a null that may become a value). The generator builds its smallest form, then grows it.
 */

/** A fixed value: const, enum member, boolean, number, formatted or pattern string. */
export interface LiteralNode {
  readonly kind: 'literal';
  readonly json: string;
}

/** A string of words that may take more words while `maxLength` allows. */
export interface WordStringNode {
  readonly kind: 'words';
  /** What minLength required before any word (may be empty). */
  readonly base: string;
  readonly words: string[];
  /** base + words, kept as words come and go (the document is written many times while it grows). */
  text: string;
  readonly maxLength: number;
  /** Draws the next word: capitalised when it opens the string, else a space and a word. */
  readonly nextWord: (opening: boolean) => string;
}

export interface ObjectEntry {
  readonly key: string;
  readonly node: JsonNode;
  /** Where the key sits among the schema's properties: entries stay in schema order. */
  readonly order: number;
}

/** A property the schema allows and the document does not have yet. */
export interface PendingProperty {
  readonly key: string;
  readonly schema: unknown;
  readonly order: number;
}

export interface ObjectNode {
  readonly kind: 'object';
  readonly entries: ObjectEntry[];
  readonly pending: PendingProperty[];
  readonly maxProperties: number;
  /** Schema of properties outside `properties`, when extra ones may be added; undefined when not. */
  readonly extraSchema: unknown;
  readonly depth: number;
}

export interface ArrayNode {
  readonly kind: 'array';
  readonly items: JsonNode[];
  /** Schema of the item at an index, or undefined when no item may go there. */
  readonly itemSchema: (index: number) => unknown;
  readonly maxItems: number;
  readonly unique: boolean;
  readonly depth: number;
}

/** A null (the smallest choice of a nullable value) that may become a value of `upgrade`. */
export interface NullableNode {
  readonly kind: 'nullable';
  readonly upgrade: unknown;
  value: JsonNode | null;
  readonly depth: number;
}

export type JsonNode = LiteralNode | WordStringNode | ObjectNode | ArrayNode | NullableNode;

/** Whether `value` needs no escape in JSON and is ASCII: printable, without quote or backslash. */
function isPlainAscii(value: string): boolean {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code < 0x20 || code > 0x7e || code === 0x22 || code === 0x5c) return false;
  }
  return true;
}

/** JSON text of a string with every non-ASCII character escaped, so the document stays ASCII. */
export function asciiJsonString(value: string): string {
  if (isPlainAscii(value)) return `"${value}"`;
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Compact JSON text of any JSON value, ASCII only. */
export function asciiJson(value: unknown): string {
  return (JSON.stringify(value) ?? 'null').replace(
    /[\u007f-\uffff]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function write(node: JsonNode, out: string[]): void {
  switch (node.kind) {
    case 'literal':
      out.push(node.json);
      return;
    case 'words':
      out.push(asciiJsonString(node.text));
      return;
    case 'nullable':
      if (node.value === null) out.push('null');
      else write(node.value, out);
      return;
    case 'array':
      out.push('[');
      for (let index = 0; index < node.items.length; index++) {
        if (index > 0) out.push(',');
        write(node.items[index] as JsonNode, out);
      }
      out.push(']');
      return;
    case 'object':
      out.push('{');
      for (let index = 0; index < node.entries.length; index++) {
        const entry = node.entries[index] as ObjectEntry;
        if (index > 0) out.push(',');
        out.push(asciiJsonString(entry.key), ':');
        write(entry.node, out);
      }
      out.push('}');
      return;
  }
}

/** The compact JSON text of the tree as it stands. */
export function serializeTree(node: JsonNode): string {
  const out: string[] = [];
  write(node, out);
  return out.join('');
}

/** Inserts `entry` at its schema position. */
export function insertEntry(node: ObjectNode, entry: ObjectEntry): void {
  let index = node.entries.length;
  while (index > 0 && (node.entries[index - 1] as ObjectEntry).order > entry.order) index--;
  node.entries.splice(index, 0, entry);
}
