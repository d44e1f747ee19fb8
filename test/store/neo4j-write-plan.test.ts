/**
 * How the Neo4j store folds a batch before writing it (server/store/neo4j/write-plan.ts): pure, no database.
 * Uses the contract fixture (test/store/store.fixtures.ts) as its input.
 */
import { describe, expect, it } from "vitest";
import { planBatch, type WriteStep } from "../../server/store/neo4j/write-plan.js";
import type { QueryName } from "../../server/store/neo4j/queries.js";
import { ACC, CARD, DEVICE, FILE, ID, PHONE_D1, WALLET, fixtureBatches, src } from "./store.fixtures.js";

const all = fixtureBatches.flat();
const steps = (plan: WriteStep[][]) => new Map(plan.flat().map((s) => [s.query, s.rows] as const));
const rowsOf = (plan: WriteStep[][], q: QueryName) => steps(plan).get(q) ?? [];

describe("the Neo4j write plan", () => {
  it("writes every node before any relationship", () => {
    const plan = planBatch(all);
    expect(plan).toHaveLength(2);
    expect(plan[0]!.every((s) => !s.query.startsWith("writeTransfers"))).toBe(true);
    expect(plan[1]!.map((s) => s.query)).toEqual([
      "writeTransfers",
      "writeWithdrawals",
      "writeOwnerships",
      "writeControls",
      "writeCardAccounts",
      "writeReports",
      "writeUsages",
      "writeWalletPayments",
    ]);
  });

  it("folds one transfer seen in two statements into one row: first non-null field wins, sources unioned", () => {
    const ksp = rowsOf(planBatch(all), "writeTransfers").find((r) => r.txId === "KSP-0002")!;
    expect(ksp.channel).toBe("mobile");
    expect(ksp.from).toBe(`account:${ACC.V}`);
    expect(ksp.sources).toEqual([`${FILE.SD1}:3`, `${FILE.SV}:5`]);
    expect(rowsOf(planBatch(all), "writeTransfers").filter((r) => r.txId === "KSP-0002")).toHaveLength(1);
  });

  it("keeps the first bank an account record gave and fills the fields only later records know", () => {
    const d1 = rowsOf(planBatch(all), "writeAccounts").find((r) => r.key === ACC.D1)!;
    expect(d1).toMatchObject({
      bank: "HSBKKZKX",
      holderName: "Ержанов Ержан",
      nameLower: "ержанов ержан",
      accountKind: "personal",
    });
    expect(d1).not.toHaveProperty("openedAt");
  });

  it("creates bare nodes only for what other records name without a record of their own", () => {
    const plan = planBatch(all);
    expect(rowsOf(plan, "ensureAccounts").map((r) => r.key)).toEqual([]);
    const orphan = planBatch([
      {
        kind: "transfer",
        txId: "T1",
        from: "KZ1",
        to: ACC.V,
        ts: 1,
        amount: 1,
        currency: "KZT",
        amountKzt: 1,
        sources: [src(FILE.REG, 9)],
      },
      { kind: "account", key: ACC.V, sources: [src(FILE.REG, 9)] },
      {
        kind: "usage",
        subjectType: "card",
        subject: CARD,
        identifierType: "ip",
        identifier: "10.0.0.1",
        ts: 5,
        event: "login",
        sources: [],
      },
    ]);
    expect(rowsOf(orphan, "ensureAccounts")).toEqual([{ nid: "account:KZ1", key: "KZ1" }]);
    expect(rowsOf(orphan, "ensureCards")).toEqual([{ nid: `card:${CARD}`, key: CARD }]);
    expect(rowsOf(orphan, "ensurePersons")).toEqual([]);
  });

  it("counts distinct usages and keeps their time range", () => {
    const plan = planBatch(all);
    const used = rowsOf(plan, "writeUsages");
    const phone = used.find((r) => r.from === `person:${ID.D1}` && r.to === `phone:${PHONE_D1}`)!;
    expect(phone).toMatchObject({ first: Date.UTC(2024, 2, 9, 12, 0), last: Date.UTC(2024, 2, 10, 4, 0) });
    expect(phone.uses).toHaveLength(2);
    const d2 = used.find((r) => r.from === `person:${ID.D2}` && r.to === `device:${DEVICE}`)!;
    expect(d2.uses).toHaveLength(1);
    expect(d2.sources).toEqual([`${FILE.LNK}:5`]);
  });

  it("links the sender of a transfer with a wallet in its purpose to that wallet", () => {
    const plan = planBatch(all);
    expect(rowsOf(plan, "writeWallets")).toEqual([
      { nid: `wallet:${WALLET}`, key: WALLET, chain: "tron", sources: [`${FILE.REG}:4`] },
    ]);
    expect(rowsOf(plan, "writeWalletPayments")).toEqual([
      {
        from: `account:${ACC.H}`,
        to: `wallet:${WALLET}`,
        first: Date.UTC(2024, 2, 10, 7, 0),
        last: Date.UTC(2024, 2, 10, 7, 0),
        txIds: ["REG-0005"],
        sources: [`${FILE.REG}:4`],
      },
    ]);
  });

  it("sorts relationship rows by their start node so concurrent writers lock in one order", () => {
    const rows = rowsOf(planBatch(all), "writeTransfers").map((r) => r.from as string);
    expect(rows).toEqual([...rows].sort());
  });

  it("plans nothing for an empty batch", () => {
    expect(planBatch([])).toEqual([]);
  });
});
