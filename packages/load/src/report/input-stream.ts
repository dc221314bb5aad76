import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InputError } from './errors.js';

const GZIP_MAGIC = [0x1f, 0x8b] as const;
const NEWLINE = 0x0a;
// Larger reads than the 64 KiB / 16 KiB defaults: fewer hops between the zlib thread and the parser.
const READ_CHUNK_BYTES = 256 * 1024;

export interface InputStream {
  /** Decompressed bytes of the file. */
  readonly stream: Readable;
  readonly gzip: boolean;
  /** For plain files: whether the last byte is a newline (a k6 killed mid-write leaves a partial line). */
  readonly endsWithNewline: boolean;
}

/**
 * Opens a k6 JSON output for streaming; gzip is recognised by its magic bytes (k6 writes it when the
 * name ends in .gz). Source errors are forwarded into the decompressor so a consumer sees one stream.
 */
export async function openInputStream(file: string): Promise<InputStream> {
  const { gzip, endsWithNewline } = await probe(file);
  const source = createReadStream(file, { highWaterMark: READ_CHUNK_BYTES });
  if (!gzip) return { stream: source, gzip, endsWithNewline };
  const gunzip = createGunzip({ chunkSize: READ_CHUNK_BYTES });
  source.on('error', (error) => gunzip.destroy(error));
  return { stream: source.pipe(gunzip), gzip, endsWithNewline: true };
}

async function probe(file: string): Promise<{ gzip: boolean; endsWithNewline: boolean }> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw openError(file, error);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile())
      throw new InputError('REPORT_FILE_UNREADABLE', file, undefined, 'not a regular file');
    if (stats.size === 0) return { gzip: false, endsWithNewline: true };
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    const gzip = bytesRead === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
    const tail = Buffer.alloc(1);
    await handle.read(tail, 0, 1, stats.size - 1);
    return { gzip, endsWithNewline: tail[0] === NEWLINE };
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw openError(file, error);
  } finally {
    await handle.close();
  }
}

function openError(file: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new InputError('REPORT_FILE_NOT_FOUND', file, undefined, 'no such file');
  if (code === 'EISDIR') return new InputError('REPORT_FILE_UNREADABLE', file, undefined, 'is a directory');
  const reason = error instanceof Error ? error.message : String(error);
  return new InputError('REPORT_FILE_UNREADABLE', file, undefined, `cannot read: ${reason}`, {
    cause: error,
  });
}

/** zlib's error for input that stops before the gzip trailer (e.g. k6 killed mid-write). */
export function isTruncatedGzip(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'Z_BUF_ERROR';
}

export function isZlibError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}
