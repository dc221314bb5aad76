import type { FastifyInstance } from 'fastify';

/**
 * The scheduler's own account of its precision: lateness of every token and body since start, in µs. A
 * benchmark reads it to tell the emulator's error apart from the client's.
 */
export default async function statsRoute(app: FastifyInstance): Promise<void> {
  const { scheduler, inFlight } = app.tokenpace;
  app.get('/stats', async () => ({
    scheduler: scheduler.stats(),
    lateness: scheduler.lateness.summary(),
    streams: inFlight.stats(),
  }));
}
