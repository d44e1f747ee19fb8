/**
 * Registers someone else's simulator made are scored against that simulator's own labels (outside-case.ts): AMLSim's
 * SAR transactions and alerts make the laundering accounts and their typologies, its non-SAR alerts the hard
 * negatives, and the register is ingested as a user would upload it, without the label columns.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openEmbeddedStore } from "../../../server/store/embedded/index.js";
import { amlsimTruth, prepareOutsideCase } from "./outside-case.js";

const RUN = path.resolve(__dirname, "../../fixtures/amlsim-run");
const dirs: string[] = [];
const scratch = () => {
  const d = mkdtempSync(path.join(tmpdir(), "outside-case-"));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("AMLSim's labels as truth", () => {
  it("makes every account of a SAR transfer a laundering account with its alerts' types", () => {
    const { truth, summary } = amlsimTruth(RUN);
    const laundering = Object.entries(truth.accounts)
      .filter(([, a]) => a.laundering)
      .map(([k]) => k)
      .sort();
    expect(laundering).toEqual(["101", "102", "103", "201", "501", "502"].map((a) => `no-bank:${a}`));
    expect(truth.accounts["no-bank:201"]!.typologies).toEqual(["fan_in", "cycle"]);
    expect(truth.accounts["no-bank:501"]!.typologies).toEqual(["cycle"]);
    expect(summary).toEqual({ laundering: 6, alerts: { fan_in: 1, cycle: 1 }, decoys: 3, silent: 1 });
  });

  it("leaves a SAR alert's member with no SAR transfer out of both sets (nothing shows it launders)", () => {
    const { truth } = amlsimTruth(RUN);
    expect(truth.accounts["no-bank:104"]).toEqual({ hardNegative: false });
  });

  it("counts the accounts of alerts that are not SAR as hard negatives, unless they launder elsewhere", () => {
    const { truth } = amlsimTruth(RUN);
    for (const a of ["401", "402", "403"])
      expect(truth.accounts[`no-bank:${a}`]).toMatchObject({
        hardNegative: true,
        hardNegativeKind: "decoy fan_out",
      });
    expect(truth.accounts["no-bank:201"]!.hardNegative).toBe(false);
    expect(truth.accounts["no-bank:301"]).toEqual({ hardNegative: false });
  });

  it("reads SAR transactions alone when the run has no alert file, under a typology of 'sar'", () => {
    const d = scratch();
    cpSync(path.join(RUN, "transactions.csv"), path.join(d, "transactions.csv"));
    const { truth, summary } = amlsimTruth(d);
    expect(summary.laundering).toBe(6);
    expect(truth.accounts["no-bank:201"]!.typologies).toEqual(["sar"]);
    expect(truth.accounts["no-bank:401"]!.hardNegative).toBe(false);
  });

  it("names the file and the columns it looked for when a register has no SAR flag", () => {
    const d = scratch();
    writeFileSync(path.join(d, "transactions.csv"), "tran_id,orig_acct,bene_acct,base_amt\n1,1,2,10\n");
    expect(() => amlsimTruth(d)).toThrow(
      /transactions\.csv has none of the columns is_sar, is_fraud, sar_flag/,
    );
  });
});

describe("an outside register ingested for scoring", () => {
  it("holds every transfer of the register under no-bank keys and none of its label columns", async () => {
    const c = await prepareOutsideCase(RUN, scratch());
    const store = await openEmbeddedStore({ dataDir: c.dataDir });
    try {
      const p = await store.projection();
      expect(p.transfers).toHaveLength(9);
      expect(p.accounts.map((a) => a.key)).toContain("no-bank:201");
      expect(JSON.stringify(p)).not.toMatch(/is_sar|fan_in|alert/i);
    } finally {
      await store.close();
    }
  });
});
