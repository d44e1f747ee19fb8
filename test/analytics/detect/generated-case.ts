/**
 * A generated case ingested into an embedded store, for the quality test and bench/detect.ts. Cached by folder:
 * the case is generated once (`<dir>/case`) and ingested once (`<dir>/store`, marked done by `<dir>/store/.ingested`),
 * so reruns only pay for detection. Truth is read here, for scoring only. `world: "aml"` makes the second world (one
 * bank's register, ingested with the case's own mapping.json; its truth is the generator's `Truth` with `schemes` and
 * per-account `typologies`); use a separate `dir` per world.
 */
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generateCase, UNITS_PER_USD } from "../../../generator/index.js";
import type { WorldName } from "../../../generator/index.js";
import { ingestFiles, readMappingFile } from "../../../ingest/index.js";
import { DEFAULT_FX_TABLE } from "../../../model/money.js";
import { openEmbeddedStore } from "../../../server/store/embedded/index.js";
import type { GraphStore } from "../../../server/store/types.js";
import type { LaunderingTruthLike, TruthLike } from "./truth-score.js";

/**
 * Cached second-world cases are named by the generator's version of that world, so that a change to it (v2: AMLSim's
 * all-to-all bipartite; v3: AMLSim's all-to-all stack; v4: errands) never measures a stale case. bench/detect.ts and
 * tools/scorer/features.ts both name their cases with it.
 */
export const AML_CACHE_TAG = "aml4";

export interface PreparedCase {
  dir: string;
  dataDir: string;
  /** The generator's truth.json: roles and rings in either world; laundering labels and `schemes` in "aml". */
  truth: TruthLike &
    LaunderingTruthLike & {
      counts: { accounts: number; transfers: number; withdrawals: number; complaints: number };
      schemes?: Record<string, { typology: string; accounts: string[]; hubs: string[] }>;
    };
  /** Milliseconds spent generating / ingesting in this call (0 when cached). */
  generateMs: number;
  ingestMs: number;
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

export interface PrepareOptions {
  /** Which generated world (default "kazakh"). */
  world?: WorldName;
  /** Period length in days (generator default when absent). */
  days?: number;
  /**
   * The aml world's currency (default USD). One ingest has no KZT rate for gets one here, from the generator's
   * units per dollar and ingest's USD rate, as an investigator would give ingest an `fxTable`.
   */
  currency?: string;
}

/** Generate (if needed) and ingest (if needed) the case for `seed` / `accounts` under `dir`. */
export async function prepareCase(
  dir: string,
  seed: number,
  accounts: number,
  options: PrepareOptions = {},
): Promise<PreparedCase> {
  const caseDir = path.join(dir, "case");
  const dataDir = path.join(dir, "store");
  const marker = path.join(dataDir, ".ingested");
  let generateMs = 0;
  let ingestMs = 0;
  if (!existsSync(path.join(caseDir, "truth.json"))) {
    rmSync(caseDir, { recursive: true, force: true });
    const t = performance.now();
    await generateCase({
      out: caseDir,
      seed,
      accounts,
      world: options.world,
      days: options.days,
      currency: options.currency,
    });
    generateMs = performance.now() - t;
  }
  if (!existsSync(marker)) {
    rmSync(dataDir, { recursive: true, force: true });
    const t = performance.now();
    const mappingPath = path.join(caseDir, "mapping.json");
    const mapping = existsSync(mappingPath) ? await readMappingFile(mappingPath) : undefined;
    const store = await openEmbeddedStore({ dataDir });
    try {
      const currency = options.currency?.toUpperCase();
      const fxTable =
        currency && currency !== "KZT" && DEFAULT_FX_TABLE[currency] === undefined
          ? { [currency]: DEFAULT_FX_TABLE.USD! / (UNITS_PER_USD[currency] ?? 1) }
          : undefined;
      await ingestFiles(filesUnder(path.join(caseDir, "exports")), {
        mapping,
        fxTable,
        onBatch: (records) => store.writeBatch(records),
      });
    } finally {
      await store.close();
    }
    writeFileSync(marker, new Date(0).toISOString());
    ingestMs = performance.now() - t;
  }
  const truth = JSON.parse(readFileSync(path.join(caseDir, "truth.json"), "utf8")) as PreparedCase["truth"];
  return { dir, dataDir, truth, generateMs, ingestMs };
}

/** Open the case's store (the caller closes it). */
export function openCaseStore(c: PreparedCase): Promise<GraphStore> {
  return openEmbeddedStore({ dataDir: c.dataDir });
}
