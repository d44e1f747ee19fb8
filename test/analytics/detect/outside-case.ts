/**
 * A transfer register made by someone else's simulator, ingested into an embedded store, with the simulator's own
 * labels read as truth (bench/detect.ts, BENCH_DETECT_OUTSIDE). Only AMLSim's output is read today (IBM/AMLSim and
 * its ports, `convert_logs.py`): `transactions.csv` is ingested as any user would upload it (header detection, no
 * mapping, so no label column reaches detection), and truth comes from its `is_sar` / `alert_id` columns and, when
 * present, `alert_accounts.csv` (each alert's type and members, SAR or not). Accounts of alerts that are not SAR are
 * AMLSim's own decoys (the same shapes, not laundering): they are scored as hard negatives. Cached by folder like
 * generated-case.ts: ingested once (`<cacheDir>/store/.ingested`).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { ingestFiles } from "../../../ingest/index.js";
import { openEmbeddedStore } from "../../../server/store/embedded/index.js";
import type { LaunderingTruthLike } from "./truth-score.js";

/** How an account without a bank column is keyed by ingest (docs/FORMATS.md). */
const NO_BANK = "no-bank";

export interface OutsideCase {
  /** The simulator's output folder. */
  source: string;
  dataDir: string;
  truth: LaunderingTruthLike;
  /**
   * Laundering accounts; SAR alerts with a transfer, per type; accounts of non-SAR alerts (decoys); members of SAR
   * alerts with no SAR transfer (silent: scored as ordinary accounts).
   */
  summary: { laundering: number; alerts: Record<string, number>; decoys: number; silent: number };
  ingestMs: number;
}

type Row = Record<string, string>;

function readCsv(file: string): Row[] {
  return parse(readFileSync(file), {
    columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
    skip_empty_lines: true,
    trim: true,
    bom: true,
  }) as Row[];
}

const truthy = (v: string | undefined) => /^(true|1|yes|t)$/i.test(v ?? "");

/** The first of `names` the row has, or throws naming the file and what was looked for. */
function column(rows: Row[], names: string[], file: string): string {
  const have = rows.length ? Object.keys(rows[0]) : [];
  const hit = names.find((n) => have.includes(n));
  if (!hit)
    throw new Error(
      `outside-case: ${file} has none of the columns ${names.join(", ")} (has ${have.join(", ")})`,
    );
  return hit;
}

/**
 * AMLSim's labels as truth: the accounts of its SAR transfers launder (AMLSim's own `sar_accounts.csv` lists the same
 * accounts), under the types of the alerts those transfers belong to; every account of an alert that is not SAR and
 * launders nowhere is a hard negative of kind `decoy <type>`. An alert member with no SAR transfer (AMLSim lists members
 * its simulator then gives no transfer) is in neither set: nothing in the register shows it launders.
 */
export function amlsimTruth(dir: string): { truth: LaunderingTruthLike; summary: OutsideCase["summary"] } {
  const txFile = path.join(dir, "transactions.csv");
  const tx = readCsv(txFile);
  const orig = column(tx, ["orig_acct", "orig_acct_id", "sender"], txFile);
  const bene = column(tx, ["bene_acct", "bene_acct_id", "receiver"], txFile);
  const sar = column(tx, ["is_sar", "is_fraud", "sar_flag"], txFile);
  const alertCol = column(tx, ["alert_id"], txFile);
  const key = (acct: string) => `${NO_BANK}:${acct}`;
  const accounts: LaunderingTruthLike["accounts"] = {};
  const get = (acct: string) => (accounts[key(acct)] ??= { hardNegative: false });
  const alertType = new Map<string, string>();
  const alertSar = new Map<string, boolean>();
  const members = new Map<string, Set<string>>();
  const alertsFile = path.join(dir, "alert_accounts.csv");
  if (existsSync(alertsFile)) {
    const rows = readCsv(alertsFile);
    const id = column(rows, ["alert_id"], alertsFile);
    const type = column(rows, ["alert_type", "reason"], alertsFile);
    const acct = column(rows, ["acct_id", "account_id", "acct"], alertsFile);
    const isSar = column(rows, ["is_sar", "is_fraud", "sar_flag"], alertsFile);
    for (const r of rows) {
      alertType.set(r[id], r[type]);
      alertSar.set(r[id], truthy(r[isSar]));
      let m = members.get(r[id]);
      if (!m) members.set(r[id], (m = new Set()));
      m.add(r[acct]);
    }
  }
  const alerts = new Map<string, string>();
  for (const r of tx) {
    get(r[orig]);
    get(r[bene]);
    if (!truthy(r[sar])) continue;
    const ty = alertType.get(r[alertCol]) ?? "sar";
    alerts.set(r[alertCol], ty);
    for (const a of [r[orig], r[bene]]) {
      const t = get(a);
      t.laundering = true;
      t.typologies ??= [];
      if (!t.typologies.includes(ty)) t.typologies.push(ty);
    }
  }
  let decoys = 0;
  let silent = 0;
  for (const [alert, accts] of members)
    for (const a of accts) {
      const t = get(a);
      if (t.laundering || t.hardNegative) continue;
      if (alertSar.get(alert)) {
        silent++;
        continue;
      }
      t.hardNegative = true;
      t.hardNegativeKind = `decoy ${alertType.get(alert)}`;
      decoys++;
    }
  const byType: Record<string, number> = {};
  for (const ty of alerts.values()) byType[ty] = (byType[ty] ?? 0) + 1;
  const laundering = Object.values(accounts).filter((a) => a.laundering).length;
  return { truth: { accounts }, summary: { laundering, alerts: byType, decoys, silent } };
}

/** Ingest (if needed) `source`'s transactions.csv into `cacheDir`/store and read its truth. */
export async function prepareOutsideCase(source: string, cacheDir: string): Promise<OutsideCase> {
  const file = path.join(source, "transactions.csv");
  if (!existsSync(file)) throw new Error(`outside-case: no transactions.csv in ${source}`);
  const dataDir = path.join(cacheDir, "store");
  const marker = path.join(dataDir, ".ingested");
  // A new export under the same folder name is ingested anew.
  const stamp = `${file} ${statSync(file).size} ${statSync(file).mtimeMs}`;
  let ingestMs = 0;
  if (!existsSync(marker) || readFileSync(marker, "utf8") !== stamp) {
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(cacheDir, { recursive: true });
    const t = performance.now();
    const store = await openEmbeddedStore({ dataDir });
    try {
      const summary = await ingestFiles([file], { onBatch: (records) => store.writeBatch(records) });
      if (!summary.totals.accepted) throw new Error(`outside-case: ingest accepted no row of ${file}`);
    } finally {
      await store.close();
    }
    writeFileSync(marker, stamp);
    ingestMs = performance.now() - t;
  }
  const { truth, summary } = amlsimTruth(source);
  return { source, dataDir, truth, summary, ingestMs };
}
