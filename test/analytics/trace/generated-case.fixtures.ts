/**
 * A small generated case for the store-backed trace tests: `generateCase` (generator/index.ts) with seed 7 and 800
 * accounts — a size at which some drops pass their cut on weeks after the incident, beyond the default window —
 * ingested through the real pipeline (ingest/index.ts) into whatever store the test opens.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { generateCase } from "../../../generator/index.js";
import type { Truth } from "../../../generator/types.js";
import { ingestFiles } from "../../../ingest/index.js";
import type { GraphStore } from "../../../server/store/types.js";

export interface SmallCase {
  exports: string[];
  truth: Truth;
  /** A window from the earliest incident to the end of the data (truth follows money that far). */
  wholeDataMs: number;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = path.join(dir, name);
      return statSync(p).isDirectory() ? filesUnder(p) : [p];
    });
}

export async function makeSmallCase(dir: string): Promise<SmallCase> {
  const summary = await generateCase({ out: dir, seed: 7, accounts: 800 });
  const truth = JSON.parse(readFileSync(summary.truthPath, "utf8")) as Truth;
  const firstIncident = Math.min(...Object.values(truth.complaints).map((c) => c.incidentAt));
  return { exports: filesUnder(summary.exportsDir), truth, wholeDataMs: truth.period.to - firstIncident + 1 };
}

export async function ingestInto(store: GraphStore, c: SmallCase): Promise<void> {
  await ingestFiles(c.exports, { onBatch: (records) => store.writeBatch(records) });
}
