import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

/** Where a container sees its own cgroup (cgroup namespaces put it at the root). */
export const CGROUP_ROOT = '/sys/fs/cgroup';

/**
 * Cores allowed by a cgroup v2 `cpu.max` ("QUOTA PERIOD", or "max PERIOD" for none), rounded up: a limit of
 * 1.5 cores still lets two processes run at once. Null when there is no limit or the text does not read.
 */
export function quotaCoresFromCpuMax(text: string): number | null {
  const match = /^\s*(\d+|max)\s+(\d+)\s*$/.exec(text);
  if (match === null || match[1] === 'max') return null;
  return coresFrom(Number(match[1]), Number(match[2]));
}

/** The same from cgroup v1's `cpu.cfs_quota_us` (-1 for none) and `cpu.cfs_period_us`. */
export function quotaCoresFromCfs(quotaText: string, periodText: string): number | null {
  const quota = /^\s*(-?\d+)\s*$/.exec(quotaText);
  const period = /^\s*(\d+)\s*$/.exec(periodText);
  if (quota === null || period === null) return null;
  return coresFrom(Number(quota[1]), Number(period[1]));
}

function coresFrom(quotaUs: number, periodUs: number): number | null {
  if (quotaUs <= 0 || periodUs <= 0) return null;
  return Math.max(1, Math.ceil(quotaUs / periodUs));
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** This process's CPU quota in whole cores (v2 first, then v1), or null when none is set or none can be read. */
export function cgroupQuotaCores(root: string = CGROUP_ROOT): number | null {
  const cpuMax = readText(join(root, 'cpu.max'));
  if (cpuMax !== null) return quotaCoresFromCpuMax(cpuMax);
  const quota = readText(join(root, 'cpu', 'cpu.cfs_quota_us'));
  const period = readText(join(root, 'cpu', 'cpu.cfs_period_us'));
  return quota === null || period === null ? null : quotaCoresFromCfs(quota, period);
}

/**
 * The default number of workers: one per core this process may use. Node 20's availableParallelism() counts
 * the cores of the affinity mask, not a container's CPU quota, so a pod limited to 2 cores on a 64-core node
 * would fork 64 workers that the quota then throttles; the quota caps the count.
 */
export function defaultWorkerCount(
  cores: number = availableParallelism(),
  quotaCores: number | null = cgroupQuotaCores(),
): number {
  return quotaCores === null ? cores : Math.max(1, Math.min(cores, quotaCores));
}
