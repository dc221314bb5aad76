/** A share of the measured difference above which the emulator's or the client's own delay makes it unreliable. */
export const DEFAULT_GUARD_SHARE = 0.1;

export interface GuardInput {
  /** Measured difference at a percentile: run − baseline, µs. */
  readonly differenceUs: number;
  /** The emulator's own lateness at that percentile (actually sent − configured), worst of both runs, µs. */
  readonly emulatorLateUs: number;
  /** The baseline's path share at that percentile (client, kernel and loopback; no gateway), µs. */
  readonly clientUs: number;
}

export interface GuardVerdict {
  readonly flagged: boolean;
  readonly reasons: readonly string[];
}

function ms(us: number): string {
  return `${(us / 1000).toFixed(3)} ms`;
}

/**
 * The mock-ceiling guard: a difference between two runs is only the gateway's when neither the emulator's
 * lateness nor the client's own delay is a meaningful share of it (`share`, 10% by default). A saturated
 * emulator or client adds to both runs unevenly, and published benchmarks report it as gateway overhead.
 */
export function mockCeilingGuard(input: GuardInput, share = DEFAULT_GUARD_SHARE): GuardVerdict {
  const difference = Math.abs(input.differenceUs);
  const reasons: string[] = [];
  const limit = share * difference;
  if (Math.abs(input.emulatorLateUs) > 0 && Math.abs(input.emulatorLateUs) >= limit) {
    reasons.push(
      `emulator lateness ${ms(input.emulatorLateUs)} ≥ ${share * 100}% of the difference ${ms(input.differenceUs)}`,
    );
  }
  if (Math.abs(input.clientUs) > 0 && Math.abs(input.clientUs) >= limit) {
    reasons.push(
      `client and loopback ${ms(input.clientUs)} ≥ ${share * 100}% of the difference ${ms(input.differenceUs)}`,
    );
  }
  return { flagged: reasons.length > 0, reasons };
}
