/**
 * A case of the generator's second world ("aml": one bank's USD transfer register, docs/GENERATOR.md) generated and
 * ingested into an embedded store, for the second-world quality test and bench/detect.ts. Cached by folder like
 * generated-case.ts: generated once (`<dir>/case`), ingested once with the written mapping.json (`<dir>/store`,
 * marked done by `<dir>/store/.ingested`). Truth is read here, for scoring only.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generateCase } from "../../../generator/index.js";
import { ingestFiles, readMappingFile } from "../../../ingest/index.js";
import { openEmbeddedStore } from "../../../server/store/embedded/index.js";
import type { GraphStore } from "../../../server/store/types.js";
import type { LaunderingTruthLike } from "./truth-score.js";

export interface AmlCase {
  dir: string;
  dataDir: string;
  truth: LaunderingTruthLike & {
    schemes: Record<string, { typology: string; accounts: string[]; hubs: string[] }>;
    counts?: { accounts: number; transfers: number };
  };
  generateMs: number;
  ingestMs: number;
}

/** Generate (if needed) and ingest (if needed) the "aml" case for `seed` / `accounts` under `dir`. */
export async function prepareAmlCase(dir: string, seed: number, accounts: number): Promise<AmlCase> {
  const caseDir = path.join(dir, "case");
  const dataDir = path.join(dir, "store");
  const marker = path.join(dataDir, ".ingested");
  let generateMs = 0;
  let ingestMs = 0;
  if (!existsSync(path.join(caseDir, "truth.json"))) {
    rmSync(caseDir, { recursive: true, force: true });
    const t = performance.now();
    await generateCase({ out: caseDir, seed, accounts, world: "aml" });
    generateMs = performance.now() - t;
  }
  if (!existsSync(marker)) {
    rmSync(dataDir, { recursive: true, force: true });
    const t = performance.now();
    const store = await openEmbeddedStore({ dataDir });
    try {
      const mapping = await readMappingFile(path.join(caseDir, "mapping.json"));
      await ingestFiles([path.join(caseDir, "exports", "transactions.csv")], {
        mapping,
        onBatch: (records) => store.writeBatch(records),
      });
    } finally {
      await store.close();
    }
    writeFileSync(marker, new Date(0).toISOString());
    ingestMs = performance.now() - t;
  }
  const truth = JSON.parse(readFileSync(path.join(caseDir, "truth.json"), "utf8")) as AmlCase["truth"];
  return { dir, dataDir, truth, generateMs, ingestMs };
}

/** Open the case's store (the caller closes it). */
export function openAmlCaseStore(c: AmlCase): Promise<GraphStore> {
  return openEmbeddedStore({ dataDir: c.dataDir });
}
