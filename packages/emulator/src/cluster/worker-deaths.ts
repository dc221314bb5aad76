/**
 * Worker processes that died unexpectedly since the primary started (each one restarted): kept by the primary,
 * added to `/stats` and `/metrics`, so that a load test can tell that a worker's share of its numbers restarted.
 */
let deaths = 0;

export function countWorkerDeath(): number {
  deaths += 1;
  return deaths;
}

export function workerDeaths(): number {
  return deaths;
}

/** The count as Prometheus text, appended to the workers' aggregated metrics. */
export function workerDeathsMetricText(): string {
  return (
    '# HELP tokenpace_worker_deaths_total Worker processes that died unexpectedly and were restarted.\n' +
    '# TYPE tokenpace_worker_deaths_total counter\n' +
    `tokenpace_worker_deaths_total ${deaths}\n`
  );
}
