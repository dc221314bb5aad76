// Reading scenario settings from k6's __ENV (`k6 run -e NAME=value` or the process environment).
// A bad value aborts the test at init with a message naming the variable, never a silent default.

export function envString(name: string, fallback: string): string {
  const value = __ENV[name];
  return value === undefined || value === '' ? fallback : value;
}

export function envNumber(name: string, fallback: number, { min = 0 }: { min?: number } = {}): number {
  const text = __ENV[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min) {
    throw new Error(`Invalid ${name}=${JSON.stringify(text)}: expected a number ≥ ${min}.`);
  }
  return value;
}

const DURATION_PATTERN = /^(\d+(\.\d+)?(ms|s|m|h))+$/;

/** A k6 duration such as `30s`, `2m` or `1m30s`. */
export function envDuration(name: string, fallback: string): string {
  const text = envString(name, fallback);
  if (!DURATION_PATTERN.test(text)) {
    throw new Error(`Invalid ${name}=${JSON.stringify(text)}: expected a duration such as 30s, 2m or 1m30s.`);
  }
  return text;
}
