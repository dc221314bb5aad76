import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  cgroupQuotaCores,
  defaultWorkerCount,
  quotaCoresFromCfs,
  quotaCoresFromCpuMax,
} from './cpu-quota.js';

describe('CPU quota', () => {
  it('reads cgroup v2 cpu.max, rounding partial cores up', () => {
    expect(quotaCoresFromCpuMax('200000 100000\n')).toBe(2);
    expect(quotaCoresFromCpuMax('150000 100000\n')).toBe(2);
    expect(quotaCoresFromCpuMax('50000 100000\n')).toBe(1);
    expect(quotaCoresFromCpuMax('max 100000\n')).toBeNull();
    expect(quotaCoresFromCpuMax('garbage')).toBeNull();
  });

  it('reads cgroup v1 quota and period', () => {
    expect(quotaCoresFromCfs('400000\n', '100000\n')).toBe(4);
    expect(quotaCoresFromCfs('-1\n', '100000\n')).toBeNull();
    expect(quotaCoresFromCfs('x', '100000')).toBeNull();
  });

  it('caps the core count by the quota, and never goes below one worker', () => {
    expect(defaultWorkerCount(64, 2)).toBe(2);
    expect(defaultWorkerCount(2, 8)).toBe(2);
    expect(defaultWorkerCount(8, null)).toBe(8);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 512 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 1_000, max: 1_000_000 }),
        (cores, quotaUs, periodUs) => {
          const quota = quotaCoresFromCpuMax(`${quotaUs} ${periodUs}`);
          expect(quota).toBe(Math.max(1, Math.ceil(quotaUs / periodUs)));
          expect(defaultWorkerCount(cores, quota)).toBe(Math.min(cores, Math.ceil(quotaUs / periodUs)));
        },
      ),
    );
  });

  describe('from the cgroup files', () => {
    let root: string | undefined;
    afterEach(() => {
      if (root !== undefined) rmSync(root, { recursive: true, force: true });
      root = undefined;
    });
    const makeRoot = (): string => {
      root = mkdtempSync(join(tmpdir(), 'tokenpace-cgroup-'));
      return root;
    };

    it('prefers cgroup v2', () => {
      const dir = makeRoot();
      writeFileSync(join(dir, 'cpu.max'), '300000 100000\n');
      mkdirSync(join(dir, 'cpu'));
      writeFileSync(join(dir, 'cpu', 'cpu.cfs_quota_us'), '100000\n');
      writeFileSync(join(dir, 'cpu', 'cpu.cfs_period_us'), '100000\n');
      expect(cgroupQuotaCores(dir)).toBe(3);
    });

    it('falls back to cgroup v1', () => {
      const dir = makeRoot();
      mkdirSync(join(dir, 'cpu'));
      writeFileSync(join(dir, 'cpu', 'cpu.cfs_quota_us'), '250000\n');
      writeFileSync(join(dir, 'cpu', 'cpu.cfs_period_us'), '100000\n');
      expect(cgroupQuotaCores(dir)).toBe(3);
    });

    it('finds no quota where no file exists', () => {
      expect(cgroupQuotaCores(makeRoot())).toBeNull();
    });
  });
});
