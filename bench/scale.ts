/**
 * `npm run bench:scale`: one case end to end at a size given in transfers (default 10M ≈ 1.26M accounts): generate,
 * ingest, analyse, trace 100 complaints and open the top cluster's neighbourhood, first on the embedded store, then
 * the same stages on Neo4j as far as they fit. Each stage runs in its own child process under `/usr/bin/time`, which
 * gives its wall time and peak RSS; generate, ingest and analyse are the `mulegraph` commands a user runs, trace and
 * open are a small child of this script that calls what the API calls (traceFunds; latestAnalysis + neighbourhood as
 * GET /api/clusters/:id?depth=1 does). For Neo4j the JVM's own peak RSS per stage is read from /proc (VmHWM, reset
 * before each stage). Results are written to docs/SCALE.md by hand, from the table this prints.
 *
 * Everything lives under BENCH_SCALE_DIR (default .cache/bench-scale/t<transfers>/); a stage whose result file is
 * there is not run again (remove the folder, or the stage's stage-*.json, to measure it again), so a run that stopped
 * at one stage resumes there.
 *
 * Env: BENCH_SCALE_TRANSFERS (default 10000000) or BENCH_SCALE_ACCOUNTS (accounts asked of the generator; default
 * transfers ÷ 7.9, the generator's ratio at 200k accounts, docs/GENERATOR.md); BENCH_SCALE_STORES (default
 * "embedded,neo4j"; neo4j-offline: Neo4j filled by `ingest --offline-import` while stopped, then a `schema` stage, the
 * first open, which builds the constraints and indexes); BENCH_SCALE_COMPLAINTS (default 100); BENCH_SCALE_HEAP_MB Node heap of each stage (default
 * 16384); BENCH_SCALE_STAGE_LIMIT_S stop a stage after this long and record it as stopped (default 0: no limit
 * on the embedded store, 5400 on Neo4j); BENCH_SCALE_NEO4J_HEAP / BENCH_SCALE_NEO4J_PAGECACHE (default 4g / 6g).
 * Long: 10M transfers take the better part of an hour on the embedded store alone. Run it alone on the machine
 * (`nice -n 10` on a shared one, and say so beside its figures).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startNeo4j, type Neo4jServer } from "../test/support/neo4j-server.js";

const TRANSFERS = Number(process.env.BENCH_SCALE_TRANSFERS ?? 10_000_000);
const TRANSFERS_PER_ACCOUNT = 7.9;
const ACCOUNTS = Number(process.env.BENCH_SCALE_ACCOUNTS ?? Math.round(TRANSFERS / TRANSFERS_PER_ACCOUNT));
const ROOT = path.resolve(process.env.BENCH_SCALE_DIR ?? `.cache/bench-scale/t${TRANSFERS}`);
const STORES = (process.env.BENCH_SCALE_STORES ?? "embedded,neo4j").split(",").map((s) => s.trim());
const COMPLAINTS = Number(process.env.BENCH_SCALE_COMPLAINTS ?? 100);
const HEAP_MB = Number(process.env.BENCH_SCALE_HEAP_MB ?? 16384);
const SEED = 21;
const CLI = fileURLToPath(new URL("../bin/mulegraph.js", import.meta.url));
const SELF = fileURLToPath(import.meta.url);

/** neo4j-offline: Neo4j filled by `ingest --offline-import` (neo4j-admin database import) while it is stopped. */
type StoreKind = "embedded" | "neo4j" | "neo4j-offline";
type StageName = "generate" | "ingest" | "schema" | "analyze" | "trace" | "open";

/** What one stage measured; `stopped` when it did not finish (the reason). */
interface StageResult {
  store: StoreKind | "—";
  stage: StageName;
  wallS: number;
  /** CPU seconds (user + system) of the stage's process: on a shared machine the steadier figure. */
  cpuS: number;
  peakRssMiB: number;
  /** Neo4j only: the JVM's peak RSS during the stage. */
  serverPeakRssMiB?: number;
  /** What the stage did, in words and figures (rows, rates, latencies). */
  detail: string;
  /** Work items per second (transfers for generate, ingest and analyse). */
  rate?: number;
  stopped?: string;
}

function log(line: string): void {
  process.stderr.write(`[bench:scale] ${new Date().toISOString().slice(11, 19)} ${line}\n`);
}

class ScaleBenchError extends Error {
  override name = "ScaleBenchError";
}

// ---------- running a stage ----------

interface Timed {
  code: number | null;
  wallS: number;
  cpuS: number;
  peakRssMiB: number;
  stdout: string;
  timedOut: boolean;
}

/**
 * Run a command under /usr/bin/time (wall time and the peak RSS of the process tree's largest process), its stdout
 * into `stdoutFile`, stderr through; killed (its whole process group) after `limitS` seconds when given.
 */
function timed(
  args: string[],
  env: NodeJS.ProcessEnv,
  stdoutFile: string,
  limitS: number,
  onTick?: () => void,
): Promise<Timed> {
  const timeFile = `${stdoutFile}.time`;
  const started = performance.now();
  const child = spawn(
    "/usr/bin/time",
    ["-f", "%e %M %U %S", "-o", timeFile, "sh", "-c", `exec "$@" > "${stdoutFile}"`, "sh", ...args],
    { env, stdio: ["ignore", "inherit", "inherit"], detached: true },
  );
  let timedOut = false;
  const timer =
    limitS > 0
      ? setTimeout(() => {
          timedOut = true;
          log(`stage over its limit of ${limitS} s: stopping it`);
          process.kill(-child.pid!, "SIGKILL");
        }, limitS * 1000)
      : null;
  const ticker = onTick ? setInterval(onTick, 2000) : null;
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => {
      if (timer) clearTimeout(timer);
      if (ticker) clearInterval(ticker);
      onTick?.();
      const wallS = (performance.now() - started) / 1000;
      let peakRssMiB = 0;
      let cpuS = 0;
      if (existsSync(timeFile)) {
        const last = readFileSync(timeFile, "utf8").trim().split("\n").pop() ?? "";
        const m = /^([\d.]+) (\d+) ([\d.]+) ([\d.]+)$/.exec(last);
        if (m) {
          peakRssMiB = Number(m[2]) / 1024;
          cpuS = Number(m[3]) + Number(m[4]);
        }
      }
      const stdout = existsSync(stdoutFile) ? readFileSync(stdoutFile, "utf8") : "";
      resolve({ code, wallS, cpuS, peakRssMiB, stdout, timedOut });
    });
  });
}

/** The JVM's peak RSS since the last reset (VmHWM), and its reset (writing 5 to clear_refs). */
function jvmPeak(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const m = /VmHWM:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) / 1024 : 0;
}
function resetJvmPeak(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, "5");
}

// ---------- the stages a child of this script runs (trace, open) ----------

interface ChildOut {
  detail: string;
  rate?: number;
}

async function childStage(stage: "trace" | "open", dataDir: string): Promise<void> {
  const { readEnv, storeConfig } = await import("../server/config.js");
  const { openStore } = await import("../server/store/index.js");
  const env = readEnv(process.env);
  const store = await openStore(storeConfig(env, dataDir));
  try {
    let out: ChildOut;
    if (stage === "trace") {
      const { traceFunds } = await import("../server/analytics/trace/index.js");
      const all = await store.complaints();
      if (all.length === 0) throw new ScaleBenchError("bench/scale: the store holds no complaints to trace");
      // Spread over the register, not its first rows: complaints are ordered by registration time.
      const step = Math.max(1, all.length / COMPLAINTS);
      const picked = Array.from(
        { length: Math.min(COMPLAINTS, all.length) },
        (_, i) => all[Math.floor(i * step)]!.caseNo,
      );
      const ms: number[] = [];
      let edges = 0;
      let holders = 0;
      for (const caseNo of picked) {
        const t = performance.now();
        const r = await traceFunds(store, { complaints: [caseNo] });
        ms.push(performance.now() - t);
        edges += r.edges.length;
        holders += r.freezeList?.length ?? 0;
      }
      const sorted = [...ms].sort((a, b) => a - b);
      const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
      const total = ms.reduce((s, x) => s + x, 0);
      out = {
        detail:
          `${picked.length} of ${all.length} complaints, one trace each: p50 ${q(0.5).toFixed(0)} ms, ` +
          `p95 ${q(0.95).toFixed(0)} ms, max ${sorted[sorted.length - 1]!.toFixed(0)} ms; ` +
          `${edges} traced edges, ${holders} freeze-list rows`,
        rate: picked.length / (total / 1000),
      };
    } else {
      const t = performance.now();
      const analysis = await store.latestAnalysis();
      const top = analysis ? [...analysis.clusters].sort((a, b) => a.rank - b.rank)[0] : undefined;
      if (!analysis || !top) throw new ScaleBenchError("bench/scale: no analysis or no cluster to open");
      const tRead = performance.now();
      const { nodeId, parseNodeId } = await import("../model/graph.js");
      const ids = top.members.map((m) => (parseNodeId(m) ? m : nodeId("account", m)));
      // What GET /api/clusters/:id?depth=1 asks of the store (nodeCap: the route's default).
      const sub = await store.neighbourhood(ids, { depth: 1, nodeCap: 1000 });
      const tDone = performance.now();
      out = {
        detail:
          `top cluster ${top.id} (${top.members.length} members): latest analysis read in ${(tRead - t).toFixed(0)} ms ` +
          `(${analysis.accounts.length} accounts, ${analysis.clusters.length} clusters), depth-1 neighbourhood ` +
          `${sub.nodes.length} nodes, ${sub.edges.length} edges in ${(tDone - tRead).toFixed(0)} ms`,
      };
    }
    process.stdout.write(JSON.stringify(out) + "\n");
  } finally {
    await store.close();
  }
}

// ---------- the stages in order ----------

interface Ctx {
  store: StoreKind;
  caseDir: string;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  limitS: number;
  neo4j: Neo4jServer | null;
}

function nodeArgs(): string[] {
  return [process.execPath, `--max-old-space-size=${HEAP_MB}`];
}

function lastJson<T>(stdout: string, what: string): T {
  const text = stdout.trim();
  try {
    return JSON.parse(text) as T;
  } catch {
    const line = text.split("\n").pop() ?? "";
    try {
      return JSON.parse(line) as T;
    } catch {
      throw new ScaleBenchError(`bench/scale: ${what} printed no JSON result`);
    }
  }
}

async function runStage(ctx: Ctx, stage: StageName): Promise<StageResult> {
  const dir = stage === "generate" ? ROOT : ctx.dataDir;
  const resultFile = path.join(dir, `stage-${stage}.json`);
  if (existsSync(resultFile)) {
    log(`${ctx.store} ${stage}: measured earlier (${resultFile})`);
    return JSON.parse(readFileSync(resultFile, "utf8")) as StageResult;
  }
  let args: string[];
  switch (stage) {
    case "generate":
      args = [
        ...nodeArgs(),
        CLI,
        "generate",
        "--out",
        ctx.caseDir,
        "--seed",
        String(SEED),
        "--accounts",
        String(ACCOUNTS),
        "--force",
        "--json",
      ];
      break;
    case "ingest":
      args = [
        ...nodeArgs(),
        CLI,
        "ingest",
        path.join(ctx.caseDir, "exports"),
        "--data-dir",
        ctx.dataDir,
        "--json",
        ...(ctx.store === "neo4j-offline"
          ? ["--offline-import", "--overwrite-database", "--report-dir", path.join(ctx.dataDir, "report")]
          : []),
      ];
      break;
    case "schema":
      // The first command that opens the imported database: it builds the store's constraints and indexes.
      args = [...nodeArgs(), CLI, "loads", "--all", "--json"];
      break;
    case "analyze":
      args = [...nodeArgs(), CLI, "analyze", "--data-dir", ctx.dataDir, "--json"];
      break;
    default:
      args = [...nodeArgs(), "--import", "tsx", SELF, "--stage", stage, ctx.dataDir];
  }
  log(`${ctx.store} ${stage}: ${args.slice(2).join(" ")}`);
  if (ctx.neo4j) resetJvmPeak(ctx.neo4j.pid);
  let serverPeak = 0;
  const r = await timed(
    args,
    ctx.env,
    path.join(dir, `stage-${stage}.out`),
    ctx.limitS,
    ctx.neo4j ? () => (serverPeak = Math.max(serverPeak, jvmPeak(ctx.neo4j!.pid))) : undefined,
  );
  const result: StageResult = {
    store: stage === "generate" ? "—" : ctx.store,
    stage,
    wallS: r.wallS,
    cpuS: r.cpuS,
    peakRssMiB: r.peakRssMiB,
    detail: "",
    ...(ctx.neo4j ? { serverPeakRssMiB: serverPeak } : {}),
  };
  if (r.timedOut || r.code !== 0) {
    result.stopped = r.timedOut
      ? `stopped after the stage limit of ${ctx.limitS} s`
      : `exited with ${r.code} (see ${path.join(dir, `stage-${stage}.out`)} and the log above)`;
    log(`${ctx.store} ${stage}: ${result.stopped}`);
    return result;
  }
  if (stage === "generate") {
    const s = lastJson<{
      counts: { accounts: number; transfers: number; complaints: number };
      bytes: number;
    }>(r.stdout, "generate");
    result.detail = `${s.counts.accounts} accounts, ${s.counts.transfers} transfers, ${s.counts.complaints} complaints, ${(s.bytes / 2 ** 30).toFixed(2)} GiB of files`;
    result.rate = s.counts.transfers / r.wallS;
    writeFileSync(path.join(ROOT, "counts.json"), JSON.stringify(s.counts));
  } else if (stage === "ingest") {
    const s = lastJson<{ totals: { rowsRead: number }; store?: { transfers?: number; accounts?: number } }>(
      r.stdout,
      "ingest",
    );
    const transfers = caseCounts().transfers;
    result.detail = `${s.totals.rowsRead} file rows read; ${s.store?.transfers ?? "?"} transfers, ${s.store?.accounts ?? "?"} accounts stored`;
    result.rate = transfers / r.wallS;
  } else if (stage === "schema") {
    result.detail = "first open of the imported database: constraints and indexes built";
  } else if (stage === "analyze") {
    const s = lastJson<{ accounts: unknown[]; clusters: unknown[] }>(r.stdout, "analyze");
    result.detail = `${s.clusters.length} clusters, ${s.accounts.length} accounts not ordinary or scored`;
    result.rate = caseCounts().transfers / r.wallS;
  } else {
    const s = lastJson<ChildOut>(r.stdout, stage);
    result.detail = s.detail;
    if (s.rate !== undefined) result.rate = s.rate;
  }
  writeFileSync(resultFile, JSON.stringify(result, null, 2));
  log(
    `${ctx.store} ${stage}: ${r.wallS.toFixed(0)} s (CPU ${r.cpuS.toFixed(0)} s), peak RSS ${r.peakRssMiB.toFixed(0)} MiB; ${result.detail}`,
  );
  return result;
}

function caseCounts(): { accounts: number; transfers: number; complaints: number } {
  return JSON.parse(readFileSync(path.join(ROOT, "counts.json"), "utf8")) as {
    accounts: number;
    transfers: number;
    complaints: number;
  };
}

async function runStore(kind: StoreKind, caseDir: string): Promise<StageResult[]> {
  const dataDir = path.join(ROOT, kind);
  mkdirSync(dataDir, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: "warn" };
  delete env.NEO4J_URI;
  const limitS = Number(process.env.BENCH_SCALE_STAGE_LIMIT_S ?? (kind === "embedded" ? 0 : 5400));
  const ctx: Ctx = { store: kind, caseDir, dataDir, env, limitS, neo4j: null };
  const startServer = async () => {
    const server = await startNeo4j({
      dataDir: path.join(dataDir, "db"),
      heap: process.env.BENCH_SCALE_NEO4J_HEAP ?? "4g",
      pageCache: process.env.BENCH_SCALE_NEO4J_PAGECACHE ?? "6g",
      startTimeoutMs: 600_000,
      log,
    });
    Object.assign(env, {
      NEO4J_URI: server.uri,
      NEO4J_USERNAME: server.username,
      NEO4J_PASSWORD: server.password,
    });
    ctx.neo4j = server;
  };
  if (kind === "neo4j") await startServer();
  if (kind === "neo4j-offline") {
    // The importer fills the stopped server's folder; the server starts after it.
    mkdirSync(path.join(dataDir, "db"), { recursive: true });
    Object.assign(env, {
      NEO4J_HOME: path.join(dataDir, "db"),
      NEO4J_ADMIN: fileURLToPath(new URL("../tools/neo4j/neo4j-admin", import.meta.url)),
      NEO4J_ADMIN_JAVA_OPTS: `-Xmx${process.env.BENCH_SCALE_NEO4J_HEAP ?? "4g"}`,
    });
  }
  const stages: StageName[] =
    kind === "neo4j-offline"
      ? ["ingest", "schema", "analyze", "trace", "open"]
      : ["ingest", "analyze", "trace", "open"];
  const rows: StageResult[] = [];
  try {
    for (const stage of stages) {
      if (kind === "neo4j-offline" && stage === "schema") await startServer();
      const r = await runStage(ctx, stage);
      rows.push(r);
      // A later stage needs what this one wrote.
      if (r.stopped) break;
    }
  } finally {
    await ctx.neo4j?.stop();
  }
  return rows;
}

function print(rows: StageResult[]): void {
  const counts = existsSync(path.join(ROOT, "counts.json")) ? caseCounts() : null;
  console.log(
    `\nscale bench: ${counts ? `${counts.transfers} transfers, ${counts.accounts} accounts, ${counts.complaints} complaints` : `${TRANSFERS} transfers asked`} (${ROOT})`,
  );
  const head = ["store", "stage", "wall s", "CPU s", "peak RSS MiB", "server RSS MiB", "rate", "detail"];
  const lines = rows.map((r) => [
    r.store,
    r.stage,
    r.wallS.toFixed(1),
    r.cpuS !== undefined ? r.cpuS.toFixed(1) : "",
    r.peakRssMiB.toFixed(0),
    r.serverPeakRssMiB !== undefined ? r.serverPeakRssMiB.toFixed(0) : "",
    r.rate !== undefined
      ? `${r.rate >= 100 ? Math.round(r.rate) : r.rate.toFixed(1)}/s${r.stage === "trace" ? " complaints" : ""}`
      : "",
    r.stopped ? `STOPPED: ${r.stopped}` : r.detail,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cols: string[]) =>
    cols.map((c, i) => (i === 7 ? c : i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(fmt(head));
  for (const l of lines) console.log(fmt(l));
}

async function main(): Promise<void> {
  if (process.argv[2] === "--stage") {
    await childStage(process.argv[3] as "trace" | "open", process.argv[4]!);
    return;
  }
  if (!Number.isInteger(ACCOUNTS) || ACCOUNTS < 100)
    throw new ScaleBenchError(`bench/scale: ${ACCOUNTS} accounts is not a size to generate (at least 100)`);
  mkdirSync(ROOT, { recursive: true });
  const caseDir = path.join(ROOT, "case");
  log(`${TRANSFERS} transfers asked: ${ACCOUNTS} accounts, seed ${SEED}, in ${ROOT}`);
  const rows: StageResult[] = [];
  const gen = await runStage(
    { store: "embedded", caseDir, dataDir: ROOT, env: process.env, limitS: 0, neo4j: null },
    "generate",
  );
  rows.push(gen);
  if (!gen.stopped)
    for (const kind of STORES) {
      if (kind !== "embedded" && kind !== "neo4j" && kind !== "neo4j-offline")
        throw new ScaleBenchError(`bench/scale: unknown store "${kind}"`);
      rows.push(...(await runStore(kind, caseDir)));
      print(rows);
    }
  writeFileSync(path.join(ROOT, "results.json"), JSON.stringify(rows, null, 2));
  print(rows);
  if (rows.some((r) => r.stopped && r.store !== "neo4j")) process.exitCode = 1;
}

await main();
