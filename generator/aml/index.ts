/**
 * The second generated world ("aml"): one bank's transfer register in the layout of another system (English
 * AMLSim-style headers, numeric account numbers, UTC ISO times, one currency, USD by default), with laundering
 * schemes of the standard typologies hidden in background traffic that has its own legitimate fan-in and fan-out.
 * No complaints, no personal identifiers, no cash or crypto exits, no watch-list: only transfers. Writes
 * `<out>/exports/transactions.csv`, `<out>/mapping.json` (the `--mapping` file that lets ingest read the register
 * without header recognition) and `<out>/truth.json`. Deterministic per seed; every proportion is drawn per seed.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { CsvWriter } from "../csv-writer.js";
import { Rng } from "../prng.js";
import type { GenerateSummary, Truth, TruthAccount, TruthScheme, Typology } from "../types.js";
import { emitBackground } from "./background.js";
import { emitErrands } from "./errands.js";
import { AmlClock } from "./clock.js";
import { AmlLedger, TX_TYPES } from "./ledger.js";
import { buildPopulation } from "./population.js";
import { emitSchemes, SCHEME_BOUNDS, TYPOLOGIES } from "./schemes.js";

export { TYPOLOGIES, SCHEME_BOUNDS } from "./schemes.js";

/** Register columns, in file order, and the canonical register field each maps to (docs/FORMATS.md). */
export const AML_REGISTER_COLUMNS = [
  ["tran_id", "txId"],
  ["orig_bank", "fromBank"],
  ["orig_acct", "fromAccount"],
  ["bene_bank", "toBank"],
  ["bene_acct", "toAccount"],
  ["tx_type", "channel"],
  ["base_amt", "amount"],
  ["currency", "currency"],
  ["tran_timestamp", "ts"],
] as const;

export const AML_REGISTER_FILE = "transactions.csv";

/**
 * Rough units of a currency per US dollar (2024), so that a register in yen or tenge has the magnitudes people pay in
 * that currency; the world is planned in dollars and scaled when written. Currencies not listed are written 1:1.
 */
export const UNITS_PER_USD: Readonly<Record<string, number>> = {
  USD: 1, EUR: 0.92, GBP: 0.79, CHF: 0.88, CAD: 1.36, AUD: 1.5, SEK: 10.5, NOK: 10.6, PLN: 4,
  JPY: 150, CNY: 7.2, INR: 83, BRL: 5, MXN: 17, TRY: 32, RUB: 90, KZT: 470, UZS: 12_500,
}; // prettier-ignore

export interface AmlOptions {
  out: string;
  seed: number;
  accounts: number;
  days: number;
  start: string;
  currency: string;
}

/** Generate the "aml" world into `exportsDir` / `truthPath` (the caller checked the folder is free). */
export async function generateAmlCase(
  opts: AmlOptions,
  exportsDir: string,
  truthPath: string,
  version: number,
): Promise<GenerateSummary> {
  const started = performance.now();
  const phases: Record<string, number> = {};
  let mark = started;
  const phase = (name: string) => {
    const now = performance.now();
    phases[name] = Math.round(now - mark);
    mark = now;
  };

  const world = new Rng(opts.seed, 101);
  const launderingShare = world.range(0.005, 0.02);
  const target = Math.max(24, Math.round(opts.accounts * launderingShare));
  const pop = buildPopulation(new Rng(opts.seed, 102), opts.accounts, target);
  const clock = new AmlClock(opts.start, opts.days, world);
  phase("cast");
  const ledger = new AmlLedger();
  emitBackground(pop, clock, new Rng(opts.seed, 103), ledger);
  const schemes = emitSchemes(pop, clock, new Rng(opts.seed, 104), ledger, target);
  emitErrands(pop, clock, new Rng(opts.seed, 105), ledger, new Set(schemes.flatMap((s) => s.accounts)));
  phase("simulate");

  // The register, in time order; a row's reference is its position.
  const order = ledger.timeOrder();
  const ref = new Int32Array(ledger.length);
  const file = path.join(exportsDir, AML_REGISTER_FILE);
  const writer = new CsvWriter(file, "utf8", "\n", ",");
  writer.line(AML_REGISTER_COLUMNS.map(([h]) => h).join(","));
  const seen = new Uint8Array(pop.keys.length);
  const bank = pop.bank;
  const currency = opts.currency;
  const unit = UNITS_PER_USD[currency] ?? 1;
  // Rows come in time order, so the "YYYY-MM-DDTHH:MM:" prefix is formatted once per minute; cells go to the writer
  // as separate strings (no per-row concatenation for the garbage collector to flatten).
  let minute = -1;
  let prefix = "";
  const cells: string[] = ["", bank, "", bank, "", "", "", currency, ""];
  const columns = cells.map((_, c) => c);
  const seconds = Array.from({ length: 60 }, (_, s) => `${s < 10 ? "0" : ""}${s}Z`);
  for (let i = 0; i < order.length; i++) {
    const row = order[i]!;
    ref[row] = i + 1;
    const from = ledger.from[row]!;
    const to = ledger.to[row]!;
    seen[from] = 1;
    seen[to] = 1;
    const ts = ledger.ts[row]!;
    const sec = ts % 60;
    if (ts - sec !== minute) {
      minute = ts - sec;
      prefix = new Date(minute * 1000).toISOString().slice(0, 17);
    }
    cells[0] = String(i + 1);
    cells[2] = pop.numbers[from]!;
    cells[4] = pop.numbers[to]!;
    cells[5] = TX_TYPES[ledger.type[row]!]!;
    // Rounding after scaling is monotonic, so a forwarded amount never exceeds what was received.
    cells[6] = (
      unit === 1 ? ledger.cents[row]! / 100 : Math.max(1, Math.round(ledger.cents[row]! * unit)) / 100
    ).toFixed(2);
    cells[8] = prefix + seconds[sec]!;
    writer.rowPicked(cells, columns);
    if (writer.backlog > 1 << 24) await writer.drain();
  }
  await writer.close();
  writeFileSync(
    path.join(opts.out, "mapping.json"),
    JSON.stringify(
      {
        kind: "register",
        encoding: "utf8",
        delimiter: ",",
        columns: Object.fromEntries(AML_REGISTER_COLUMNS),
      },
      null,
      2,
    ) + "\n",
  );
  phase("write");

  // Truth: roles by a fixed rule (docs/GENERATOR.md): "hub" for an account a scheme's money converges on, "drop"
  // for every other laundering account, "ordinary" otherwise.
  const typologies = new Map<number, Set<Typology>>();
  const schemeIds = new Map<number, string[]>();
  const hubs = new Set<number>();
  const schemeOut: Record<string, TruthScheme> = {};
  schemes.forEach((s, i) => {
    const id = `S${String(i + 1).padStart(4, "0")}`;
    for (const a of s.accounts) {
      const ids = schemeIds.get(a);
      if (ids) ids.push(id);
      else schemeIds.set(a, [id]);
      let t = typologies.get(a);
      if (!t) typologies.set(a, (t = new Set()));
      t.add(s.typology);
    }
    for (const h of s.hubs) hubs.add(h);
    const rows = s.rows.slice().sort((x, y) => ref[x]! - ref[y]!);
    schemeOut[id] = {
      typology: s.typology,
      accounts: s.accounts.map((a) => pop.keys[a]!),
      hubs: s.hubs.map((a) => pop.keys[a]!),
      txIds: rows.map((r) => String(ref[r])),
      from: ledger.ts[rows[0]!]! * 1000,
      to: ledger.ts[rows[rows.length - 1]!]! * 1000,
    };
  });
  const accounts: Record<string, TruthAccount> = {};
  let laundering = 0;
  let hardNegatives = 0;
  for (let a = 0; a < pop.keys.length; a++) {
    if (!seen[a]) continue;
    const t = typologies.get(a);
    const kind = pop.hardNegative[a];
    const entry: TruthAccount = {
      role: t ? (hubs.has(a) ? "hub" : "drop") : "ordinary",
      ring: null,
      hardNegative: !t && kind !== null,
      bank,
      typologies: t ? TYPOLOGIES.filter((x) => t.has(x)) : [],
      laundering: t !== undefined,
    };
    if (entry.hardNegative) {
      entry.hardNegativeKind = kind!;
      hardNegatives++;
    }
    if (t) {
      entry.schemes = schemeIds.get(a)!;
      laundering++;
    }
    accounts[pop.keys[a]!] = entry;
  }
  const period = { from: ledger.ts[order[0]!]! * 1000, to: ledger.ts[order[order.length - 1]!]! * 1000 };
  const truth: Truth = {
    generator: {
      version,
      seed: opts.seed,
      accounts: opts.accounts,
      days: opts.days,
      start: opts.start,
      world: "aml",
      currency,
    },
    planted: {
      retentionMin: 0,
      retentionMax: SCHEME_BOUNDS.maxCut,
      forwardWithinHours: SCHEME_BOUNDS.maxPeriodDays * 24,
      complaintDelayDays: [0, 0],
    },
    period,
    counts: {
      accounts: Object.keys(accounts).length,
      transfers: ledger.length,
      withdrawals: 0,
      complaints: 0,
      persons: 0,
      companies: 0,
      cards: 0,
      rings: 0,
      victims: 0,
      watchlist: 0,
      statements: 0,
      registerRows: ledger.length,
      statementRows: 0,
      linkageRows: 0,
      files: 1,
      laundering,
      hardNegatives,
      schemes: schemes.length,
    },
    accounts,
    rings: {},
    complaints: {},
    files: [
      { name: AML_REGISTER_FILE, kind: "register", encoding: "utf8", rows: writer.rows, bytes: writer.bytes },
    ],
    schemes: schemeOut,
  };
  writeFileSync(truthPath, JSON.stringify(truth, null, 1) + "\n");
  phase("truth");
  return {
    out: opts.out,
    exportsDir,
    truthPath,
    counts: truth.counts,
    files: 1,
    bytes: writer.bytes,
    ms: Math.round(performance.now() - started),
    phases,
  };
}
