#!/usr/bin/env node
// Where a CPU profile's time went: self time by code origin, inclusive time by function (the function
// and everything it called) and self time by function, from a .cpuprofile that `node --cpu-prof` wrote
// (set PROFILE_DIR for any benchmark to profile the emulator it starts).
//
//   node bench/profile-summary.mjs FILE.cpuprofile [TOP=25]
import { readFileSync } from 'node:fs';
import { fixed } from './lib/options.mjs';
import { printTable } from './lib/stats.mjs';

const [file, topText = '25'] = process.argv.slice(2);
if (file === undefined) {
  console.error('usage: node bench/profile-summary.mjs FILE.cpuprofile [TOP]');
  process.exit(2);
}
const top = Number(topText);
const profile = JSON.parse(readFileSync(file, 'utf8'));

/** Self time per profile node: each sample's time delta belongs to the node it hit. */
const selfUsByNode = new Map();
for (let index = 0; index < profile.samples.length; index += 1) {
  const nodeId = profile.samples[index];
  selfUsByNode.set(nodeId, (selfUsByNode.get(nodeId) ?? 0) + (profile.timeDeltas[index] ?? 0));
}
const totalUs = [...selfUsByNode.values()].reduce((sum, value) => sum + value, 0);

/** Which part of the process a script URL belongs to. */
function origin(url, functionName) {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const packageMatch = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packageMatch !== null) return packageMatch[1];
  if (url.includes('/packages/emulator/')) return '@tokenpace/emulator';
  if (url.includes('/packages/core/')) return '@tokenpace/core';
  return url;
}

const byFunction = new Map();
const byOrigin = new Map();
for (const node of profile.nodes) {
  const selfUs = selfUsByNode.get(node.id) ?? 0;
  if (selfUs === 0) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const name = functionName === '' ? '(anonymous)' : functionName;
  const where = url === '' ? '' : `${url.replace(/^.*\/(packages|node_modules)\//, '$1/')}:${lineNumber + 1}`;
  const key = `${name} ${where}`;
  byFunction.set(key, { name, where, selfUs: (byFunction.get(key)?.selfUs ?? 0) + selfUs });
  const originName = origin(url, name);
  byOrigin.set(originName, (byOrigin.get(originName) ?? 0) + selfUs);
}

/**
 * Inclusive time: each sample counts once for every distinct function on its stack, so a function's total
 * is the time spent in it or in anything it called (recursion is not counted twice).
 */
const parentOf = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
const nodeById = new Map(profile.nodes.map((node) => [node.id, node]));
const keyOf = (node) => {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url === '' ? '' : `${url.replace(/^.*\/(packages|node_modules)\//, '$1/')}:${lineNumber + 1}`;
  return { key: `${functionName || '(anonymous)'} ${where}`, name: functionName || '(anonymous)', where };
};
const inclusive = new Map();
for (const [nodeId, selfUs] of selfUsByNode) {
  const seen = new Set();
  for (let id = nodeId; id !== undefined; id = parentOf.get(id)) {
    const node = nodeById.get(id);
    const { key, name, where } = keyOf(node);
    if (name === '(root)' || seen.has(key)) continue;
    seen.add(key);
    const entry = inclusive.get(key) ?? { name, where, totalUs: 0 };
    entry.totalUs += selfUs;
    inclusive.set(key, entry);
  }
}

// Shares are of the busy time: an idle server's profile is mostly (idle), which says nothing.
const busyUs = totalUs - (byOrigin.get('(idle)') ?? 0);
const percent = (us) => fixed((100 * us) / busyUs, 1);
console.log(
  `${file}: ${fixed(totalUs / 1e6, 2)} s sampled, ${fixed(busyUs / 1e6, 2)} s busy; shares are of the busy time`,
);
printTable(
  [...byOrigin.entries()]
    .filter(([name]) => name !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .map(([name, selfUs]) => ({
      origin: name,
      'busy %': percent(selfUs),
      'self ms': fixed(selfUs / 1000, 0),
    })),
);
console.log('');
printTable(
  [...inclusive.values()]
    .filter((entry) => !entry.name.startsWith('('))
    .sort((a, b) => b.totalUs - a.totalUs)
    .slice(0, top)
    .map((entry) => ({
      'function (inclusive)': entry.name,
      'busy %': percent(entry.totalUs),
      'total ms': fixed(entry.totalUs / 1000, 0),
      where: entry.where,
    })),
);
console.log('');
printTable(
  [...byFunction.values()]
    .filter((entry) => entry.name !== '(idle)')
    .sort((a, b) => b.selfUs - a.selfUs)
    .slice(0, top)
    .map((entry) => ({
      function: entry.name,
      'busy %': percent(entry.selfUs),
      'self ms': fixed(entry.selfUs / 1000, 0),
      where: entry.where,
    })),
);
