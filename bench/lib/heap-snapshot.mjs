// Heap snapshots of the emulator, taken on a signal and summarized by constructor, to show what held
// streams keep alive. Used by memory.mjs when HEAP_SNAPSHOTS=1.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { httpRequest } from './emulator.mjs';

const SNAPSHOT_SIGNAL = 'SIGUSR2';

/** Node flags that make the emulator write a heap snapshot into `directory` on SIGUSR2. */
export function heapSnapshotNodeArgs(directory) {
  return [`--heapsnapshot-signal=${SNAPSHOT_SIGNAL}`, '--diagnostic-dir', directory];
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Asks the process for a snapshot and resolves with its file once written. Writing blocks the
 * process's event loop, so the first /health answered after the file appeared means it is complete.
 */
export async function takeHeapSnapshot(pid, directory, healthUrl) {
  const before = new Set(readdirSync(directory));
  process.kill(pid, SNAPSHOT_SIGNAL);
  for (let waitedMs = 0; waitedMs < 120_000; waitedMs += 50) {
    const created = readdirSync(directory).find(
      (name) => name.endsWith('.heapsnapshot') && !before.has(name),
    );
    if (created !== undefined) {
      await httpRequest(healthUrl);
      return join(directory, created);
    }
    await sleep(50);
  }
  throw new Error(`process ${pid} wrote no heap snapshot in 120 s`);
}

/** Live objects in a snapshot by constructor (or internal type): count and self size in bytes. */
export function heapByConstructor(file) {
  const snapshot = JSON.parse(readFileSync(file, 'utf8'));
  const fields = snapshot.snapshot.meta.node_fields;
  const stride = fields.length;
  const typeOffset = fields.indexOf('type');
  const nameOffset = fields.indexOf('name');
  const sizeOffset = fields.indexOf('self_size');
  const typeNames = snapshot.snapshot.meta.node_types[typeOffset];
  const { nodes, strings } = snapshot;
  const groups = new Map();
  for (let index = 0; index < nodes.length; index += stride) {
    const type = typeNames[nodes[index + typeOffset]];
    const name = type === 'object' || type === 'native' ? strings[nodes[index + nameOffset]] : `(${type})`;
    const group = groups.get(name) ?? { count: 0, bytes: 0 };
    group.count += 1;
    group.bytes += nodes[index + sizeOffset];
    groups.set(name, group);
  }
  return groups;
}

/** What grew from `before` to `after`, largest first, scaled to `per` of `streams` held streams. */
export function heapGrowth(before, after, streams, per = 1000, top = 15) {
  const rows = [];
  let totalBytes = 0;
  for (const [name, group] of after) {
    const previous = before.get(name) ?? { count: 0, bytes: 0 };
    const bytes = group.bytes - previous.bytes;
    totalBytes += bytes;
    if (bytes > 0)
      rows.push({
        name,
        count: ((group.count - previous.count) * per) / streams,
        bytes: (bytes * per) / streams,
      });
  }
  rows.sort((a, b) => b.bytes - a.bytes);
  return { totalBytesPer: (totalBytes * per) / streams, top: rows.slice(0, top) };
}
