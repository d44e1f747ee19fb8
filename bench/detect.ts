/**
 * `npm run bench:detect`: drop-cluster detection scored against the generator's truth, and its speed.
 *
 * For each size (about 20k and 200k accounts) and seed (1, 2, 3): the case is generated and ingested into an
 * embedded store once, cached under .cache/bench-detect/s<seed>-a<accounts>/ (reruns only measure); then the
 * store's projection is read and detect() runs on it. Printed per case, for the full inputs and for the transfers
 * alone (no complaints, watch-list, identifiers or IBANs): precision / recall / F1 for drops and for hubs, the
 * adjusted Rand index of planted rings vs found clusters (written in test/analytics/detect/truth-score.ts;
 * graphology-metrics has none), how many of the top 10 clusters are real rings (majority of members in one ring),
 * hard negatives flagged, transfers, projection and detection time.
 * Reference, measured in the same process on the same projection: building a graphology graph of all transfers
 * aggregated per account pair (graph-projection.ts), the step docs/DETECTION.md names as the cost that dominates at
 * scale; the ratio says how many such builds one detect() costs.
 * Targets: F1 ≥ 0.9 for drops and for hubs, ≥ 9 of the top 10 clusters real, no hard negative flagged, 1M transfers
 * analysed in under 30 s.
 *
 *
 * The second world (`generate --world aml`: one bank's USD register, numeric accounts, no complaints, identifiers or
 * exits; docs/GENERATOR.md), for seeds the detectors were not developed on (pass fresh ones in BENCH_DETECT_AML_SEEDS:
 * docs/DETECTION.md § 8 lists those used in development): laundering-account precision / recall / F1 over all
 * typologies, recall per typology, hard negatives flagged (share of all hard negatives and by kind), and the same
 * timings. Targets: F1 ≥ 0.8, recall ≥ 0.7 for every typology, at most 1% of hard negatives flagged. At 20 000
 * accounts a typology is often one scheme of three to fifteen accounts in a seed; at 100 000 (the second default size)
 * each has dozens to hundreds, so recall per typology per seed means something there.
 *
 * Registers someone else's simulator made (BENCH_DETECT_OUTSIDE: comma-separated folders of AMLSim output, each with
 * its `transactions.csv` and, when the simulator wrote one, `alert_accounts.csv`; test/analytics/detect/outside-case.ts):
 * ingested as uploaded, no mapping; scored as the second world, against AMLSim's own SAR labels, its non-SAR alerts'
 * accounts counted as hard negatives. Run on their own with BENCH_DETECT_WORLDS=outside. The data is not in the repo.
 *
 * Env: BENCH_DETECT_WORLDS (default "kazakh,aml"; "outside" when BENCH_DETECT_OUTSIDE is set), BENCH_DETECT_SIZES (default "20000,200000"), BENCH_DETECT_SEEDS
 * (default "1,2,3"), BENCH_DETECT_AML_SIZES (default "20000,100000"), BENCH_DETECT_AML_SEEDS (default "101,102,103"),
 * BENCH_DETECT_CACHE (default .cache/bench-detect), BENCH_DETECT_LEARNED=1 to measure every case twice, rules alone and
 * rules + the learned scorer (setting learnedScorer; docs/DETECTION.md § "The learned scorer"), BENCH_DETECT_NO_STRAGGLERS=1
 * to measure every case also without the stragglers' model (setting stragglers; § "Stragglers"), BENCH_DETECT_PREPARE_ONLY=1 to generate and ingest the cases
 * without measuring (lets a long preparation run one case per `flock` so that other heavy jobs can interleave).
 * Run under `flock /tmp/heavy.lock`.
 */
import path from "node:path";
import { detect, type DetectParams } from "../server/analytics/detect/index.js";
import { buildAccountGraph } from "../server/analytics/graph-projection.js";
import { openEmbeddedStore } from "../server/store/embedded/index.js";
import type { GraphStore } from "../server/store/types.js";
import { runCaveats, type AnalysisResult, type Projection } from "../model/analysis.js";
import type { DataProfile } from "../server/analytics/detect/data-profile.js";
import {
  AML_CACHE_TAG,
  openCaseStore,
  prepareCase,
  type PreparedCase,
} from "../test/analytics/detect/generated-case.js";
import { prepareOutsideCase } from "../test/analytics/detect/outside-case.js";
import { transfersOnly } from "../test/analytics/detect/projection.fixtures.js";
import {
  scoreDetection,
  scoreLaundering,
  type DetectionScore,
  type LaunderingScore,
  type LaunderingTruthLike,
  type Prf,
} from "../test/analytics/detect/truth-score.js";

const list = (v: string | undefined, d: string) => (v ?? d).split(",").filter(Boolean);
const OUTSIDE = list(process.env.BENCH_DETECT_OUTSIDE, "");
const WORLDS = list(process.env.BENCH_DETECT_WORLDS, OUTSIDE.length ? "kazakh,aml,outside" : "kazakh,aml");
const SIZES = list(process.env.BENCH_DETECT_SIZES, "20000,200000").map(Number);
const SEEDS = list(process.env.BENCH_DETECT_SEEDS, "1,2,3").map(Number);
const AML_SIZES = list(process.env.BENCH_DETECT_AML_SIZES, "20000,100000").map(Number);
const AML_SEEDS = list(process.env.BENCH_DETECT_AML_SEEDS, "101,102,103").map(Number);
const CACHE = path.resolve(process.env.BENCH_DETECT_CACHE ?? ".cache/bench-detect");
/**
 * Settings each case is measured with: the defaults ("rules", stragglers included), with BENCH_DETECT_LEARNED=1 also
 * rules + scorer, with BENCH_DETECT_NO_STRAGGLERS=1 also the rules without the stragglers' model.
 */
const VARIANTS: { name: string; params: Partial<DetectParams> }[] = [
  { name: "rules", params: {} },
  ...(process.env.BENCH_DETECT_LEARNED ? [{ name: "rules + scorer", params: { learnedScorer: true } }] : []),
  ...(process.env.BENCH_DETECT_NO_STRAGGLERS
    ? [{ name: "rules without stragglers", params: { stragglers: false } }]
    : []),
];

interface Row {
  variant: string;
  size: number;
  seed: number;
  mode: "full" | "transfers only";
  accounts: number;
  transfers: number;
  projectionMs: number;
  detectMs: number;
  referenceMs: number;
  score: DetectionScore;
}

function log(line: string): void {
  process.stderr.write(`[bench:detect] ${line}\n`);
}

const f2 = (x: number) => x.toFixed(2);
const prf = (p: Prf) =>
  `P ${f2(p.precision)} R ${f2(p.recall)} F1 ${f2(p.f1)} (${p.hits}/${p.found}; ${p.truth} true)`;

function timed<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const out = fn();
  return [out, performance.now() - t];
}

function measure(
  c: PreparedCase,
  projection: Projection,
  projectionMs: number,
  size: number,
  seed: number,
  mode: Row["mode"],
  variant: (typeof VARIANTS)[number],
  rename?: Map<string, string>,
): Row {
  const [, referenceMs] = timed(() => buildAccountGraph(projection, { identifiers: false }));
  const [result, detectMs] = timed<AnalysisResult>(() => detect(projection, variant.params));
  const withdrawals = projection.transfers.filter((t) => t.atm).length;
  return {
    variant: variant.name,
    size,
    seed,
    mode,
    accounts: projection.accounts.length,
    transfers: projection.transfers.length - withdrawals,
    projectionMs,
    detectMs,
    referenceMs,
    score: scoreDetection(result, c.truth, { rename }),
  };
}

function print(r: Row): void {
  const s = r.score;
  console.log(`-- ${r.size} accounts requested, seed ${r.seed}, ${r.mode}, ${r.variant}`);
  console.log(`   ${r.accounts} accounts, ${r.transfers} transfers`);
  console.log(`   drops  ${prf(s.drops)}`);
  console.log(`   hubs   ${prf(s.hubs)}`);
  console.log(
    `   ARI ${f2(s.ari)}; top ${s.top} clusters: ${s.topReal} real rings; hard negatives flagged ${s.hardNegativesFlagged.length} of ${s.hardNegatives}`,
  );
  const analysis = r.projectionMs + r.detectMs;
  console.log(
    `   time: projection ${Math.round(r.projectionMs)} ms + detect ${Math.round(r.detectMs)} ms = ${Math.round(analysis)} ms` +
      ` (${f2((analysis / r.transfers) * 1000)} s per 1M transfers, detect alone ${f2((r.detectMs / r.transfers) * 1000)} s);` +
      ` reference graph build ${Math.round(r.referenceMs)} ms,` +
      ` detect ×${f2(r.detectMs / r.referenceMs)}`,
  );
  if (s.hardNegativesFlagged.length)
    console.log(`   flagged hard negatives: ${s.hardNegativesFlagged.slice(0, 10).join(", ")}`);
}

interface AmlRow {
  /** An outside register's folder name (the seed and size are then the account count and 0). */
  name?: string;
  variant: string;
  size: number;
  seed: number;
  accounts: number;
  transfers: number;
  projectionMs: number;
  detectMs: number;
  /** The typology stage alone (detect's own timings). */
  typologiesMs: number;
  /** The run's data profile and whether it carried the thin-history caveat (data-profile.ts). */
  profile: DataProfile;
  thin: boolean;
  score: LaunderingScore;
}

function printAml(r: AmlRow): void {
  const s = r.score;
  console.log(
    r.name
      ? `-- outside register ${r.name}, ${r.variant}`
      : `-- second world (aml), ${r.size} accounts requested, seed ${r.seed}, ${r.variant}`,
  );
  console.log(`   ${r.accounts} accounts, ${r.transfers} transfers`);
  console.log(
    `   data: ${r.profile.spanDays} days, ${(100 * r.profile.withoutRepeatShare).toFixed(1)}% of accounts without a repeat ` +
      `counterparty, ${(100 * r.profile.pairsOnceShare).toFixed(1)}% of pairs dealt once` +
      (r.thin ? "; the run carries the thin-history caveat" : ""),
  );
  console.log(`   laundering accounts ${prf(s.overall)}`);
  const per = Object.entries(s.recallByTypology)
    .sort((x, y) => (x[0] < y[0] ? -1 : 1))
    .map(([t, v]) => `${t} ${f2(v.recall)} (${v.hits}/${v.truth})`);
  console.log(`   recall per typology: ${per.join(", ")}`);
  const kinds = Object.entries(s.flaggedByKind).map(([k, v]) => `${k} ${v}`);
  console.log(
    `   hard negatives flagged ${s.hardNegativesFlagged.length} of ${s.hardNegatives}` +
      ` (${((100 * s.hardNegativesFlagged.length) / Math.max(1, s.hardNegatives)).toFixed(2)}%)` +
      (kinds.length ? `: ${kinds.join(", ")}` : ""),
  );
  console.log(
    `   typology named right for ${s.typologyAgreement.agree} of ${s.typologyAgreement.labelled} flagged laundering accounts`,
  );
  const analysis = r.projectionMs + r.detectMs;
  console.log(
    `   time: projection ${Math.round(r.projectionMs)} ms + detect ${Math.round(r.detectMs)} ms = ${Math.round(analysis)} ms` +
      ` (${f2((analysis / r.transfers) * 1000)} s per 1M transfers; typology stage ${Math.round(r.typologiesMs)} ms)`,
  );
}

/** A store's projection and the milliseconds reading it took (the store is closed after). */
async function readProjection(open: () => Promise<GraphStore>): Promise<[Projection, number]> {
  const store = await open();
  try {
    const t = performance.now();
    const projection = await store.projection();
    return [projection, performance.now() - t];
  } finally {
    await store.close();
  }
}

/** detect() with every variant on a laundering-labelled case, each scored and printed. */
function measureLaundering(
  projection: Projection,
  projectionMs: number,
  truth: LaunderingTruthLike,
  at: Pick<AmlRow, "name" | "size" | "seed">,
): AmlRow[] {
  return VARIANTS.map((variant) => {
    const [result, detectMs] = timed<AnalysisResult>(() => detect(projection, variant.params));
    const row: AmlRow = {
      ...at,
      variant: variant.name,
      accounts: projection.accounts.length,
      transfers: projection.transfers.length,
      projectionMs,
      detectMs,
      typologiesMs: (result.run.params.timings as { typologiesMs: number }).typologiesMs,
      profile: result.run.params.dataProfile as DataProfile,
      thin: runCaveats(result.run).some((c) => c.kind === "thin-history"),
      score: scoreLaundering(result, truth, (a) => a.typologies ?? []),
    };
    printAml(row);
    return row;
  });
}

async function amlWorld(): Promise<AmlRow[]> {
  const rows: AmlRow[] = [];
  for (const size of AML_SIZES) {
    for (const seed of AML_SEEDS) {
      const dir = path.join(CACHE, `${AML_CACHE_TAG}-s${seed}-a${size}`);
      log(`second-world case seed ${seed}, ${size} accounts: ${dir} (generated and ingested once)`);
      const c = await prepareCase(dir, seed, size, { world: "aml" });
      if (c.generateMs) log(`  generated in ${Math.round(c.generateMs / 1000)} s`);
      if (c.ingestMs) log(`  ingested in ${Math.round(c.ingestMs / 1000)} s`);
      if (process.env.BENCH_DETECT_PREPARE_ONLY) continue;
      const [projection, projectionMs] = await readProjection(() => openCaseStore(c));
      rows.push(...measureLaundering(projection, projectionMs, c.truth, { size, seed }));
    }
  }
  if (process.env.BENCH_DETECT_PREPARE_ONLY || !rows.length) return rows;
  for (const variant of VARIANTS)
    amlTargets(
      rows.filter((r) => r.variant === variant.name),
      variant.name,
    );
  return rows;
}

function amlTargets(rows: AmlRow[], variant: string, world = "second world (aml)"): void {
  const ok = (b: boolean) => (b ? "met" : "MISSED");
  console.log(`\n== ${world}, ${variant}: targets, every case`);
  for (const r of rows) {
    const low = Object.entries(r.score.recallByTypology).filter(([, v]) => v.recall < 0.7);
    const hn = r.score.hardNegativesFlagged.length / Math.max(1, r.score.hardNegatives);
    console.log(
      `${r.name ?? `seed ${r.seed}`}, ${r.size} accounts: F1 ${f2(r.score.overall.f1)} ≥ 0.8 ${ok(r.score.overall.f1 >= 0.8)};` +
        ` recall ≥ 0.7 per typology ${ok(low.length === 0)}${low.length ? ` (${low.map(([t, v]) => `${t} ${f2(v.recall)}`).join(", ")})` : ""};` +
        ` hard negatives ${(100 * hn).toFixed(2)}% ≤ 1% ${ok(hn <= 0.01)}`,
    );
  }
  const mean = (f: (r: AmlRow) => number) => rows.reduce((x, r) => x + f(r), 0) / rows.length;
  console.log(
    `mean: P ${f2(mean((r) => r.score.overall.precision))} R ${f2(mean((r) => r.score.overall.recall))}` +
      ` F1 ${f2(mean((r) => r.score.overall.f1))}`,
  );
  // Per seed, a typology of three accounts turns on one account; over all the seeds of a size, each typology counts
  // its accounts in every world (both readings are reported: docs/DETECTION.md § 8).
  for (const size of [...new Set(rows.map((r) => r.size))]) {
    const rs = rows.filter((r) => r.size === size);
    const pooled = new Map<string, { hits: number; truth: number }>();
    for (const r of rs)
      for (const [t, v] of Object.entries(r.score.recallByTypology)) {
        const p = pooled.get(t) ?? { hits: 0, truth: 0 };
        pooled.set(t, { hits: p.hits + v.hits, truth: p.truth + v.truth });
      }
    const typologies = [...pooled].sort(([a], [b]) => a.localeCompare(b));
    const hn = rs.reduce((x, r) => x + r.score.hardNegativesFlagged.length, 0);
    const hnAll = rs.reduce((x, r) => x + r.score.hardNegatives, 0);
    console.log(
      `pooled over ${rs.length} seed(s), ${size} accounts: recall ≥ 0.7 per typology ` +
        `${ok(typologies.every(([, v]) => v.hits >= 0.7 * v.truth))} ` +
        `(${typologies.map(([t, v]) => `${t} ${v.hits}/${v.truth}`).join(", ")}); ` +
        `seeds with every typology ≥ 0.7: ${rs.filter((r) => Object.values(r.score.recallByTypology).every((v) => v.recall >= 0.7)).length}/${rs.length}; ` +
        `hard negatives ${hn}/${hnAll}`,
    );
    // Where per-seed recall turns: a seed of 20 000 accounts holds a typology's few small schemes.
    const bands = (rs[0]?.score.bySchemeSize ?? []).map(({ label }, i) => {
      const sum = (k: "schemes" | "found" | "truth" | "hits") =>
        rs.reduce((x, r) => x + (r.score.bySchemeSize[i]?.[k] ?? 0), 0);
      return { label, schemes: sum("schemes"), found: sum("found"), truth: sum("truth"), hits: sum("hits") };
    });
    if (bands.length)
      console.log(
        `  schemes found (≥ 0.7 of their accounts flagged) by size: ` +
          bands
            .map((b) => `${b.label} accounts ${b.found}/${b.schemes} (accounts ${b.hits}/${b.truth})`)
            .join(", "),
      );
  }
}

/** Registers made by someone else's simulator, scored against its own labels (outside-case.ts). */
async function outsideWorld(): Promise<void> {
  const rows: AmlRow[] = [];
  for (const source of OUTSIDE) {
    const name = path.basename(path.resolve(source));
    const dir = path.join(CACHE, `outside-${name}`);
    log(`outside register ${source}: ${dir} (ingested once)`);
    const c = await prepareOutsideCase(path.resolve(source), dir);
    if (c.ingestMs) log(`  ingested in ${Math.round(c.ingestMs / 1000)} s`);
    const alerts = Object.entries(c.summary.alerts).map(([t, n]) => `${t} ${n}`);
    log(
      `  ${c.summary.laundering} laundering accounts in SAR alerts (${alerts.join(", ") || "no alert file"}); ${c.summary.decoys} accounts of non-SAR alerts; ${c.summary.silent} members of SAR alerts with no SAR transfer (scored as ordinary accounts)`,
    );
    if (process.env.BENCH_DETECT_PREPARE_ONLY) continue;
    const [projection, projectionMs] = await readProjection(() => openEmbeddedStore({ dataDir: c.dataDir }));
    rows.push(
      ...measureLaundering(projection, projectionMs, c.truth, {
        name,
        size: projection.accounts.length,
        seed: 0,
      }),
    );
  }
  if (process.env.BENCH_DETECT_PREPARE_ONLY || !rows.length) return;
  for (const variant of VARIANTS)
    amlTargets(
      rows.filter((r) => r.variant === variant.name),
      variant.name,
      "outside registers (AMLSim)",
    );
}

async function main(): Promise<void> {
  if (WORLDS.includes("outside")) await outsideWorld();
  if (WORLDS.includes("aml")) await amlWorld();
  if (!WORLDS.includes("kazakh")) return;
  const rows: Row[] = [];
  for (const size of SIZES) {
    for (const seed of SEEDS) {
      const dir = path.join(CACHE, `s${seed}-a${size}`);
      log(`case seed ${seed}, ${size} accounts: ${dir} (generated and ingested once)`);
      const c = await prepareCase(dir, seed, size);
      if (c.generateMs) log(`  generated in ${Math.round(c.generateMs / 1000)} s`);
      if (c.ingestMs) log(`  ingested in ${Math.round(c.ingestMs / 1000)} s`);
      if (process.env.BENCH_DETECT_PREPARE_ONLY) continue;
      const store = await openCaseStore(c);
      let projection: Projection;
      let projectionMs: number;
      try {
        const t = performance.now();
        projection = await store.projection();
        projectionMs = performance.now() - t;
      } finally {
        await store.close();
      }
      for (const variant of VARIANTS) {
        const full = measure(c, projection, projectionMs, size, seed, "full", variant);
        print(full);
        const bare = transfersOnly(projection);
        const only = measure(c, bare.projection, 0, size, seed, "transfers only", variant, bare.rename);
        print(only);
        rows.push(full, only);
      }
    }
  }

  if (process.env.BENCH_DETECT_PREPARE_ONLY) return;
  console.log("\n== summary (mean over seeds)");
  for (const size of SIZES) {
    for (const [variant, mode] of VARIANTS.flatMap((v) =>
      (["full", "transfers only"] as const).map((m) => [v.name, m] as const),
    )) {
      const rs = rows.filter((r) => r.size === size && r.mode === mode && r.variant === variant);
      const mean = (f: (r: Row) => number) => rs.reduce((x, r) => x + f(r), 0) / rs.length;
      console.log(
        `${size} accounts, ${mode}, ${variant}: drops F1 ${f2(mean((r) => r.score.drops.f1))}, hubs F1 ${f2(mean((r) => r.score.hubs.f1))},` +
          ` ARI ${f2(mean((r) => r.score.ari))}, top-10 real ${rs.map((r) => `${r.score.topReal}/${r.score.top}`).join(" ")},` +
          ` hard negatives flagged ${rs.map((r) => r.score.hardNegativesFlagged.length).join(" ")},` +
          ` transfers ${Math.round(mean((r) => r.transfers))}, detect ${Math.round(mean((r) => r.detectMs))} ms` +
          (mode === "full" ? `, projection ${Math.round(mean((r) => r.projectionMs))} ms` : ""),
      );
    }
  }
  const ok = (b: boolean) => (b ? "met" : "MISSED");
  for (const variant of VARIANTS) {
    const full = rows.filter((r) => r.mode === "full" && r.variant === variant.name);
    console.log(`\n== targets (full inputs, every case), ${variant.name}`);
    console.log(
      `F1 ≥ 0.9 drops: ${ok(full.every((r) => r.score.drops.f1 >= 0.9))}; hubs: ${ok(full.every((r) => r.score.hubs.f1 >= 0.9))}`,
    );
    console.log(`≥ 9 of top 10 real: ${ok(full.every((r) => r.score.topReal >= Math.min(9, r.score.top)))}`);
    console.log(
      `0 hard negatives flagged: ${ok(full.every((r) => r.score.hardNegativesFlagged.length === 0))}`,
    );
    for (const r of full.filter((x) => x.transfers >= 1_000_000)) {
      const s = (r.projectionMs + r.detectMs) / 1000;
      console.log(
        `1M+ transfers < 30 s (seed ${r.seed}, ${r.transfers} transfers): projection + detect ${s.toFixed(1)} s ${ok(s < 30)};` +
          ` detect alone ${(r.detectMs / 1000).toFixed(1)} s ${ok(r.detectMs < 30_000)}`,
      );
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
