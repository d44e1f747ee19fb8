/**
 * `npm run bench:trace`: fund-trace latency per complaint on a case of about 1M transfers, on each store (embedded
 * and Neo4j), and the share of complaints whose FIFO trace matches the generator's truth within 1%.
 *
 * The case is generated once (about 100k accounts ≈ 1M transfers; reuses bench:api's cached case when present) and
 * ingested once per store under .cache/bench-trace/ (reruns only measure). Per store: a warm-up, then each sampled
 * complaint is traced twice, one after another:
 * - "default": the product's defaults (FIFO, to the end of the data, 64 hops) — the latency the targets are about —
 *   scored against truth;
 * - "truth rules": no hop limit, no minimum, a window reaching the end of the data — what truth.json follows —
 *   scored against truth.
 * Then the recovery triage across all complaints of the case (server/recovery: one trace of every complaint to the
 * end of the data, with the freeze records), BENCH_TRACE_TRIAGE_RUNS times (default 5), checked against truth: the
 * accounts holding stolen money and their amounts within 1%. Target: p95 under 2 s embedded.
 * Reference, measured in the same process on the same store: one `transfers` query for one victim's outflows (the
 * cheapest frontier step), so the ratio says how many such store round trips a trace costs.
 * Targets: trace p95 under 200 ms embedded, under 500 ms Neo4j.
 *
 * Env: BENCH_TRACE_CASE=DIR reuse a generated case; BENCH_TRACE_ACCOUNTS (default 100000); BENCH_TRACE_COMPLAINTS
 * (default 200); BENCH_TRACE_STORES (default "embedded,neo4j"); NEO4J_URI (+ NEO4J_USERNAME, NEO4J_PASSWORD) to use
 * a running Neo4j that is empty or holds this case; BENCH_TRACE_NEO4J_DIR=DIR start Neo4j on a data folder that
 * already holds this case (e.g. bench:api's .cache/bench-api/neo4j-case-100000/neo4j, same generator seed and size)
 * instead of ingesting it again. Run under `flock /tmp/heavy.lock`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateCase } from "../generator/index.js";
import type { Truth } from "../generator/types.js";
import { ingestFiles } from "../ingest/index.js";
import { traceFunds, type TraceStore } from "../server/analytics/trace/index.js";
import { buildTriage } from "../server/recovery/index.js";
import { openEmbeddedStore } from "../server/store/embedded/index.js";
import { openNeo4jStore } from "../server/store/neo4j/index.js";
import type { GraphStore } from "../server/store/types.js";
import { startNeo4j, type Neo4jServer } from "../test/support/neo4j-server.js";
import { matchesTruth, TRUTH_RULES } from "../test/analytics/trace/truth-compare.js";

const ROOT = path.resolve(".cache/bench-trace");
const ACCOUNTS = Number(process.env.BENCH_TRACE_ACCOUNTS ?? 100_000);
const SAMPLE = Number(process.env.BENCH_TRACE_COMPLAINTS ?? 200);
const STORES = (process.env.BENCH_TRACE_STORES ?? "embedded,neo4j").split(",").map((s) => s.trim());
const TARGET_P95_MS: Record<string, number> = { embedded: 200, neo4j: 500 };
const TRIAGE_RUNS = Number(process.env.BENCH_TRACE_TRIAGE_RUNS ?? 5);
const TRIAGE_TARGET_P95_MS: Record<string, number> = { embedded: 2000, neo4j: 5000 };
const SEED = 11;

function log(line: string): void {
  process.stderr.write(`[bench:trace] ${line}\n`);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = path.join(dir, n);
      return statSync(p).isDirectory() ? filesUnder(p) : [p];
    });
}

async function ensureCase(): Promise<string> {
  if (process.env.BENCH_TRACE_CASE) return path.resolve(process.env.BENCH_TRACE_CASE);
  // bench:api generates the same case (seed 11, same size): share it rather than generate it twice.
  const shared = path.resolve(`.cache/bench-api/case-${ACCOUNTS}`);
  if (existsSync(path.join(shared, "truth.json"))) return shared;
  const dir = path.join(ROOT, `case-${ACCOUNTS}`);
  if (!existsSync(path.join(dir, "truth.json"))) {
    log(`generating a case of about ${ACCOUNTS} accounts into ${dir} (once)`);
    const t = performance.now();
    await generateCase({ out: dir, seed: SEED, accounts: ACCOUNTS });
    log(`generated in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  }
  return dir;
}

async function ensureIngested(store: GraphStore, caseDir: string, marker: string): Promise<void> {
  if (existsSync(marker) && readFileSync(marker, "utf8").trim() === caseDir) return;
  const stats = await store.stats();
  if (stats.transfers > 0)
    throw new Error(`bench/trace: ${store.kind} store holds data but no ingest marker (${marker})`);
  log(`ingesting ${caseDir} into the ${store.kind} store (once)`);
  const t = performance.now();
  const summary = await ingestFiles(filesUnder(path.join(caseDir, "exports")), {
    onBatch: (records) => store.writeBatch(records),
  });
  log(`ingested ${summary.totals.rowsRead} rows in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  writeFileSync(marker, caseDir);
}

/** Counts the store calls a trace makes (round trips). */
function counting(store: GraphStore): { store: TraceStore; calls: () => number } {
  let n = 0;
  const wrap =
    <A extends unknown[], R>(f: (...a: A) => Promise<R>) =>
    (...a: A): Promise<R> => {
      n++;
      return f(...a);
    };
  return {
    store: {
      transfers: wrap((q) => store.transfers(q)),
      transfersByIds: wrap((ids) => store.transfersByIds(ids)),
      historyWindows: wrap((q) => store.historyWindows(q)),
      accounts: wrap((keys) => store.accounts(keys)),
      complaint: wrap((c) => store.complaint(c)),
    },
    calls: () => n,
  };
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

interface Row {
  store: string;
  mode: string;
  traces: number;
  p50: number;
  p95: number;
  max: number;
  calls: number;
  ref: number;
  match: string;
}

async function timeTraces(
  kind: string,
  mode: string,
  store: GraphStore,
  cases: string[],
  truth: Truth,
  windowMs: number | undefined,
  ref: number,
): Promise<Row> {
  const c = counting(store);
  const ms: number[] = [];
  let matched = 0;
  for (const caseNo of cases) {
    const t = performance.now();
    const opts = windowMs === undefined ? {} : { ...TRUTH_RULES, windowMs };
    const r = await traceFunds(c.store, { ...opts, complaints: [caseNo], asOf: truth.period.to });
    ms.push(performance.now() - t);
    if (matchesTruth(caseNo, r, truth.complaints[caseNo]!)) matched++;
  }
  ms.sort((a, b) => a - b);
  return {
    store: kind,
    mode,
    traces: cases.length,
    p50: quantile(ms, 0.5),
    p95: quantile(ms, 0.95),
    max: ms[ms.length - 1]!,
    calls: c.calls() / cases.length,
    ref,
    match: `${matched}/${cases.length} (${((100 * matched) / cases.length).toFixed(1)}%)`,
  };
}

interface TriageRow {
  store: string;
  complaints: number;
  runs: number;
  p50: number;
  p95: number;
  /** CPU time of the process per triage (the machine is shared: wall time also counts waiting for a core). */
  cpuP50: number;
  cpuP95: number;
  holdings: number;
  /** Holdings in truth (≥ 1 KZT) the triage lists with truth's amount ±1%, and accounts it lists that truth has not. */
  matched: string;
  /** (account, complaint) amounts of truth the triage gives within 1%. */
  pairs: string;
  /**
   * Holdings whose complaints overlap on the same money (their split adds up to more than the account holds), and
   * whether every holding's heldKzt lies between its largest complaint amount and the split's sum.
   */
  overlapping: string;
}

/** Time the triage of every complaint and score its holdings against truth. */
async function timeTriage(kind: string, store: GraphStore, truth: Truth): Promise<TriageRow> {
  const ms: number[] = [];
  const cpu: number[] = [];
  let last: Awaited<ReturnType<typeof buildTriage>> | undefined;
  for (let i = 0; i < TRIAGE_RUNS; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    last = await buildTriage(store, { asOf: truth.period.to });
    const used = process.cpuUsage(c);
    ms.push(performance.now() - t);
    cpu.push((used.user + used.system) / 1000);
  }
  ms.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const held = new Map<string, number>();
  for (const c of Object.values(truth.complaints))
    for (const [a, v] of Object.entries(c.holdingKzt)) held.set(a, (held.get(a) ?? 0) + v);
  const expected = [...held].filter(([, v]) => v >= 1);
  // Truth counts money that is two complaints' at once for each: compare the sum of the per-complaint split, not
  // heldKzt (the money in the account, counted once, that freeze requests ask for).
  const listed = new Map(
    last!.holdings.map((h) => [h.account, h.complaints.reduce((sum, c) => sum + c.amountKzt, 0)]),
  );
  const heldOk = last!.holdings.every((h) => {
    const split = h.complaints.reduce((sum, c) => sum + c.amountKzt, 0);
    const largest = Math.max(0, ...h.complaints.map((c) => c.amountKzt));
    return h.heldKzt <= split + 0.01 && h.heldKzt >= largest - 0.01;
  });
  const overlapping = last!.holdings.filter((h) => h.overlapKzt > 0).length;
  const ok = expected.filter(
    ([a, v]) => Math.abs((listed.get(a) ?? 0) - v) <= Math.max(0.01, 0.01 * v),
  ).length;
  const extra = [...listed.keys()].filter((a) => !held.has(a)).length;
  const byPair = new Map(
    last!.holdings.flatMap((h) =>
      h.complaints.map((c) => [`${h.account} ${c.caseNo}`, c.amountKzt] as const),
    ),
  );
  let pairs = 0;
  let pairsOk = 0;
  for (const [caseNo, c] of Object.entries(truth.complaints)) {
    for (const [a, v] of Object.entries(c.holdingKzt)) {
      if (v < 1) continue;
      pairs++;
      if (Math.abs((byPair.get(`${a} ${caseNo}`) ?? 0) - v) <= Math.max(0.01, 0.01 * v)) pairsOk++;
    }
  }
  return {
    store: kind,
    complaints: last!.complaints.length,
    runs: TRIAGE_RUNS,
    p50: quantile(ms, 0.5),
    p95: quantile(ms, 0.95),
    cpuP50: quantile(cpu, 0.5),
    cpuP95: quantile(cpu, 0.95),
    holdings: listed.size,
    matched: `${ok}/${expected.length}${extra ? `, ${extra} not in truth` : ""}`,
    pairs: `${pairsOk}/${pairs}`,
    overlapping: `${overlapping}${heldOk ? "" : ", held out of bounds"}`,
  };
}

async function benchStore(
  kind: string,
  caseDir: string,
  truth: Truth,
  cases: string[],
): Promise<{ rows: Row[]; triage: TriageRow }> {
  const dataDir = path.join(ROOT, `${kind}-${path.basename(caseDir)}`);
  mkdirSync(dataDir, { recursive: true });
  let server: Neo4jServer | null = null;
  let store: GraphStore;
  if (kind === "embedded") store = await openEmbeddedStore({ dataDir });
  else if (process.env.NEO4J_URI) {
    store = await openNeo4jStore({
      uri: process.env.NEO4J_URI,
      username: process.env.NEO4J_USERNAME ?? "neo4j",
      password: process.env.NEO4J_PASSWORD ?? "",
    });
  } else {
    const neo4jDir = process.env.BENCH_TRACE_NEO4J_DIR ?? path.join(dataDir, "neo4j");
    if (process.env.BENCH_TRACE_NEO4J_DIR) writeFileSync(path.join(dataDir, ".ingested"), caseDir);
    server = await startNeo4j({ dataDir: path.resolve(neo4jDir), heap: "2g", pageCache: "1g", log });
    store = await openNeo4jStore({ uri: server.uri, username: server.username, password: server.password });
  }
  try {
    await ensureIngested(store, caseDir, path.join(dataDir, ".ingested"));
    const stats = await store.stats();
    log(
      `${kind}: ${stats.accounts} accounts, ${stats.transfers} transfers, ${stats.withdrawals} withdrawals`,
    );

    // Warm caches (SQLite pages, Neo4j page cache and query plans).
    for (const caseNo of cases.slice(0, 20)) await traceFunds(store, { complaints: [caseNo] });

    // Reference: one victim-outflow query per complaint, the cheapest step of a trace.
    const refMs: number[] = [];
    for (const caseNo of cases) {
      const victim = truth.complaints[caseNo]!.victimAccount;
      const t = performance.now();
      await store.transfers({ accounts: [victim], direction: "out" });
      refMs.push(performance.now() - t);
    }
    refMs.sort((a, b) => a - b);
    const ref = quantile(refMs, 0.5);

    const wholeData = truth.period.to - Math.min(...cases.map((c) => truth.complaints[c]!.incidentAt)) + 1;
    const rows = [
      await timeTraces(kind, "defaults", store, cases, truth, undefined, ref),
      await timeTraces(kind, "truth rules", store, cases, truth, wholeData, ref),
    ];
    return { rows, triage: await timeTriage(kind, store, truth) };
  } finally {
    await store.close();
    await server?.stop();
  }
}

function printTriage(rows: TriageRow[]): void {
  console.log(`\nrecovery triage: every complaint traced together to the end of the data (server/recovery)`);
  console.log(
    `load average at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")} (${os.cpus().length} cores)`,
  );
  const head = [
    "store",
    "complaints",
    "runs",
    "p50 ms",
    "p95 ms",
    "cpu p50/p95 ms",
    "holdings",
    "truth holdings ±1%",
    "account×complaint ±1%",
    "overlapping",
    "p95 target",
  ];
  const lines = rows.map((r) => [
    r.store,
    String(r.complaints),
    String(r.runs),
    r.p50.toFixed(0),
    r.p95.toFixed(0),
    `${r.cpuP50.toFixed(0)}/${r.cpuP95.toFixed(0)}`,
    String(r.holdings),
    r.matched,
    r.pairs,
    r.overlapping,
    `${r.p95 < TRIAGE_TARGET_P95_MS[r.store]! ? "yes" : "NO"} (<${TRIAGE_TARGET_P95_MS[r.store]})`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cols: string[]) =>
    cols.map((c, i) => (i < 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(fmt(head));
  for (const l of lines) console.log(fmt(l));
}

function print(rows: Row[], transfers: number): void {
  const head = [
    "store",
    "window",
    "traces",
    "p50 ms",
    "p95 ms",
    "max ms",
    "calls/trace",
    "ref p50 ms",
    "p95/ref",
    "match truth ±1%",
    "p95 target",
  ];
  const lines = rows.map((r) => [
    r.store,
    r.mode,
    String(r.traces),
    r.p50.toFixed(1),
    r.p95.toFixed(1),
    r.max.toFixed(1),
    r.calls.toFixed(1),
    r.ref.toFixed(2),
    (r.p95 / r.ref).toFixed(1),
    r.match,
    `${r.p95 < TARGET_P95_MS[r.store]! ? "yes" : "NO"} (<${TARGET_P95_MS[r.store]})`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cols: string[]) =>
    cols.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(
    `\ntrace bench: ${transfers} transfers; one complaint per trace, FIFO; ref = one victim-outflow transfers query (p50)`,
  );
  console.log(fmt(head));
  for (const l of lines) console.log(fmt(l));
}

async function main(): Promise<void> {
  mkdirSync(ROOT, { recursive: true });
  const caseDir = await ensureCase();
  const truth = JSON.parse(readFileSync(path.join(caseDir, "truth.json"), "utf8")) as Truth;
  const all = Object.keys(truth.complaints).sort();
  const step = Math.max(1, Math.floor(all.length / SAMPLE));
  const cases = all.filter((_, i) => i % step === 0).slice(0, SAMPLE);
  log(`${all.length} complaints in truth; tracing ${cases.length}`);
  const rows: Row[] = [];
  const triage: TriageRow[] = [];
  for (const kind of STORES) {
    if (kind !== "embedded" && kind !== "neo4j") throw new Error(`bench/trace: unknown store "${kind}"`);
    const r = await benchStore(kind, caseDir, truth, cases);
    rows.push(...r.rows);
    triage.push(r.triage);
  }
  print(rows, truth.counts.transfers + truth.counts.withdrawals);
  printTriage(triage);
}

await main();
