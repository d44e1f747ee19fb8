/**
 * A real Neo4j Community 5.26 LTS for tests and benches, started in-process by a small Java launcher.
 *
 * First use fetches the jars from Maven Central (`mvn dependency:copy-dependencies` on tools/neo4j/pom.xml) and
 * compiles tools/neo4j/src/Neo4jLauncher.java with javac; both are cached under ~/.cache/mulegraph/neo4j-<version>
 * (or $MULEGRAPH_NEO4J_CACHE) so later runs start without the network. Each server listens for Bolt on 127.0.0.1 and a
 * free port (advertised as that port, so `neo4j://` routing points back at it), with auth disabled and its data in a
 * temporary directory unless the caller names one (a test that restarts a server on the same data passes `dataDir`).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Neo4j version of the test server; keep in step with `neo4j.version` in tools/neo4j/pom.xml. */
export const NEO4J_VERSION = "5.26.30";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const TOOLS = path.join(REPO, "tools/neo4j");
const LAUNCHER_SOURCE = path.join(TOOLS, "src/Neo4jLauncher.java");
const READY_LINE = "mulegraph-neo4j: ready";

/** The Neo4j test server could not be prepared or started. */
export class Neo4jServerError extends Error {
  override name = "Neo4jServerError";
}

export interface StartNeo4jOptions {
  /** Store folder; a fresh temporary one when absent (removed again by `stop()`/`kill()`). */
  dataDir?: string;
  /** Bolt port on 127.0.0.1; a free one when absent. */
  port?: number;
  /** Folder LOAD CSV reads `file:///` URLs from; `<dataDir>/import` when absent. */
  importDir?: string;
  /** JVM maximum heap, e.g. "1g" (default). */
  heap?: string;
  /** Page cache size, e.g. "512m" (default). */
  pageCache?: string;
  /** Progress messages (fetching jars, starting…). */
  log?: (line: string) => void;
  /** Milliseconds to wait for the ready line; default 180 000. */
  startTimeoutMs?: number;
}

export interface Neo4jServer {
  /** `bolt://127.0.0.1:<port>`. */
  uri: string;
  port: number;
  dataDir: string;
  importDir: string;
  /** Process id of the JVM (benches read its CPU time). */
  pid: number;
  /** Auth is disabled: any user name and password are accepted. */
  username: string;
  password: string;
  /** Shut down cleanly (SIGTERM) and wait for the JVM to exit. */
  stop(): Promise<void>;
  /** Kill the JVM at once (SIGKILL), as a crash would. A caller-given data dir stays for a restart. */
  kill(): Promise<void>;
}

/** Cache folder for the jars and the compiled launcher. */
export function neo4jCacheDir(): string {
  return (
    process.env.MULEGRAPH_NEO4J_CACHE ?? path.join(os.homedir(), ".cache/mulegraph", `neo4j-${NEO4J_VERSION}`)
  );
}

function hasCommand(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { stdio: "ignore" });
  return r.error === undefined && r.status === 0;
}

/**
 * Why a Neo4j test server cannot be started here, or null when it can: Java 17+ is needed, and javac + Maven unless
 * the cache is already complete.
 */
export function neo4jUnavailableReason(): string | null {
  if (!hasCommand("java", ["-version"])) return "no `java` on PATH (Neo4j 5.26 needs Java 17)";
  const v = spawnSync("java", ["-version"], { encoding: "utf8" });
  const m = /version "(\d+)/.exec(`${v.stderr}${v.stdout}`);
  if (m && Number(m[1]) < 17) return `java ${m[1]} found; Neo4j 5.26 needs Java 17 or newer`;
  const cache = neo4jCacheDir();
  if (!existsSync(path.join(cache, "lib/.complete")) && !hasCommand("mvn", ["-v"])) {
    return `no \`mvn\` on PATH to fetch the Neo4j jars, and no cached jars in ${cache}/lib`;
  }
  if (!existsSync(launcherClassesDir(cache)) && !hasCommand("javac", ["-version"])) {
    return "no `javac` on PATH to compile tools/neo4j/src/Neo4jLauncher.java";
  }
  return null;
}

function launcherClassesDir(cache: string): string {
  const hash = createHash("sha256").update(readFileSync(LAUNCHER_SOURCE)).digest("hex").slice(0, 12);
  return path.join(cache, `classes-${hash}`);
}

function run(cmd: string, args: string[], what: string): void {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.error || r.status !== 0) {
    const out = `${r.stdout ?? ""}${r.stderr ?? ""}`.trim().split("\n").slice(-20).join("\n");
    throw new Neo4jServerError(
      `test/neo4j-server: ${what} failed (${r.error?.message ?? `exit ${r.status}`}):\n${out}`,
    );
  }
}

/**
 * Fetch the jars and compile the launcher unless cached; returns the Java class path. Concurrent callers are safe:
 * each builds into a private folder and renames it into place, the first rename wins.
 */
export function prepareNeo4j(log: (line: string) => void = () => undefined): string {
  const cache = neo4jCacheDir();
  mkdirSync(cache, { recursive: true });
  const lib = path.join(cache, "lib");
  if (!existsSync(path.join(lib, ".complete"))) {
    log(`neo4j: fetching Neo4j ${NEO4J_VERSION} jars from Maven Central into ${lib} (first run only)`);
    const tmp = mkdtempSync(path.join(cache, "lib-tmp-"));
    run(
      "mvn",
      [
        "-q",
        "-B",
        "-f",
        path.join(TOOLS, "pom.xml"),
        `-Dmaven.repo.local=${path.join(cache, "m2")}`,
        `-Dneo4j.version=${NEO4J_VERSION}`,
        "dependency:copy-dependencies",
        "-DincludeScope=runtime",
        `-DoutputDirectory=${tmp}`,
      ],
      "mvn dependency:copy-dependencies",
    );
    if (!readdirSync(tmp).some((f) => f.startsWith("neo4j-kernel-"))) {
      throw new Neo4jServerError(`test/neo4j-server: Maven copied no neo4j-kernel jar into ${tmp}`);
    }
    writeFileSync(path.join(tmp, ".complete"), `${NEO4J_VERSION}\n`);
    moveIntoPlace(tmp, lib);
  }
  const classes = launcherClassesDir(cache);
  if (!existsSync(path.join(classes, "Neo4jLauncher.class"))) {
    log("neo4j: compiling tools/neo4j/src/Neo4jLauncher.java");
    const tmp = mkdtempSync(path.join(cache, "classes-tmp-"));
    run("javac", ["-cp", `${lib}/*`, "-d", tmp, LAUNCHER_SOURCE], "javac Neo4jLauncher.java");
    moveIntoPlace(tmp, classes);
  }
  return `${classes}${path.delimiter}${lib}/*`;
}

function moveIntoPlace(tmp: string, dest: string): void {
  try {
    renameSync(tmp, dest);
  } catch {
    // Another process finished first: keep its copy.
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(dest)) throw new Neo4jServerError(`test/neo4j-server: could not move ${tmp} to ${dest}`);
  }
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function neo4jConf(port: number, importDir: string, pageCache: string): string {
  return [
    "server.bolt.enabled=true",
    `server.bolt.listen_address=127.0.0.1:${port}`,
    `server.bolt.advertised_address=127.0.0.1:${port}`,
    "server.bolt.tls_level=DISABLED",
    "server.http.enabled=false",
    "server.https.enabled=false",
    "dbms.security.auth_enabled=false",
    `server.memory.pagecache.size=${pageCache}`,
    `server.directories.import=${importDir}`,
    "dbms.security.allow_csv_import_from_file_urls=true",
    "dbms.usage_report.enabled=false",
    "",
  ].join("\n");
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/**
 * Start a Neo4j server and wait until it accepts Bolt connections. Prepares the jars first when needed.
 * Throws Neo4jServerError with the JVM's last output when it fails to start.
 */
export async function startNeo4j(opts: StartNeo4jOptions = {}): Promise<Neo4jServer> {
  const log = opts.log ?? (() => undefined);
  const classpath = prepareNeo4j(log);
  const ownsDataDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(os.tmpdir(), "mulegraph-neo4j-"));
  mkdirSync(dataDir, { recursive: true });
  const importDir = opts.importDir ?? path.join(dataDir, "import");
  mkdirSync(importDir, { recursive: true });
  const port = opts.port ?? (await freePort());
  const confFile = path.join(dataDir, "neo4j.conf");
  writeFileSync(confFile, neo4jConf(port, importDir, opts.pageCache ?? "512m"));

  log(`neo4j: starting Neo4j ${NEO4J_VERSION} on bolt://127.0.0.1:${port} (data ${dataDir})`);
  const child = spawn(
    "java",
    [
      `-Xmx${opts.heap ?? "1g"}`,
      "-XX:+UseG1GC",
      "-XX:+ExitOnOutOfMemoryError",
      "-cp",
      classpath,
      "Neo4jLauncher",
      dataDir,
      confFile,
    ],
    // stdin stays open as a lifeline: the launcher shuts down when it closes (this process died).
    { stdio: ["pipe", "pipe", "pipe"] },
  );
  let output = "";
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString("utf8")).slice(-8000);
  };
  child.stderr!.on("data", keep);

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new Neo4jServerError(
          `test/neo4j-server: Neo4j did not start within ${opts.startTimeoutMs ?? 180_000} ms:\n${output}`,
        ),
      );
    }, opts.startTimeoutMs ?? 180_000);
    let stdout = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      keep(chunk);
      if (stdout.includes(READY_LINE)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("error", (err) => {
      clearTimeout(timer);
      reject(new Neo4jServerError(`test/neo4j-server: could not run java: ${err.message}`));
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(
        new Neo4jServerError(
          `test/neo4j-server: Neo4j exited before it was ready (${code ?? signal}):\n${output}`,
        ),
      );
    });
  });
  child.stdout!.resume();
  child.removeAllListeners("exit");

  let done: Promise<void> | null = null;
  const finish = (signal: NodeJS.Signals): Promise<void> => {
    done ??= (async () => {
      child.kill(signal);
      await waitForExit(child);
      child.stdin!.destroy();
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    })();
    return done;
  };
  return {
    uri: `bolt://127.0.0.1:${port}`,
    port,
    pid: child.pid!,
    dataDir,
    importDir,
    username: "neo4j",
    password: "auth-disabled",
    stop: () => finish("SIGTERM"),
    kill: () => finish("SIGKILL"),
  };
}
