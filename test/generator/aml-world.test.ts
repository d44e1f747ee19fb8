/**
 * The second generated world ("aml"): its register is read here with csv-parse and the column names of the written
 * mapping.json only (no generator or ingest code), and every planted scheme's shape is checked from the emitted
 * transfers; then the register goes through the real ingest pipeline with that mapping.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../cli/commands/generate.js";
import { UsageError, type CliContext } from "../../cli/context.js";
import { generateCase, GeneratorOptionsError, type Truth } from "../../generator/index.js";
import { ingestFiles, readMappingFile, type IngestSummary } from "../../ingest/index.js";
import type { TransferRecord } from "../../model/records.js";

const dirs: string[] = [];
const fresh = () => {
  const d = mkdtempSync(path.join(tmpdir(), "mulegraph-aml-"));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Tx {
  id: string;
  from: string;
  to: string;
  cents: number;
  /** Epoch ms. */
  ts: number;
  currency: string;
}

/** The register read through the mapping's own column names. */
function readRegister(dir: string): Tx[] {
  const mapping = JSON.parse(readFileSync(path.join(dir, "mapping.json"), "utf8")) as {
    columns: Record<string, string>;
    delimiter: string;
  };
  const header = Object.fromEntries(Object.entries(mapping.columns).map(([h, f]) => [f, h]));
  const rows = parse(readFileSync(path.join(dir, "exports", "transactions.csv")), {
    columns: true,
    delimiter: mapping.delimiter,
  }) as Record<string, string>[];
  return rows.map((r) => {
    const ts = r[header.ts!]!;
    expect(ts).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    return {
      id: r[header.txId!]!,
      from: `${r[header.fromBank!]}:${r[header.fromAccount!]}`,
      to: `${r[header.toBank!]}:${r[header.toAccount!]}`,
      cents: Math.round(Number(r[header.amount!]) * 100),
      ts: Date.parse(ts),
      currency: r[header.currency!]!,
    };
  });
}

function hashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const f of readdirSync(d).sort()) {
      const p = path.join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else out[path.relative(dir, p)] = createHash("sha256").update(readFileSync(p)).digest("hex");
    }
  };
  walk(dir);
  return out;
}

/** Every cut kept on a hop lies in [0, maxCut]: out/in within [1 - maxCut, 1] (1 cent of rounding allowed). */
function expectForwarded(inCents: number, outCents: number, maxCut: number) {
  expect(outCents).toBeLessThanOrEqual(inCents);
  expect(outCents).toBeGreaterThanOrEqual(Math.floor(inCents * (1 - maxCut)) - 1);
}

const ACCOUNTS = 6000;
let dir: string;
let truth: Truth;
let txs: Tx[];
let byId: Map<string, Tx>;

beforeAll(async () => {
  dir = fresh();
  await generateCase({ out: dir, seed: 11, accounts: ACCOUNTS, world: "aml" });
  truth = JSON.parse(readFileSync(path.join(dir, "truth.json"), "utf8")) as Truth;
  txs = readRegister(dir);
  byId = new Map(txs.map((t) => [t.id, t]));
});

describe("the aml world's register", () => {
  it("is one bank's USD register with numeric 8–12 digit account numbers, unique references, in time order", () => {
    expect(txs.length).toBe(truth.counts.transfers);
    expect(byId.size).toBe(txs.length);
    const banks = new Set(txs.flatMap((t) => [t.from.split(":")[0], t.to.split(":")[0]]));
    expect(banks.size).toBe(1);
    for (const t of txs.slice(0, 2000)) {
      expect(t.from).toMatch(/^\d+:[1-9]\d{7,11}$/);
      expect(t.currency).toBe("USD");
      expect(t.cents).toBeGreaterThan(0);
      expect(t.from).not.toBe(t.to);
    }
    const outOfOrder = txs.findIndex((t, i) => i > 0 && t.ts < txs[i - 1]!.ts);
    expect(outOfOrder).toBe(-1);
    expect(truth.generator.world).toBe("aml");
    expect(Object.keys(truth.rings)).toHaveLength(0);
    expect(Object.keys(truth.complaints)).toHaveLength(0);
  });

  it("labels every account with role, typologies and laundering, by the documented rule", () => {
    const seen = new Set(txs.flatMap((t) => [t.from, t.to]));
    expect(new Set(Object.keys(truth.accounts))).toEqual(seen);
    const inSchemes = new Map<string, Set<string>>();
    const hubs = new Set<string>();
    const schemeCount = new Map<string, number>();
    for (const s of Object.values(truth.schemes!)) {
      for (const a of s.accounts) {
        inSchemes.set(a, (inSchemes.get(a) ?? new Set()).add(s.typology));
        schemeCount.set(a, (schemeCount.get(a) ?? 0) + 1);
      }
      s.hubs.forEach((h) => hubs.add(h));
    }
    for (const [key, a] of Object.entries(truth.accounts)) {
      const t = inSchemes.get(key);
      expect(a.laundering).toBe(t !== undefined);
      expect(new Set(a.typologies)).toEqual(t ?? new Set());
      expect(a.schemes?.length ?? 0).toBe(schemeCount.get(key) ?? 0);
      for (const id of a.schemes ?? []) expect(truth.schemes![id]!.accounts).toContain(key);
      expect(a.role).toBe(t ? (hubs.has(key) ? "hub" : "drop") : "ordinary");
      if (a.laundering) expect(a.hardNegative).toBe(false);
      expect(a.hardNegative).toBe(a.hardNegativeKind !== undefined);
    }
  });

  it("puts 0.5–2% of accounts (at least one scheme of each typology) in laundering, some in more than one scheme", () => {
    const laundering = Object.values(truth.accounts).filter((a) => a.laundering);
    expect(laundering.length / truth.counts.accounts).toBeGreaterThanOrEqual(0.004);
    expect(laundering.length / truth.counts.accounts).toBeLessThanOrEqual(0.025);
    const schemesPerAccount = new Map<string, number>();
    for (const s of Object.values(truth.schemes!))
      for (const a of s.accounts) schemesPerAccount.set(a, (schemesPerAccount.get(a) ?? 0) + 1);
    expect([...schemesPerAccount.values()].some((n) => n > 1)).toBe(true);
    const typologies = new Set(Object.values(truth.schemes!).map((s) => s.typology));
    expect([...typologies].sort()).toEqual([
      "bipartite",
      "cycle",
      "fan_in",
      "fan_out",
      "gather_scatter",
      "random",
      "scatter_gather",
      "stack",
    ]);
  });

  it("gives laundering accounts ordinary traffic of their own beside their schemes", () => {
    const schemeTx = new Set(Object.values(truth.schemes!).flatMap((s) => s.txIds));
    const launderers = new Set(
      Object.entries(truth.accounts)
        .filter(([, a]) => a.laundering)
        .map(([k]) => k),
    );
    const withOther = new Set<string>();
    for (const t of txs)
      if (!schemeTx.has(t.id)) for (const k of [t.from, t.to]) if (launderers.has(k)) withOther.add(k);
    expect(withOther.size / launderers.size).toBeGreaterThan(0.4);
  });
});

describe("every planted scheme, read from the emitted transfers", () => {
  const maxCut = () => truth.planted.retentionMax;
  const schemes = () => Object.entries(truth.schemes!);
  const txsOf = (ids: string[]) => ids.map((id) => byId.get(id)!);

  it("has 3–50 accounts, only transfers among them, and a period under 30 days", () => {
    for (const [id, s] of schemes()) {
      expect(s.accounts.length, id).toBeGreaterThanOrEqual(3);
      expect(s.accounts.length, id).toBeLessThanOrEqual(50);
      expect(new Set(s.accounts).size, id).toBe(s.accounts.length);
      const members = new Set(s.accounts);
      const ts = txsOf(s.txIds);
      for (const t of ts) expect(members.has(t.from) && members.has(t.to), id).toBe(true);
      const involved = new Set(ts.flatMap((t) => [t.from, t.to]));
      expect(involved, id).toEqual(members);
      expect(s.to - s.from, id).toBeLessThanOrEqual(31 * 86_400_000);
      expect(s.from).toBe(ts[0]!.ts);
    }
  });

  it("differ in size, period and cut: a handful of accounts to dozens, hours to days, cuts from none to over 5%", () => {
    const all = schemes().map(([, s]) => s);
    expect(Math.min(...all.map((s) => s.accounts.length))).toBeLessThanOrEqual(4);
    expect(new Set(all.map((s) => s.accounts.length)).size).toBeGreaterThanOrEqual(4);
    const periods = all.map((s) => s.to - s.from);
    expect(Math.min(...periods)).toBeLessThan(86_400_000);
    expect(Math.max(...periods)).toBeGreaterThan(3 * 86_400_000);
    // The cut each forwarding account kept: hop by hop in chains, per intermediary otherwise.
    const cuts: number[] = [];
    for (const s of all) {
      const ts = txsOf(s.txIds);
      if (s.typology === "cycle" || s.typology === "random")
        for (let i = 1; i < ts.length; i++) cuts.push(1 - ts[i]!.cents / ts[i - 1]!.cents);
      if (s.typology === "scatter_gather" || s.typology === "gather_scatter" || s.typology === "stack") {
        const senders = new Set(ts.map((t) => t.from));
        for (const a of new Set(ts.map((t) => t.to)))
          if (senders.has(a))
            cuts.push(1 - sum(ts.filter((t) => t.from === a)) / sum(ts.filter((t) => t.to === a)));
      }
    }
    expect(Math.min(...cuts)).toBeLessThan(0.02);
    expect(Math.max(...cuts)).toBeGreaterThan(0.05);
  });

  it("fan-in: every other member pays the one hub; fan-out: one member pays every other", () => {
    for (const [id, s] of schemes()) {
      const ts = txsOf(s.txIds);
      if (s.typology === "fan_in") {
        expect(s.hubs, id).toHaveLength(1);
        expect(new Set(ts.map((t) => t.to)), id).toEqual(new Set(s.hubs));
        expect(new Set(ts.map((t) => t.from)).size, id).toBe(s.accounts.length - 1);
      }
      if (s.typology === "fan_out") {
        expect(s.hubs, id).toHaveLength(0);
        expect(new Set(ts.map((t) => t.from)).size, id).toBe(1);
        expect(new Set(ts.map((t) => t.to)).size, id).toBe(s.accounts.length - 1);
      }
    }
  });

  it("gather-scatter: the hub pays out only after its last inflow, what came in less a cut of at most 15%", () => {
    for (const [id, s] of schemes().filter(([, x]) => x.typology === "gather_scatter")) {
      const hub = s.hubs[0]!;
      const ts = txsOf(s.txIds);
      const ins = ts.filter((t) => t.to === hub);
      const outs = ts.filter((t) => t.from === hub);
      expect(ins.length + outs.length, id).toBe(ts.length);
      expect(ins.length, id).toBeGreaterThan(0);
      expect(outs.length, id).toBeGreaterThan(0);
      expect(Math.min(...outs.map((t) => t.ts)), id).toBeGreaterThan(Math.max(...ins.map((t) => t.ts)));
      expectForwarded(sum(ins), sum(outs), maxCut());
    }
  });

  it("scatter-gather: each intermediary receives from the source and forwards later to the hub, less its cut", () => {
    for (const [id, s] of schemes().filter(([, x]) => x.typology === "scatter_gather")) {
      const hub = s.hubs[0]!;
      const source = s.accounts[0]!;
      const ts = txsOf(s.txIds);
      for (const mid of s.accounts.filter((a) => a !== hub && a !== source)) {
        const inn = ts.filter((t) => t.to === mid);
        const out = ts.filter((t) => t.from === mid);
        expect(
          inn.map((t) => t.from),
          id,
        ).toEqual([source]);
        expect(
          out.map((t) => t.to),
          id,
        ).toEqual([hub]);
        expect(out[0]!.ts, id).toBeGreaterThan(inn[0]!.ts);
        expectForwarded(inn[0]!.cents, out[0]!.cents, maxCut());
      }
    }
  });

  it("cycle and random chain: each hop leaves the account the last one reached, later, with the amount less a cut", () => {
    for (const [id, s] of schemes().filter(([, x]) => x.typology === "cycle" || x.typology === "random")) {
      const ts = txsOf(s.txIds);
      for (let i = 1; i < ts.length; i++) {
        expect(ts[i]!.from, id).toBe(ts[i - 1]!.to);
        expect(ts[i]!.ts, id).toBeGreaterThan(ts[i - 1]!.ts);
        expectForwarded(ts[i - 1]!.cents, ts[i]!.cents, maxCut());
      }
      if (s.typology === "cycle") {
        expect(ts[ts.length - 1]!.to, id).toBe(ts[0]!.from);
        expect(ts.length, id).toBe(s.accounts.length);
      } else expect(ts.length, id).toBeGreaterThanOrEqual(s.accounts.length - 1);
    }
  });

  it("bipartite: senders and receivers are two disjoint sets", () => {
    for (const [id, s] of schemes().filter(([, x]) => x.typology === "bipartite")) {
      const ts = txsOf(s.txIds);
      const senders = new Set(ts.map((t) => t.from));
      for (const t of ts) expect(senders.has(t.to), id).toBe(false);
    }
  });

  it("bipartite: as in AMLSim, at least two senders each pay every one of at least two receivers", () => {
    for (const [id, s] of schemes().filter(([, x]) => x.typology === "bipartite")) {
      const ts = txsOf(s.txIds);
      const senders = new Set(ts.map((t) => t.from));
      const receivers = new Set(ts.map((t) => t.to));
      expect(senders.size, id).toBeGreaterThanOrEqual(2);
      expect(receivers.size, id).toBeGreaterThanOrEqual(2);
      const pairs = new Set(ts.map((t) => `${t.from}>${t.to}`));
      expect(pairs.size, id).toBe(senders.size * receivers.size);
    }
  });

  it("stack: as in AMLSim, every account of a layer pays every account of the next (three layers, stacked bipartite)", () => {
    for (const [id, s] of schemes().filter(([, x]) => x.typology === "stack")) {
      const ts = txsOf(s.txIds);
      const senders = new Set(ts.map((t) => t.from));
      const receivers = new Set(ts.map((t) => t.to));
      const first = [...senders].filter((a) => !receivers.has(a));
      const middle = [...senders].filter((a) => receivers.has(a));
      const last = [...receivers].filter((a) => !senders.has(a));
      expect(first.length + middle.length + last.length, id).toBe(s.accounts.length);
      const pairs = new Set(ts.map((t) => `${t.from}>${t.to}`));
      for (const x of first) for (const y of middle) expect(pairs.has(`${x}>${y}`), id).toBe(true);
      for (const y of middle) for (const z of last) expect(pairs.has(`${y}>${z}`), id).toBe(true);
      expect(pairs.size, id).toBe(first.length * middle.length + middle.length * last.length);
    }
  });

  it("stack: a middle layer forwards only after its last inflow, what came in less a cut", () => {
    for (const [id, s] of schemes().filter(([, x]) => x.typology === "stack")) {
      const ts = txsOf(s.txIds);
      const senders = new Set(ts.map((t) => t.from));
      const receivers = new Set(ts.map((t) => t.to));
      const middle = [...senders].filter((a) => receivers.has(a));
      expect(middle.length, id).toBeGreaterThan(0);
      for (const m of middle) {
        const ins = ts.filter((t) => t.to === m);
        const outs = ts.filter((t) => t.from === m);
        expect(Math.min(...outs.map((t) => t.ts)), id).toBeGreaterThan(Math.max(...ins.map((t) => t.ts)));
        expectForwarded(sum(ins), sum(outs), maxCut());
        // Three layers: what a middle account pays reaches accounts that pay nothing on.
        for (const t of outs) expect(senders.has(t.to), id).toBe(false);
      }
    }
  });
});

const sum = (ts: Tx[]) => ts.reduce((s, t) => s + t.cents, 0);

describe("the aml world's hard negatives", () => {
  it("are labelled with their kind and include payroll fan-out, merchant, rent and crowdfunding fan-in", () => {
    const kinds = new Map<string, string[]>();
    for (const [k, a] of Object.entries(truth.accounts))
      if (a.hardNegative) kinds.set(a.hardNegativeKind!, [...(kinds.get(a.hardNegativeKind!) ?? []), k]);
    expect([...kinds.keys()].sort()).toEqual([
      "crowdfunding",
      "errand",
      "family",
      "merchant",
      "own_transfer",
      "pass_through",
      "payroll",
      "rent",
      "savings_club",
      "utility",
    ]);
    const outDeg = new Map<string, Set<string>>();
    const inDeg = new Map<string, Set<string>>();
    for (const t of txs) {
      outDeg.set(t.from, (outDeg.get(t.from) ?? new Set()).add(t.to));
      inDeg.set(t.to, (inDeg.get(t.to) ?? new Set()).add(t.from));
    }
    const most = (keys: string[], deg: Map<string, Set<string>>) =>
      Math.max(...keys.map((k) => deg.get(k)?.size ?? 0));
    expect(most(kinds.get("payroll")!, outDeg)).toBeGreaterThanOrEqual(20);
    expect(most(kinds.get("merchant")!, inDeg)).toBeGreaterThanOrEqual(20);
    expect(most(kinds.get("crowdfunding")!, inDeg)).toBeGreaterThanOrEqual(10);
    expect(most(kinds.get("rent")!, inDeg)).toBeGreaterThanOrEqual(3);
  });

  it("have heavy-tailed in-degrees: the busiest merchant has many times the median merchant's payers", () => {
    const payers = new Map<string, Set<string>>();
    for (const t of txs) payers.set(t.to, (payers.get(t.to) ?? new Set()).add(t.from));
    const merchants = Object.entries(truth.accounts)
      .filter(([, a]) => a.hardNegativeKind === "merchant")
      .map(([k]) => payers.get(k)?.size ?? 0)
      .sort((a, b) => a - b);
    const median = merchants[merchants.length >> 1]!;
    expect(merchants[merchants.length - 1]!).toBeGreaterThan(5 * Math.max(1, median));
  });

  it("include a crowdfunding pot paid out once, at most 10% below what came in", () => {
    const collectors = Object.entries(truth.accounts)
      .filter(([, a]) => a.hardNegativeKind === "crowdfunding")
      .map(([k]) => k);
    let found = 0;
    for (const c of collectors) {
      const wires = txs.filter((t) => t.from === c && t.cents >= 100_000);
      const ins = txs.filter((t) => t.to === c);
      for (const w of wires) {
        const before = sum(ins.filter((t) => t.ts < w.ts && t.ts > w.ts - 15 * 86_400_000));
        if (w.cents <= before && w.cents >= before * 0.85) found++;
      }
    }
    expect(found).toBeGreaterThan(0);
  });
});

describe("the aml world's errands", () => {
  const runners = () =>
    Object.entries(truth.accounts)
      .filter(([, a]) => a.hardNegativeKind === "errand")
      .map(([k]) => k);

  it("has people who pass a sum on to someone else within three days of receiving it, none of them laundering", () => {
    const all = runners();
    expect(all.length).toBeGreaterThan(0);
    for (const k of all) expect(truth.accounts[k]!.laundering).toBe(false);
    let passed = 0;
    for (const k of all) {
      const ins = txs.filter((t) => t.to === k);
      const outs = txs.filter((t) => t.from === k);
      if (ins.some((i) => outs.some((o) => o.to !== i.from && o.ts > i.ts && o.ts - i.ts <= 3 * 86_400_000)))
        passed++;
    }
    expect(passed).toBeGreaterThan(0.8 * all.length);
  });

  it("gives runners friends who pay them and whom they pay besides, so not every errand is a one-off pair", () => {
    let both = 0;
    for (const k of runners()) {
      const paid = new Set(txs.filter((t) => t.from === k).map((t) => t.to));
      if (txs.some((t) => t.to === k && paid.has(t.from))) both++;
    }
    expect(both).toBeGreaterThan(0.3 * runners().length);
  });
});

describe("the aml world through the real ingest pipeline", () => {
  let summary: IngestSummary;
  const transfers = new Map<string, TransferRecord>();
  const accounts = new Set<string>();
  beforeAll(async () => {
    const mapping = await readMappingFile(path.join(dir, "mapping.json"));
    summary = await ingestFiles([path.join(dir, "exports", "transactions.csv")], {
      mapping,
      onBatch: async (batch) => {
        for (const r of batch)
          if (r.kind === "transfer") transfers.set(r.txId, r);
          else if (r.kind === "account") accounts.add(r.key);
      },
    });
  });

  it("accepts every row with the written mapping: no reject, no duplicate", () => {
    expect(summary.totals.rejected).toBe(0);
    expect(summary.totals.duplicates).toBe(0);
    expect(summary.totals.accepted).toBe(truth.counts.transfers);
  });

  it("keys the accounts as truth does and keeps every scheme transfer's amount, currency and instant", () => {
    expect(accounts).toEqual(new Set(Object.keys(truth.accounts)));
    for (const s of Object.values(truth.schemes!))
      for (const id of s.txIds) {
        const r = transfers.get(id)!;
        const t = byId.get(id)!;
        expect(r.from).toBe(t.from);
        expect(r.to).toBe(t.to);
        expect(Math.round(r.amount * 100)).toBe(t.cents);
        expect(r.currency).toBe("USD");
        expect(r.ts).toBe(t.ts);
      }
  });
});

describe("the aml world's determinism and options", () => {
  it("writes byte-identical files for the same arguments and a differently drawn world for another seed", async () => {
    const [a, b, c] = [fresh(), fresh(), fresh()];
    await generateCase({ out: a, seed: 4, accounts: 800, days: 45, world: "aml" });
    await generateCase({ out: b, seed: 4, accounts: 800, days: 45, world: "aml" });
    await generateCase({ out: c, seed: 5, accounts: 800, days: 45, world: "aml" });
    const ha = hashes(a);
    expect(Object.keys(ha).sort()).toEqual(["exports/transactions.csv", "mapping.json", "truth.json"]);
    expect(hashes(b)).toEqual(ha);
    const ta = JSON.parse(readFileSync(path.join(a, "truth.json"), "utf8")) as Truth;
    const tc = JSON.parse(readFileSync(path.join(c, "truth.json"), "utf8")) as Truth;
    const shape = (t: Truth) =>
      JSON.stringify([t.counts.transfers, t.counts.laundering, t.counts.schemes, Object.keys(t.accounts)[0]]);
    expect(shape(tc)).not.toBe(shape(ta));
  });

  it("writes another currency in its own magnitudes, the same world otherwise, and refuses a non-ISO one", async () => {
    const [usd, eur] = [fresh(), fresh()];
    await generateCase({ out: usd, seed: 2, accounts: 300, days: 30, world: "aml" });
    await generateCase({ out: eur, seed: 2, accounts: 300, days: 30, world: "aml", currency: "eur" });
    const [a, b] = [readRegister(usd), readRegister(eur)];
    expect(new Set(b.map((t) => t.currency))).toEqual(new Set(["EUR"]));
    expect(b.map((t) => [t.id, t.from, t.to, t.ts])).toEqual(a.map((t) => [t.id, t.from, t.to, t.ts]));
    const ratios = b.map((t, i) => t.cents / a[i]!.cents).filter((_, i) => a[i]!.cents >= 10_000);
    expect(Math.min(...ratios)).toBeGreaterThan(0.9);
    expect(Math.max(...ratios)).toBeLessThan(0.94);
    await expect(
      generateCase({ out: fresh(), seed: 2, accounts: 300, world: "aml", currency: "XYZ" }),
    ).rejects.toBeInstanceOf(GeneratorOptionsError);
  });

  it("is what `mulegraph generate --world aml` writes, and an unknown world is a usage error", async () => {
    const ctx: CliContext = {
      json: true,
      env: {} as CliContext["env"],
      store: () => Promise.reject(new Error("generate must not open a store")),
      say: () => undefined,
      emit: () => undefined,
    };
    const d = fresh();
    expect(
      await run(["--out", d, "--seed", "3", "--accounts", "300", "--world", "aml", "--days=30"], ctx),
    ).toBe(0);
    expect(Object.keys(hashes(d)).sort()).toEqual(["exports/transactions.csv", "mapping.json", "truth.json"]);
    await expect(run(["--out", fresh(), "--world", "mars"], ctx)).rejects.toBeInstanceOf(UsageError);
  });
});
