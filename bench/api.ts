/**
 * `npm run bench:api`: the HTTP API under load, signed in with a session cookie, against a case of about 1M transfers
 * on each store (embedded and Neo4j). Modes (BENCH_API_MODE, default "open"; "both" runs open and closed):
 *
 * - open: a fixed arrival rate (bench/open-loop.ts: requests leave on schedule whether or not earlier ones were
 *   answered, latency counted from the scheduled time) of a mixed investigator workload — search 60% (whole
 *   identifiers, fragments, holder names), entity 25%, neighbourhood 15%, on real ids of the case — stepped up
 *   (BENCH_API_RATES) until p99 reaches 250 ms. It reports the highest rate with p99 < 250 ms and no error, beside
 *   the same search for GET /readyz alone (one trivial store round trip, no session, no audit) on the same server in
 *   the same run. Targets: embedded ≥ 400 requests/s; Neo4j ≥ half its /readyz rate.
 * - closed: 100 clients in a closed loop (autocannon) per route — search (whole identifiers, fragments) and
 *   neighbourhood — beside GET /healthz (no store, no audit) and GET /readyz. This measures queueing more than the
 *   product (100 waiting clients on 2 cores), kept for comparison with earlier runs.
 *
 * The case is generated once (generator, ~100k accounts ≈ 1M transfers) and ingested once per store into
 * .cache/bench-api/ (reruns only measure); when bench:trace has already generated and ingested the same-sized case
 * under .cache/bench-trace/, its case and stores are reused (this bench only adds a user and audit entries). The server runs in a child process so that the load generator does not
 * share its event loop. Every measured request is a real one: validated, access-checked and audited.
 *
 * - cost: each kind of request alone at a gentle rate, and the CPU time per request of the server, the Neo4j JVM and
 *   the load generator (where a request's time goes, docs/SCALE.md § API under load), after the same warm-up.
 *
 * Every open-loop step also logs where its time went: its slowest requests (kind and path), the generator's own send
 * lag, CPU per answered request of the server, the JVM and the generator, how busy the two cores were and how much
 * of that was other processes, the JVM's GC pauses (jstat) and the server's GC time and event-loop delay.
 *
 * Env: BENCH_API_MODE open|closed|both|cost; BENCH_API_COST_RATE (cost mode, default 40); BENCH_API_RATES requests/s to climb (default
 * 50,100,200,300,400,600,800,1000,1200,1600,2000,2400,3200,4000); BENCH_API_STEP_SECONDS per rate (default 12);
 * BENCH_API_CASE=DIR reuse a generated case (DIR/exports, DIR/truth.json); BENCH_API_ACCOUNTS (default 100000);
 * BENCH_API_DURATION seconds per route (default 20); BENCH_API_CONNECTIONS (default 100); BENCH_API_STORES
 * (default "embedded,neo4j"); BENCH_API_CPU_PROF=DIR write a CPU profile of the server child; BENCH_API_WORKLOADS
 * (default "readyz,mixed"; "mixed" alone for experiments, no ratio then); BENCH_API_SLOWEST=0 leaves out the slowest
 * requests; BENCH_API_WARMUP_RATES (default 50,100) and BENCH_API_WARMUP_MAX_S (default 300): the warm-up before the
 * climbs, which on Neo4j runs at each rate until the JVM's JIT settles (warmUp); BENCH_API_AUDIT=off an experiment only: the server writes no audit trail (what the trail costs under load); NEO4J_URI (+ NEO4J_USERNAME, NEO4J_PASSWORD) to use a running Neo4j instead of starting
 * one (it must be empty or hold this case). Run under `flock /tmp/heavy.lock`.
 */
import { fork, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import autocannon from "autocannon";
import { generateCase } from "../generator/index.js";
import { ingestFiles } from "../ingest/index.js";
import { hashPassword } from "../server/auth/password.js";
import { readEnv } from "../server/config.js";
import { startServer } from "../server/index.js";
import { createLogger } from "../server/logger.js";
import { openEmbeddedStore } from "../server/store/embedded/index.js";
import { openNeo4jStore } from "../server/store/neo4j/index.js";
import type { GraphStore } from "../server/store/types.js";
import { startNeo4j, type Neo4jServer } from "../test/support/neo4j-server.js";
import {
  findMaxRate,
  openLoopStep,
  type OpenLoopOptions,
  type StepResult,
  type WorkItem,
} from "./open-loop.js";

const ROOT = path.resolve(".cache/bench-api");
const ACCOUNTS = Number(process.env.BENCH_API_ACCOUNTS ?? 100_000);
const DURATION = Number(process.env.BENCH_API_DURATION ?? 20);
const CONNECTIONS = Number(process.env.BENCH_API_CONNECTIONS ?? 100);
const STORES = (process.env.BENCH_API_STORES ?? "embedded,neo4j").split(",").map((s) => s.trim());
const USER = { username: "bench", password: "bench-password-1" };
const TARGET_P99_MS = 250;
const MODE = process.env.BENCH_API_MODE ?? "open";
const RATES = (process.env.BENCH_API_RATES ?? "50,100,200,300,400,600,800,1000,1200,1600,2000,2400,3200,4000")
  .split(",")
  .map(Number);
const STEP_SECONDS = Number(process.env.BENCH_API_STEP_SECONDS ?? 12);
const TARGET_EMBEDDED_RPS = 400;
/** Linux clock ticks per second (/proc CPU times), `getconf CLK_TCK`. */
const CLOCK_TICKS = 100;

type StoreKind = "embedded" | "neo4j";
interface Neo4jTarget {
  uri: string;
  username: string;
  password: string;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = path.join(dir, n);
      return statSync(p).isDirectory() ? filesUnder(p) : [p];
    });
}

function log(line: string): void {
  process.stderr.write(`[bench:api] ${line}\n`);
}

// ---------- the case ----------

/** The case: BENCH_API_CASE, else this bench's cached one, else bench:trace's (same generator), else a new one. */
async function ensureCase(): Promise<string> {
  if (process.env.BENCH_API_CASE) return path.resolve(process.env.BENCH_API_CASE);
  const own = path.join(ROOT, `case-${ACCOUNTS}`);
  const shared = path.resolve(`.cache/bench-trace/case-${ACCOUNTS}`);
  if (!existsSync(path.join(own, "truth.json")) && existsSync(path.join(shared, "truth.json"))) return shared;
  if (!existsSync(path.join(own, "truth.json"))) {
    log(`generating a case of about ${ACCOUNTS} accounts into ${own} (once)`);
    const t = performance.now();
    await generateCase({ out: own, seed: 11, accounts: ACCOUNTS });
    log(`generated in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  }
  return own;
}

/** Where a store of this case lives: this bench's own when ingested, else bench:trace's copy of it, else a new one. */
function storeDir(kind: StoreKind, caseDir: string): string {
  const name = `${kind}-${path.basename(caseDir)}`;
  const ingested = (dir: string) => {
    const marker = path.join(dir, ".ingested");
    return existsSync(marker) && readFileSync(marker, "utf8").trim() === caseDir;
  };
  const own = path.join(ROOT, name);
  const shared = path.resolve(".cache/bench-trace", name);
  return !ingested(own) && ingested(shared) ? shared : own;
}

async function ensureIngested(store: GraphStore, caseDir: string, marker: string): Promise<void> {
  if (existsSync(marker) && readFileSync(marker, "utf8").trim() === caseDir) return;
  const stats = await store.stats();
  if (stats.transfers > 0)
    throw new Error(`bench/api: ${store.kind} store holds data but no ingest marker (${marker})`);
  log(`ingesting the case into the ${store.kind} store (once)`);
  const t = performance.now();
  // One bulk load, as `mulegraph ingest` and uploads write: batch by batch commits would leave the embedded search
  // index in thousands of small segments, every search reading them all (a whole IBAN 16-27 ms instead of 2).
  const summary = await store.bulkLoad(() =>
    ingestFiles(filesUnder(path.join(caseDir, "exports")), {
      onBatch: (records) => store.writeBatch(records),
    }),
  );
  log(`ingested ${summary.totals.rowsRead} rows in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  writeFileSync(marker, caseDir);
}

/** Deterministic request paths from the case's truth: account IBANs and ring identifiers. */
function requestPaths(caseDir: string): {
  search: string[];
  fragments: string[];
  neighbourhood: string[];
  entities: string[];
} {
  const truth = JSON.parse(readFileSync(path.join(caseDir, "truth.json"), "utf8")) as {
    accounts: Record<string, unknown>;
    rings: Record<string, { phones?: string[]; ips?: string[]; members: string[] }>;
  };
  const accounts = Object.keys(truth.accounts).filter((k) => /^KZ/.test(k));
  const step = Math.max(1, Math.floor(accounts.length / 2000));
  const sample = accounts.filter((_, i) => i % step === 0);
  const ids = Object.values(truth.rings).flatMap((r) => [...(r.phones ?? []), ...(r.ips ?? [])]);
  const enc = encodeURIComponent;
  const search = [
    ...sample.map((a) => `/api/search?q=${enc(a)}`),
    ...ids.map((v) => `/api/search?q=${enc(v)}`),
  ];
  // What an investigator types from a screenshot or a call: a middle chunk or the last 4 digits of an IBAN, part of a
  // phone number, the first three octets of an IP (docs/SEARCH.md).
  const fragments = [
    ...sample.map((a, i) => `/api/search?q=${enc(i % 2 === 0 ? a.slice(8, 15) : a.slice(-4))}`),
    ...ids.map(
      (v) => `/api/search?q=${enc(v.startsWith("+") ? v.slice(4, 10) : v.split(".").slice(0, 3).join("."))}`,
    ),
  ];
  const neighbourhood = sample.map((a) => `/api/graph/neighbourhood?ids=${enc(`account:${a}`)}&depth=1`);
  const phones = Object.values(truth.rings).flatMap((r) => r.phones ?? []);
  const entities = [
    ...sample.map((a) => `/api/entities/${enc(`account:${a}`)}`),
    ...phones.map((p) => `/api/entities/${enc(`phone:${p}`)}`),
  ];
  return { search, fragments, neighbourhood, entities };
}

// ---------- the server (child process) ----------

async function serveChild(kind: StoreKind, dataDir: string, neo4j: Neo4jTarget | null): Promise<void> {
  const env = readEnv({ ...process.env, LOG_LEVEL: "warn" });
  // As `npm start` opens it: the embedded store with MULEGRAPH_READ_WORKERS read worker threads.
  const store: GraphStore =
    kind === "embedded"
      ? await openEmbeddedStore({ dataDir, readWorkers: env.MULEGRAPH_READ_WORKERS })
      : await openNeo4jStore({ ...neo4j! });
  await store.putUser({
    username: USER.username,
    role: "investigator",
    passwordHash: await hashPassword(USER.password),
    createdAt: Date.now(),
  });
  // BENCH_API_AUDIT=off: an experiment only, to measure what the audit trail costs under load; the server then
  // writes no audit entry and no signed head (never a product setting; the bench says so in its log).
  const served =
    process.env.BENCH_API_AUDIT === "off"
      ? new Proxy(store, {
          get(target, prop) {
            if (prop === "appendAudit" || prop === "appendAuditBatch") return async () => undefined;
            if (prop === "auditHeadLog") return undefined;
            const v = Reflect.get(target, prop) as unknown;
            return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
          },
        })
      : store;
  const running = await startServer({
    env,
    port: 0,
    host: "127.0.0.1",
    dataDir,
    store: served,
    logger: createLogger("warn"),
    handleSignals: true,
    options: { clientDir: null },
  });
  // The bench asks between steps how long the server's event loop was held and how long V8 collected garbage
  // (which requests wait on the server's one thread, docs/SCALE.md § API under load).
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  let gcMs = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcMs += e.duration;
  }).observe({ entryTypes: ["gc"] });
  process.on("message", (m) => {
    if ((m as { probe?: boolean }).probe !== true) return;
    process.send!({
      probe: {
        loopP99: loopDelay.percentile(99) / 1e6,
        loopMax: loopDelay.max / 1e6,
        gcMs,
      },
    });
    loopDelay.reset();
  });
  process.send!({ url: running.url });
  await running.closed;
  process.exit(0);
}

function startChild(
  kind: StoreKind,
  dataDir: string,
  neo4j: Neo4jTarget | null,
): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(fileURLToPath(import.meta.url), ["--serve", kind, dataDir, JSON.stringify(neo4j)], {
    execArgv: [
      "--import",
      "tsx",
      "--max-old-space-size=4096",
      // As `npm start` and the Docker image run the server (a 32 MiB young generation).
      "--max-semi-space-size=32",
      // BENCH_API_CPU_PROF=DIR: a V8 CPU profile of the server, written to DIR when it exits.
      ...(process.env.BENCH_API_CPU_PROF
        ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_API_CPU_PROF}`]
        : []),
    ],
  });
  return new Promise((resolve, reject) => {
    child.once("message", (m) => resolve({ child, url: (m as { url: string }).url }));
    child.once("exit", (code) => reject(new Error(`bench/api: server child exited with ${code}`)));
  });
}

// ---------- measuring ----------

async function signIn(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(USER),
  });
  if (res.status !== 200) throw new Error(`bench/api: sign-in failed with ${res.status}`);
  return res.headers.getSetCookie()[0]!.split(";")[0]!;
}

/** Wait until /healthz answers within 50 ms three times in a row (the server has no backlog left). */
async function waitIdle(url: string): Promise<void> {
  const deadline = Date.now() + 300_000;
  let quick = 0;
  while (quick < 3 && Date.now() < deadline) {
    const t = performance.now();
    await fetch(`${url}/healthz`).then((r) => r.arrayBuffer());
    quick = performance.now() - t < 50 ? quick + 1 : 0;
    if (quick === 0) await new Promise((r) => setTimeout(r, 500));
  }
}

interface Row {
  store: string;
  route: string;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  requests: number;
  non2xx: number;
  errors: number;
}

async function measure(
  store: string,
  route: string,
  url: string,
  cookie: string,
  paths: string[],
): Promise<Row> {
  let i = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION,
    timeout: 30,
    headers: { cookie, accept: "application/json" },
    requests: [
      {
        method: "GET",
        setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }),
      },
    ],
  });
  return {
    store,
    route,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

// ---------- open loop ----------

/** Holder names as the API shows them (an account's label), to search by; a few hundred accounts are enough. */
async function holderNames(url: string, cookie: string, entities: string[]): Promise<string[]> {
  const names = new Set<string>();
  for (const p of entities.filter((e) => e.includes("account%3A")).slice(0, 300)) {
    const res = await fetch(`${url}${p}`, { headers: { cookie, accept: "application/json" } });
    if (res.status !== 200) continue;
    const body = (await res.json()) as { node: { label: string } };
    const label = body.node.label.trim();
    if (/\p{L}+ \p{L}+/u.test(label) && !/^[A-Z]{2}\d{2}/.test(label)) names.add(label);
  }
  return [...names];
}

/**
 * The investigator workload: search 60% (a third each whole identifiers, fragments, holder names — half of these
 * in another word order), entity 25%, neighbourhood 15%; in a fixed pseudo-random order (mulberry32, seed 21).
 */
function mixedWorkload(paths: ReturnType<typeof requestPaths>, names: string[], size = 20_000): WorkItem[] {
  let seed = 21;
  const rand = (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)]!;
  const enc = encodeURIComponent;
  const nameSearch = names.flatMap((n) => [
    `/api/search?q=${enc(n)}`,
    `/api/search?q=${enc(n.split(/\s+/).reverse().join(" "))}`,
  ]);
  const searchLists: [string, string[]][] = [
    ["search:identifier", paths.search],
    ["search:fragment", paths.fragments],
    nameSearch.length ? ["search:name", nameSearch] : ["search:identifier", paths.search],
  ];
  const items: WorkItem[] = [];
  for (let i = 0; i < size; i++) {
    const r = rand();
    if (r < 0.6) {
      const [kind, list] = pick(searchLists);
      items.push({ kind, path: pick(list) });
    } else if (r < 0.85) items.push({ kind: "entity", path: pick(paths.entities) });
    else items.push({ kind: "neighbourhood", path: pick(paths.neighbourhood) });
  }
  return items;
}

interface OpenResult {
  store: string;
  readyz: { maxRate: number; steps: StepResult[] };
  mixed: { maxRate: number; steps: StepResult[] };
  names: number;
}

function logStep(kind: string, workload: string, s: StepResult): void {
  const kinds = Object.entries(s.p99ByKind)
    .map(([k, v]) => `${k} ${v.toFixed(0)}`)
    .join(", ");
  log(
    `${kind} ${workload} ${s.rate}/s: p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms, max ${s.max.toFixed(0)} ms, ` +
      `${s.answered}/${s.sent} answered, ${s.failed} failed${kinds ? ` (p99 ${kinds})` : ""}; ` +
      `send lag p99 ${s.sendLagP99.toFixed(1)}, max ${s.sendLagMax.toFixed(1)} ms → ${s.pass ? "pass" : "FAIL"}`,
  );
  if (process.env.BENCH_API_SLOWEST !== "0")
    log(
      `  slowest: ${s.slowest.map((r) => `${r.ms.toFixed(0)} ${r.kind} ${decodeURIComponent(r.path)}`).join("; ")}`,
    );
}

/** What the machine and the processes of a run have spent so far (a step's figures are differences of two). */
interface Probe {
  at: number;
  server: number;
  database: number;
  generator: number;
  /** All cores, from /proc/stat: busy (user, nice, system, irq, softirq, steal) and niced, ms of CPU. */
  busy: number;
  nice: number;
  /** The JVM's garbage collection so far (jstat -gc): pauses and their total time, concurrent cycles' time, ms. */
  jvmPauses: number;
  jvmPauseMs: number;
  jvmConcurrentMs: number;
  /** CPU of the JVM's JIT compiler threads so far, ms (a JVM still compiling spends a core's share on it). */
  jvmJitMs: number;
  /** The server's event-loop delay since the last probe (p99 and max, ms) and its V8 GC time so far, ms. */
  loopP99: number;
  loopMax: number;
  serverGcMs: number;
}

function machineCpu(): { busy: number; nice: number } {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0]!;
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  const tick = 1000 / CLOCK_TICKS;
  return { busy: (user! + nice! + system! + irq! + softirq! + steal!) * tick, nice: nice! * tick };
}

function jvmGc(pid: number | null): { pauses: number; pauseMs: number; concurrentMs: number } {
  if (pid === null) return { pauses: 0, pauseMs: 0, concurrentMs: 0 };
  const r = spawnSync("jstat", ["-gc", String(pid)], { encoding: "utf8" });
  const [head, values] = (r.stdout ?? "").trim().split("\n");
  if (!head || !values) return { pauses: NaN, pauseMs: NaN, concurrentMs: NaN };
  const cols = head.trim().split(/\s+/);
  const vals = values.trim().split(/\s+/).map(Number);
  const v = (name: string) => vals[cols.indexOf(name)] ?? NaN;
  return {
    pauses: v("YGC") + v("FGC"),
    pauseMs: (v("YGCT") + v("FGCT")) * 1000,
    concurrentMs: v("CGCT") * 1000,
  };
}

/** CPU time of a JVM's JIT compiler threads (C1 and C2) so far, ms, from /proc/<pid>/task (Linux). */
function jitCpuMs(pid: number | null): number {
  if (pid === null) return 0;
  let total = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      if (!/^C[12] CompilerThre/.test(readFileSync(`/proc/${pid}/task/${tid}/comm`, "utf8"))) continue;
      total += statCpuMs(`/proc/${pid}/task/${tid}/stat`);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return total;
}

function serverProbe(child: ChildProcess): Promise<{ loopP99: number; loopMax: number; gcMs: number }> {
  return new Promise((resolve) => {
    const on = (m: unknown) => {
      const probe = (m as { probe?: { loopP99: number; loopMax: number; gcMs: number } }).probe;
      if (!probe) return;
      child.off("message", on);
      resolve(probe);
    };
    child.on("message", on);
    child.send({ probe: true });
  });
}

async function probe(child: ChildProcess, databasePid: number | null): Promise<Probe> {
  const loop = await serverProbe(child);
  const gc = jvmGc(databasePid);
  const cpu = machineCpu();
  const own = process.cpuUsage();
  return {
    at: performance.now(),
    server: cpuMs(child.pid!),
    database: databasePid ? cpuMs(databasePid) : 0,
    generator: (own.user + own.system) / 1000,
    busy: cpu.busy,
    nice: cpu.nice,
    jvmPauses: gc.pauses,
    jvmPauseMs: gc.pauseMs,
    jvmConcurrentMs: gc.concurrentMs,
    jvmJitMs: jitCpuMs(databasePid),
    loopP99: loop.loopP99,
    loopMax: loop.loopMax,
    serverGcMs: loop.gcMs,
  };
}

/** The JIT compiler threads' share of the JVM's CPU between two probes, as a percentage. */
function jitShare(before: Probe, after: Probe): string {
  const jvm = after.database - before.database;
  return jvm > 0 ? `${((100 * (after.jvmJitMs - before.jvmJitMs)) / jvm).toFixed(0)}%` : "—";
}

/** One line of where a step's time went: CPU per answered request by process, the cores' load, GC, the event loop. */
function probeLine(before: Probe, after: Probe, answered: number): string {
  const seconds = (after.at - before.at) / 1000;
  const n = Math.max(1, answered);
  const per = (k: "server" | "database" | "generator") => ((after[k] - before[k]) / n).toFixed(2);
  const others =
    after.busy - before.busy - (after.server - before.server) - (after.database - before.database);
  const pauses = after.jvmPauses - before.jvmPauses;
  return (
    `  CPU per request: server ${per("server")}, database ${per("database")}, generator ${per("generator")} ms; ` +
    `cores busy ${((after.busy - before.busy) / seconds / 1000).toFixed(2)} of 2 (niced ${((after.nice - before.nice) / seconds / 1000).toFixed(2)}, ` +
    `outside the server and the database ${(others / seconds / 1000).toFixed(2)}); ` +
    `JVM GC ${pauses} pauses, ${(after.jvmPauseMs - before.jvmPauseMs).toFixed(0)} ms (concurrent ${(after.jvmConcurrentMs - before.jvmConcurrentMs).toFixed(0)} ms), ` +
    `JIT ${((after.jvmJitMs - before.jvmJitMs) / seconds).toFixed(0)} ms/s (${jitShare(before, after)} of the JVM's CPU); ` +
    `server GC ${(after.serverGcMs - before.serverGcMs).toFixed(0)} ms, event loop delay p99 ${after.loopP99.toFixed(1)} ms, max ${after.loopMax.toFixed(0)} ms`
  );
}

/** CPU time (user + system) of a process so far, ms, from /proc (Linux). */
function cpuMs(pid: number): number {
  return statCpuMs(`/proc/${pid}/stat`);
}

/** CPU time (user + system) from a process's or a thread's stat file, ms. */
function statCpuMs(file: string): number {
  const stat = readFileSync(file, "utf8");
  // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15 (clock ticks).
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

interface CostRow {
  kind: string;
  requests: number;
  p50: number;
  p99: number;
  server: number;
  database: number | null;
  client: number;
}

/**
 * Where a request's CPU goes (BENCH_API_MODE=cost): each kind alone at a gentle rate (BENCH_API_COST_RATE, default
 * 40/s, well under saturation), and the CPU time the server child, the Neo4j JVM and this load generator spent per
 * answered request, less what the server and the JVM spend idle over the same time (measured first). On two cores, 2 000 ms ÷ (their sum) bounds the rate any scheduling could reach.
 */
async function costs(
  kind: StoreKind,
  url: string,
  cookie: string,
  paths: ReturnType<typeof requestPaths>,
  child: ChildProcess,
  databasePid: number | null,
): Promise<CostRow[]> {
  const serverPid = child.pid!;
  const names = await holderNames(url, cookie, paths.entities);
  const enc = encodeURIComponent;
  const rate = Number(process.env.BENCH_API_COST_RATE ?? 40);
  const items = (k: string, list: string[]): WorkItem[] => list.map((p) => ({ kind: k, path: p }));
  const kinds: [string, WorkItem[]][] = [
    ["readyz", [{ kind: "readyz", path: "/readyz" }]],
    ["search (identifier)", items("search", paths.search)],
    ["search (fragment)", items("search", paths.fragments)],
    [
      "search (name)",
      items(
        "search",
        names.map((n) => `/api/search?q=${enc(n)}`),
      ),
    ],
    ["entity", items("entity", paths.entities)],
    ["neighbourhood", items("neighbourhood", paths.neighbourhood)],
  ];
  const headers = { cookie, accept: "application/json" };
  // A warm JVM, as the open loop's climbs have: a fresh one spends a third of its CPU compiling (warmUp).
  await warmUp(
    kind,
    { url, headers, seconds: STEP_SECONDS, p99Ms: TARGET_P99_MS },
    mixedWorkload(paths, names),
    child,
    databasePid,
  );
  // What the two processes spend with no request at all (timers, the JVM's background threads), per second: taken
  // off each kind's CPU so that a gentle rate does not charge it to the requests.
  await waitIdle(url);
  const idleStart = {
    at: performance.now(),
    server: cpuMs(serverPid),
    db: databasePid ? cpuMs(databasePid) : 0,
  };
  await new Promise((r) => setTimeout(r, STEP_SECONDS * 1000));
  const idleSeconds = (performance.now() - idleStart.at) / 1000;
  const idle = {
    server: (cpuMs(serverPid) - idleStart.server) / idleSeconds,
    db: databasePid ? (cpuMs(databasePid) - idleStart.db) / idleSeconds : 0,
  };
  log(`${kind} cost idle: server ${idle.server.toFixed(1)} ms/s, database ${idle.db.toFixed(1)} ms/s of CPU`);
  const rows: CostRow[] = [];
  for (const [label, list] of kinds) {
    const opts = { url, headers, items: list, seconds: STEP_SECONDS, p99Ms: TARGET_P99_MS };
    // Warm this kind's plans and pages first, on other requests of the same kind than the measured ones.
    await openLoopStep(rate, { ...opts, seconds: 3 }, Math.floor(list.length / 2));
    await waitIdle(url);
    const before = {
      at: performance.now(),
      server: cpuMs(serverPid),
      db: databasePid ? cpuMs(databasePid) : 0,
      client: process.cpuUsage(),
    };
    const s = await openLoopStep(rate, opts);
    const seconds = (performance.now() - before.at) / 1000;
    const client = process.cpuUsage(before.client);
    const n = Math.max(1, s.answered);
    const row: CostRow = {
      kind: label,
      requests: s.answered,
      p50: s.p50,
      p99: s.p99,
      server: (cpuMs(serverPid) - before.server - idle.server * seconds) / n,
      database: databasePid ? (cpuMs(databasePid) - before.db - idle.db * seconds) / n : null,
      client: (client.user + client.system) / 1000 / n,
    };
    rows.push(row);
    log(
      `${kind} cost ${label}: ${row.requests} requests at ${rate}/s, p50 ${row.p50.toFixed(1)} ms, p99 ${row.p99.toFixed(1)} ms; ` +
        `CPU per request: server ${row.server.toFixed(2)} ms, database ${row.database?.toFixed(2) ?? "—"} ms, ` +
        `load generator ${row.client.toFixed(2)} ms`,
    );
  }
  const mix: Record<string, number> = {
    "search (identifier)": 0.2,
    "search (fragment)": 0.2,
    "search (name)": 0.2,
    entity: 0.25,
    neighbourhood: 0.15,
  };
  const total = (r: CostRow) => r.server + (r.database ?? 0) + r.client;
  const mixed = rows.reduce((sum, r) => sum + (mix[r.kind] ?? 0) * total(r), 0);
  console.log(`\napi bench, CPU per request (${kind}, each kind alone at ${rate}/s for ${STEP_SECONDS} s)`);
  console.log("kind                  p50 ms  p99 ms  server ms  database ms  generator ms  total ms");
  for (const r of rows) {
    console.log(
      `${r.kind.padEnd(20)}  ${r.p50.toFixed(1).padStart(6)}  ${r.p99.toFixed(1).padStart(6)}  ${r.server.toFixed(2).padStart(9)}  ` +
        `${(r.database?.toFixed(2) ?? "—").padStart(11)}  ${r.client.toFixed(2).padStart(12)}  ${total(r).toFixed(2).padStart(8)}`,
    );
  }
  console.log(
    `mixed (weighted)      ${mixed.toFixed(2)} ms of CPU per request: at most ${(2000 / mixed).toFixed(0)} requests/s on 2 cores`,
  );
  return rows;
}

/** Warm-up rounds last this long; the JIT's share is judged over one round. */
const WARMUP_ROUND_S = 10;
/** The JVM counts as warm when its JIT compiler threads spent less than this share of its CPU over the last round. */
const JIT_SETTLED_SHARE = 0.05;

/**
 * Warm the server, the store's caches and (on Neo4j) the JVM before the climbs, with both workloads: the mix with a
 * `/readyz` in every five requests, at moderate rates (BENCH_API_WARMUP_RATES, default 50 then 100/s), on other
 * requests than the measured ones. A fresh JVM spends a third to half of its CPU compiling under load for minutes
 * (docs/SCALE.md § API under load), and a production server is warm: on Neo4j, at each rate in turn, rounds of
 * WARMUP_ROUND_S go on until the JIT compiler threads spent under JIT_SETTLED_SHARE of the JVM's CPU over the last
 * round, all within BENCH_API_WARMUP_MAX_S (default 300). The embedded store (no JVM) gets one 15 s round at the
 * first rate, as before.
 */
async function warmUp(
  kind: StoreKind,
  base: Omit<OpenLoopOptions, "items">,
  mixed: WorkItem[],
  child: ChildProcess,
  databasePid: number | null,
): Promise<void> {
  const rates = (process.env.BENCH_API_WARMUP_RATES ?? "50,100").split(",").map(Number);
  const maxSeconds = Number(process.env.BENCH_API_WARMUP_MAX_S ?? 300);
  const items = mixed.map((item, i) => (i % 5 === 4 ? { kind: "readyz", path: "/readyz" } : item));
  const t0 = performance.now();
  const elapsed = () => (performance.now() - t0) / 1000;
  let offset = Math.floor(items.length / 2);
  if (databasePid === null) {
    await openLoopStep(rates[0]!, { ...base, items, seconds: 15 }, offset);
    log(`${kind}: warmed with ${rates[0]! * 15} requests in 15 s`);
    return;
  }
  let share = 1;
  let rounds = 0;
  // Stage by stage: a cold JVM is saturated at the first rate already; a higher rate compiles what a lower one
  // left (the mix's climb at 150-200/s after a warm-up at 50/s alone still spent 11% of the JVM's CPU compiling).
  for (const rate of rates) {
    share = 1;
    while (share >= JIT_SETTLED_SHARE && elapsed() < maxSeconds) {
      const before = await probe(child, databasePid);
      const s = await openLoopStep(rate, { ...base, items, seconds: WARMUP_ROUND_S }, offset);
      const after = await probe(child, databasePid);
      offset += s.sent;
      rounds++;
      const seconds = (after.at - before.at) / 1000;
      const jvm = after.database - before.database;
      share = jvm > 0 ? (after.jvmJitMs - before.jvmJitMs) / jvm : 0;
      log(
        `${kind} warm-up round ${rounds} at ${rate}/s: p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms; ` +
          `JVM ${(jvm / seconds).toFixed(0)} ms/s of CPU, JIT ${((after.jvmJitMs - before.jvmJitMs) / seconds).toFixed(0)} ms/s ` +
          `(${(100 * share).toFixed(1)}%)`,
      );
    }
  }
  log(
    `${kind}: warmed in ${elapsed().toFixed(0)} s (${rounds} rounds at ${rates.join(", then ")}/s); ` +
      `the JIT's share of the JVM's CPU over the last round ${(100 * share).toFixed(1)}%` +
      `${share >= JIT_SETTLED_SHARE ? ` (still ≥ ${100 * JIT_SETTLED_SHARE}%: stopped at the ${maxSeconds} s cap)` : ""}`,
  );
}

async function openLoop(
  kind: StoreKind,
  url: string,
  cookie: string,
  paths: ReturnType<typeof requestPaths>,
  child: ChildProcess,
  databasePid: number | null,
): Promise<OpenResult> {
  const names = await holderNames(url, cookie, paths.entities);
  const mixed = mixedWorkload(paths, names);
  log(
    `${kind}: open loop, ${names.length} holder names; steps of ${STEP_SECONDS} s at ${RATES.join(", ")} requests/s`,
  );
  const headers = { cookie, accept: "application/json" };
  const base = { url, headers, seconds: STEP_SECONDS, p99Ms: TARGET_P99_MS };
  await warmUp(kind, base, mixed, child, databasePid);
  let before: Probe | null = null;
  const between = async () => {
    await waitIdle(url);
    before = await probe(child, databasePid);
  };
  const onStep = (workload: string) => async (s: StepResult) => {
    const after = await probe(child, databasePid);
    logStep(kind, workload, s);
    if (before) log(probeLine(before, after, s.answered));
  };
  // BENCH_API_WORKLOADS=mixed skips the /readyz climb (for experiments on the mix alone; no ratio then).
  const workloads = (process.env.BENCH_API_WORKLOADS ?? "readyz,mixed").split(",");
  const skipped = { maxRate: 0, steps: [] };
  const readyz = workloads.includes("readyz")
    ? await findMaxRate(
        RATES,
        { ...base, items: [{ kind: "readyz", path: "/readyz" }] },
        between,
        onStep("GET /readyz"),
      )
    : skipped;
  const mix = workloads.includes("mixed")
    ? await findMaxRate(RATES, { ...base, items: mixed }, between, onStep("mixed"))
    : skipped;
  return { store: kind, readyz, mixed: mix, names: names.length };
}

function printOpen(results: OpenResult[]): void {
  const top = RATES[RATES.length - 1]!;
  const rateText = (r: { maxRate: number; steps: StepResult[] }) =>
    r.maxRate === top && r.steps[r.steps.length - 1]!.pass ? `≥ ${top}` : String(r.maxRate);
  const at = (r: { maxRate: number; steps: StepResult[] }) => {
    const ok = [...r.steps].reverse().find((s) => s.pass && s.rate === r.maxRate);
    const bad = [...r.steps].reverse().find((s) => !s.pass);
    return `${ok ? `p99 ${ok.p99.toFixed(0)} ms at ${ok.rate}/s` : "—"}${bad ? `; ${bad.rate}/s: p99 ${Number.isFinite(bad.p99) ? `${bad.p99.toFixed(0)} ms` : "∞"}${bad.failed ? `, ${bad.failed} failed` : ""}` : ""}`;
  };
  console.log(
    `\napi bench, open loop: highest arrival rate with p99 < ${TARGET_P99_MS} ms and no error (steps of ${STEP_SECONDS} s; ` +
      `mixed = search 60% / entity 25% / neighbourhood 15%)`,
  );
  for (const r of results) {
    const target = r.store === "embedded" ? TARGET_EMBEDDED_RPS : r.readyz.maxRate / 2;
    const ratio = r.readyz.maxRate > 0 ? r.mixed.maxRate / r.readyz.maxRate : 0;
    console.log(
      `${r.store.padEnd(8)}  GET /readyz (floor)  ${rateText(r.readyz).padStart(7)} req/s  (${at(r.readyz)})`,
    );
    console.log(
      `${r.store.padEnd(8)}  mixed workload       ${rateText(r.mixed).padStart(7)} req/s  (${at(r.mixed)}); ` +
        `${ratio.toFixed(2)}× the /readyz rate; target ≥ ${target.toFixed(0)} req/s` +
        `${r.store === "embedded" ? "" : " (half the /readyz rate)"}: ${r.mixed.maxRate >= target ? "met" : "NOT met"}`,
    );
  }
}

async function benchStore(
  kind: StoreKind,
  caseDir: string,
  paths: ReturnType<typeof requestPaths>,
): Promise<{ closed: Row[]; open: OpenResult | null }> {
  let neo4jServer: Neo4jServer | null = null;
  let neo4j: Neo4jTarget | null = null;
  const dataDir = storeDir(kind, caseDir);
  mkdirSync(dataDir, { recursive: true });
  log(`${kind}: store in ${dataDir}`);
  try {
    let store: GraphStore;
    if (kind === "embedded") store = await openEmbeddedStore({ dataDir });
    else {
      if (process.env.NEO4J_URI) {
        neo4j = {
          uri: process.env.NEO4J_URI,
          username: process.env.NEO4J_USERNAME ?? "neo4j",
          password: process.env.NEO4J_PASSWORD ?? "",
        };
      } else {
        neo4jServer = await startNeo4j({
          dataDir: path.join(dataDir, "neo4j"),
          heap: "2g",
          // The 100k case's store files (nodes, relationships, properties, indexes) take 1.4 GiB; a page cache that
          // holds them all keeps reads off the disk (transaction logs are not cached). docs/SCALE.md § API under load.
          pageCache: "2g",
          log,
        });
        neo4j = { uri: neo4jServer.uri, username: neo4jServer.username, password: neo4jServer.password };
      }
      store = await openNeo4jStore({ ...neo4j });
    }
    try {
      await ensureIngested(store, caseDir, path.join(dataDir, ".ingested"));
      const stats = await store.stats();
      log(`${kind}: ${stats.accounts} accounts, ${stats.transfers} transfers`);
      if (stats.transfers === 0)
        throw new Error(`bench/api: the ${kind} store in ${dataDir} is empty; remove it`);
    } finally {
      await store.close();
    }

    const { child, url } = await startChild(kind, dataDir, neo4j);
    try {
      const cookie = await signIn(url);
      if (MODE === "cost") {
        await costs(kind, url, cookie, paths, child, neo4jServer?.pid ?? null);
        return { closed: [], open: null };
      }
      if (process.env.BENCH_API_AUDIT === "off")
        log("EXPERIMENT: BENCH_API_AUDIT=off, the server writes no audit trail");
      const open =
        MODE === "closed" ? null : await openLoop(kind, url, cookie, paths, child, neo4jServer?.pid ?? null);
      if (open) printOpen([open]);
      if (MODE === "open") return { closed: [], open };
      await waitIdle(url);
      const rows: Row[] = [];
      rows.push(await measure(kind, "GET /healthz (reference)", url, cookie, ["/healthz"]));
      // Warm caches (SQLite pages, Neo4j page cache and query plans) before measuring.
      await measure(kind, "warm-up", url, cookie, [
        ...paths.search.slice(0, 200),
        ...paths.neighbourhood.slice(0, 200),
      ]);
      // When autocannon stops, the server still works off the requests it had queued: let it finish them, so that
      // one route's backlog is not measured as the next route's latency.
      await waitIdle(url);
      rows.push(await measure(kind, "GET /readyz (one store round trip)", url, cookie, ["/readyz"]));
      await waitIdle(url);
      rows.push(await measure(kind, "GET /api/search", url, cookie, paths.search));
      await waitIdle(url);
      rows.push(await measure(kind, "GET /api/search (fragments)", url, cookie, paths.fragments));
      await waitIdle(url);
      rows.push(await measure(kind, "GET /api/graph/neighbourhood", url, cookie, paths.neighbourhood));
      return { closed: rows, open };
    } finally {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
  } finally {
    await neo4jServer?.stop();
  }
}

function print(rows: Row[]): void {
  const head = [
    "store",
    "route",
    "req/s",
    "p50 ms",
    "p99 ms",
    "max ms",
    "requests",
    "non-2xx",
    "errors",
    "ratio",
    "p99<250",
  ];
  const lines = rows.map((r) => {
    const ref = rows.find((x) => x.store === r.store && x.route.startsWith("GET /healthz"));
    return [
      r.store,
      r.route,
      r.rps.toFixed(0),
      String(r.p50),
      String(r.p99),
      String(r.max),
      String(r.requests),
      String(r.non2xx),
      String(r.errors),
      ref ? (r.rps / ref.rps).toFixed(3) : "",
      r.route.startsWith("GET /api/") ? (r.p99 < TARGET_P99_MS ? "yes" : "NO") : "",
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cols: string[]) =>
    cols.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.log(
    `\napi bench: ${CONNECTIONS} connections, ${DURATION} s per route; ratio = req/s ÷ the same store's /healthz req/s`,
  );
  console.log(fmt(head));
  for (const l of lines) console.log(fmt(l));
}

async function main(): Promise<void> {
  if (process.argv[2] === "--serve") {
    const [, , , kind, dataDir, neo4j] = process.argv;
    await serveChild(kind as StoreKind, dataDir!, JSON.parse(neo4j!) as Neo4jTarget | null);
    return;
  }
  mkdirSync(ROOT, { recursive: true });
  const caseDir = await ensureCase();
  const paths = requestPaths(caseDir);
  log(`${paths.search.length} search and ${paths.neighbourhood.length} neighbourhood request paths`);
  if (!["open", "closed", "both", "cost"].includes(MODE))
    throw new Error(`bench/api: BENCH_API_MODE "${MODE}" must be open, closed, both or cost`);
  const rows: Row[] = [];
  const open: OpenResult[] = [];
  for (const kind of STORES) {
    if (kind !== "embedded" && kind !== "neo4j") throw new Error(`bench/api: unknown store "${kind}"`);
    const result = await benchStore(kind, caseDir, paths);
    // Each store's figures as soon as they exist, then all together.
    if (result.closed.length) print(result.closed);
    rows.push(...result.closed);
    if (result.open) open.push(result.open);
  }
  if (STORES.length > 1 && rows.length) print(rows);
  if (open.length > 1) printOpen(open);
}

await main();
