import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type AttributionSummary, summarizeAttribution } from './attribution-summary.js';
import { readClientRequests } from './client-requests.js';
import { readGroundTruth } from './ground-truth-log.js';
import { attribute } from './join.js';

/** Reads the k6 outputs and ground-truth logs, joins them, and writes attribution.json into `outDir`. */
export async function attributeFiles(
  files: readonly string[],
  groundTruthFiles: readonly string[],
  outDir: string,
  onWarning: (message: string) => void,
): Promise<{ summary: AttributionSummary; path: string }> {
  const truth = await readGroundTruth(groundTruthFiles, onWarning);
  const clients = await readClientRequests(files, onWarning);
  if (clients.size === 0) {
    onWarning(
      'no sample carries a request key (metadata request_key): run a scenario that keys its requests, such as scenarios/gateway.ts',
    );
  }
  const summary = summarizeAttribution(attribute(clients, truth));
  await mkdir(outDir, { recursive: true });
  const path = join(outDir, 'attribution.json');
  await writeFile(path, `${JSON.stringify(summary, null, 2)}\n`);
  return { summary, path };
}
