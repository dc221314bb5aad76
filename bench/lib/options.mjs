// Benchmark parameters from the environment, so every default can be overridden without editing code.

/** A positive number from `name`, or `fallback` when unset; anything else stops the run. */
export function numberFromEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name}=${raw} is not a non-negative number`);
  return value;
}

/** A comma-separated list of numbers from `name`, e.g. LEVELS=1,100,1000. */
export function numbersFromEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const values = raw.split(',').map((part) => Number(part.trim()));
  if (values.some((value) => !Number.isFinite(value) || value <= 0)) {
    throw new Error(`${name}=${raw} is not a comma-separated list of positive numbers`);
  }
  return values;
}

/** Fixed-point text for tables; integers stay integers. */
export function fixed(value, digits = 3) {
  if (value === undefined || value === null || Number.isNaN(value)) return '—';
  return Number.isInteger(value) && digits === 0 ? String(value) : value.toFixed(digits);
}
