import { askPrimary, type PrimaryTopicHandler } from '../cluster/ipc.js';

/** The IPC topic of the server's start on the wall clock: program time 0 of every worker. */
export const PROGRAM_START_TOPIC = 'program-start';

/** When this process loaded: in the primary, the start of the whole server. */
const LOADED_EPOCH_MS = Date.now();

/** In the primary: answers every worker with the same start, so that their programs step together. */
export const answerProgramStart: PrimaryTopicHandler = async () => LOADED_EPOCH_MS;

/** In a worker: the server's start (the primary's), epoch ms. Rejects when the primary does not answer. */
export async function serverStartEpochMs(): Promise<number> {
  const answer = await askPrimary(PROGRAM_START_TOPIC);
  if (typeof answer !== 'number' || !Number.isFinite(answer)) {
    throw new Error(`the primary answered ${PROGRAM_START_TOPIC} with ${JSON.stringify(answer)}`);
  }
  return answer;
}
