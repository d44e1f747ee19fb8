/**
 * The synthetic case generator: `generateCase` builds a cast, simulates the period day by day (ordinary traffic
 * and planted fraud rings), allocates the complaints' money by FIFO over what it emitted, and writes the bank
 * exports plus truth.json. Deterministic: the same options give byte-identical files.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Calendar, emitted, localMidnightUtc, localParts } from "./almaty-time.js";
import { BANKS, isForeignBank } from "./banks.js";
import { buildCast, type Victim } from "./cast.js";
import { writeExports, type ComplaintOut } from "./exports.js";
import { fifoAllocate } from "./fifo.js";
import { buildLinkage } from "./linkage.js";
import { OrdinaryTraffic } from "./ordinary.js";
import { Rng } from "./prng.js";
import { GeneratorInvariantError, RingTraffic } from "./rings.js";
import { buildTruth, GENERATOR_VERSION } from "./truth.js";
import type { GenerateOptions, GenerateSummary } from "./types.js";
import { World } from "./world.js";
import { generateAmlCase } from "./aml/index.js";

export type {
  GenerateOptions,
  GenerateSummary,
  Truth,
  TruthAccount,
  TruthComplaint,
  TruthRing,
  Scheme,
  TruthScheme,
  Typology,
  World as WorldName,
} from "./types.js";
export { TYPOLOGIES, AML_REGISTER_COLUMNS, AML_REGISTER_FILE, UNITS_PER_USD } from "./aml/index.js";
export { GeneratorInvariantError } from "./rings.js";

/** Bad generator options (size, dates, an output folder that already holds a case). */
export class GeneratorOptionsError extends Error {
  override name = "GeneratorOptionsError";
}

export const DEFAULT_DAYS = 90;
export const DEFAULT_START = "2024-01-15";

/** Check options and fill defaults; throws GeneratorOptionsError naming the bad option. */
export function resolveOptions(o: GenerateOptions): Required<GenerateOptions> {
  const days = o.days ?? DEFAULT_DAYS;
  const start = o.start ?? DEFAULT_START;
  if (!Number.isSafeInteger(o.seed))
    throw new GeneratorOptionsError(`generator: seed ${o.seed} is not an integer`);
  if (!Number.isInteger(o.accounts) || o.accounts < 100 || o.accounts > 5_000_000)
    throw new GeneratorOptionsError(
      `generator: accounts ${o.accounts} must be an integer from 100 to 5000000`,
    );
  if (!Number.isInteger(days) || days < 30 || days > 730)
    throw new GeneratorOptionsError(`generator: days ${days} must be an integer from 30 to 730`);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(start);
  const asDate = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!asDate || asDate.toISOString().slice(0, 10) !== start)
    throw new GeneratorOptionsError(`generator: start "${start}" is not a date in YYYY-MM-DD form`);
  const world = o.world ?? "kazakh";
  if (world !== "kazakh" && world !== "aml")
    throw new GeneratorOptionsError(`generator: world "${String(world)}" must be "kazakh" or "aml"`);
  const currency = (o.currency ?? (world === "aml" ? "USD" : "KZT")).toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency) || !Intl.supportedValuesOf("currency").includes(currency))
    throw new GeneratorOptionsError(`generator: currency "${o.currency}" is not an ISO 4217 code`);
  if (world === "kazakh" && currency !== "KZT")
    throw new GeneratorOptionsError(`generator: the kazakh world is in KZT only (currency "${currency}")`);
  return { out: o.out, seed: o.seed, accounts: o.accounts, days, start, world, currency };
}

/** Generate a case into `options.out` (exports in `exports/`, answers in `truth.json`). */
export async function generateCase(options: GenerateOptions): Promise<GenerateSummary> {
  const started = performance.now();
  const phases: Record<string, number> = {};
  let mark = process.env.MULEGRAPH_GEN_CPU ? process.cpuUsage().user / 1000 : started;
  const phase = (name: string) => {
    const now = process.env.MULEGRAPH_GEN_CPU ? process.cpuUsage().user / 1000 : performance.now();
    phases[name] = Math.round(now - mark);
    mark = now;
  };
  const opts = resolveOptions(options);
  const exportsDir = path.join(opts.out, "exports");
  const truthPath = path.join(opts.out, "truth.json");
  if ((existsSync(exportsDir) && readdirSync(exportsDir).length > 0) || existsSync(truthPath))
    throw new GeneratorOptionsError(
      `generator: ${opts.out} already holds a case (exports/ or truth.json); choose an empty folder`,
    );
  mkdirSync(exportsDir, { recursive: true });
  if (opts.world === "aml") return generateAmlCase(opts, exportsDir, truthPath, GENERATOR_VERSION);

  const cal = new Calendar(opts.start, opts.days);
  const world = new World();
  const cast = buildCast(world, new Rng(opts.seed, 1), opts.accounts, cal);
  world.freeze();
  phase("cast");

  // Simulate day by day.
  const ordinary = new OrdinaryTraffic(world, cast, new Rng(opts.seed, 2));
  const rings = new RingTraffic(world, cast, new Rng(opts.seed, 3));
  rings.planAll();
  for (let d = 0; d < cal.days; d++) {
    ordinary.planDay(d);
    world.queue.runUntil(cal.at(d + 1, 0));
    if (d % 8 === 7) await new Promise((r) => setImmediate(r));
  }
  phase("simulate");

  // Planned ring members that never saw ring money, and victims the fraud never reached, are ordinary after all.
  for (const ring of cast.rings)
    for (const m of ring.members)
      if (m.received === 0) {
        const a = world.accounts[m.account]!;
        a.role = "ordinary";
        a.ring = -1;
        a.statement = false;
      }
  for (const v of cast.victims) if (v.seeds.length === 0) world.accounts[v.account]!.role = "ordinary";

  // Complaints: some victims report, 3 days to months after the last stolen payment.
  const complaintVictims = cast.victims.filter((v) => v.complaint && v.seeds.length > 0);
  const complaints: { out: ComplaintOut; victim: Victim }[] = complaintVictims.map((v, i) => {
    const first = world.ledger.ts[v.seeds[0]!]!;
    const last = world.ledger.ts[v.seeds[v.seeds.length - 1]!]!;
    const lp = localParts(last);
    const registeredAt = localMidnightUtc(lp.y, lp.mo, lp.d + v.registeredDelayDays);
    const lossTiyn = v.seeds.reduce((s, row) => s + world.ledger.amount[row]!, 0);
    const year = localParts(registeredAt).y % 100;
    return {
      victim: v,
      out: {
        caseNo: `${year}7511031${String(i + 1).padStart(6, "0")}`,
        registeredAt,
        incidentAt: first - (first % 60),
        victimAccount: v.account,
        lossTiyn,
        scheme: v.scheme,
      },
    };
  });

  // FIFO allocation over the emitted ledger.
  const seedOf = new Map<number, number>();
  complaints.forEach(({ victim }, c) => victim.seeds.forEach((row) => seedOf.set(row, c)));
  const L = world.ledger;
  const exitKey = (row: number): string | null => {
    const wallet = rings.walletPurposes.get(L.purpose[row]!);
    const to = L.to[row]!;
    if (to >= 0 && wallet !== undefined) return wallet;
    if (to < 0) return world.atms[-to - 1]!.id;
    const a = world.accounts[to]!;
    return a.watchlist || isForeignBank(BANKS[a.bank]!) ? a.key : null;
  };
  const fifo = fifoAllocate(
    {
      length: L.length,
      accounts: world.accounts.length,
      from: L.from,
      to: L.to,
      ts: L.ts,
      amount: L.amount,
      txId: (row) => world.txId(row),
      exitKey,
      seed: (row) => seedOf.get(row) ?? -1,
    },
    complaints.length,
  );
  fifo.shortfall.forEach((s, acc) => {
    if (s > 0 && !world.accounts[acc]!.openingBalance)
      throw new GeneratorInvariantError(
        `generator: ${world.accounts[acc]!.key} paid out ${s / 100} KZT it never received`,
      );
  });
  complaints.forEach(({ out }, c) => {
    let traced = 0;
    for (const v of fifo.exits[c]!.values()) traced += v;
    for (const v of fifo.holding[c]!.values()) traced += v;
    if (traced !== out.lossTiyn)
      throw new GeneratorInvariantError(
        `generator: complaint ${out.caseNo} traces ${traced} of ${out.lossTiyn} tiyn`,
      );
  });

  phase("fifo");

  // Files.
  const linkage = buildLinkage(world, cast, new Rng(opts.seed, 4));
  phase("linkage");
  const period = {
    from: L.length > 0 ? L.ts[0]! : emitted(cal.startVirtual),
    to: L.length > 0 ? L.ts[L.length - 1]! : emitted(cal.endVirtual),
  };
  const exported = await writeExports(
    world,
    exportsDir,
    linkage,
    complaints
      .map((c) => c.out)
      .sort((a, b) => a.registeredAt - b.registeredAt || (a.caseNo < b.caseNo ? -1 : 1)),
    period,
  );
  phase("write");
  const truth = buildTruth({
    world,
    cast,
    exported,
    fifo,
    complaints,
    exitKey,
    linkage,
    params: {
      version: GENERATOR_VERSION,
      seed: opts.seed,
      accounts: opts.accounts,
      days: opts.days,
      start: opts.start,
      world: "kazakh",
    },
    period,
  });
  const json = JSON.stringify(truth, null, 1) + "\n";
  writeFileSync(truthPath, json);
  phase("truth");
  return {
    out: opts.out,
    exportsDir,
    truthPath,
    counts: truth.counts,
    files: exported.files.length,
    bytes: exported.files.reduce((s, f) => s + f.bytes, 0),
    ms: Math.round(performance.now() - started),
    phases,
  };
}
