/**
 * Runs Neo4j's offline importer, `neo4j-admin database import full`, on the files import-files.ts wrote, and checks
 * that it imported exactly what was written: a bad row fails the import (`--bad-tolerance=0`), and the node and
 * relationship counts it reports must equal the files'.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { ARRAY_DELIMITER_OPTION, type ImportFiles } from "./import-files.js";

/** Where the importer is and what it fills. */
export interface Neo4jAdminTarget {
  /** The stopped server's home (NEO4J_HOME): the database is written under its data folder. */
  home: string;
  /** The `neo4j-admin` program; default `<home>/bin/neo4j-admin`. */
  command?: string;
  /** Database name; default `neo4j`. */
  database?: string;
  /** Replace a database that exists (`--overwrite-destination`). */
  overwrite?: boolean;
  /** The importer's environment (PATH, JAVA_HOME, NEO4J_CONF…); NEO4J_HOME is set to `home`. */
  env: NodeJS.ProcessEnv;
}

/** The importer could not be run, refused, or imported something other than what was written. */
export class OfflineImportError extends Error {
  override name = "OfflineImportError";
}

export interface ImporterRun {
  seconds: number;
  nodes: number;
  relationships: number;
}

/** The importer's closing report: "Imported:\n  N nodes\n  M relationships\n  P properties". */
export function importedCounts(output: string): { nodes: number; relationships: number } | null {
  const nodes = /^\s*(\d+) nodes?\s*$/m.exec(output);
  const rels = /^\s*(\d+) relationships?\s*$/m.exec(output);
  if (!nodes || !rels) return null;
  return { nodes: Number(nodes[1]), relationships: Number(rels[1]) };
}

export function neo4jAdminCommand(target: Neo4jAdminTarget): string {
  return target.command ?? path.join(target.home, "bin", "neo4j-admin");
}

/** Run the importer; resolves once it has imported every row, rejects with its own words otherwise. */
export async function runImporter(
  target: Neo4jAdminTarget,
  files: ImportFiles,
  workDir: string,
  log: (line: string) => void = () => undefined,
): Promise<ImporterRun> {
  const command = neo4jAdminCommand(target);
  if (!target.command && !existsSync(command))
    throw new OfflineImportError(
      `store/neo4j/offline-import: no neo4j-admin at ${command}: set NEO4J_HOME to the Neo4j server's folder, or ` +
        "NEO4J_ADMIN to the neo4j-admin program",
    );
  const database = target.database ?? "neo4j";
  const args = [
    "database",
    "import",
    "full",
    ...files.nodes.map((f) => `--nodes=${f}`),
    ...files.relationships.map((f) => `--relationships=${f}`),
    `--array-delimiter=${ARRAY_DELIMITER_OPTION}`,
    "--bad-tolerance=0",
    `--multiline-fields=${files.multiline}`,
    `--report-file=${path.join(workDir, "import.report")}`,
    ...(target.overwrite ? ["--overwrite-destination=true"] : []),
    database,
  ];
  log(`neo4j-admin ${args.slice(0, 3).join(" ")} … ${database}`);
  const t0 = performance.now();
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...target.env, NEO4J_HOME: target.home },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const keep = (b: Buffer) => {
      output += b.toString("utf8");
      // Only the end matters (the error, or the closing report); the progress lines can be long.
      if (output.length > 1 << 20) output = output.slice(-(1 << 19));
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", (e) =>
      reject(new OfflineImportError(`store/neo4j/offline-import: cannot run ${command}: ${e.message}`)),
    );
    child.on("close", (code) => resolve({ code, output }));
  });
  const seconds = (performance.now() - t0) / 1000;
  const tail = output.trim().split("\n").slice(-25).join("\n");
  if (code !== 0) {
    const exists = /already contains|exists/i.test(output);
    throw new OfflineImportError(
      `store/neo4j/offline-import: neo4j-admin database import failed (exit ${code})` +
        (exists
          ? `: database "${database}" is not empty; the offline importer only fills a new database (stop the ` +
            "server and add --overwrite-database to replace it, losing what it holds)"
          : "") +
        `:\n${tail}`,
    );
  }
  const counts = importedCounts(output);
  if (!counts || counts.nodes !== files.nodeCount || counts.relationships !== files.relationshipCount)
    throw new OfflineImportError(
      `store/neo4j/offline-import: the importer reported ${counts ? `${counts.nodes} nodes and ${counts.relationships} relationships` : "no counts"}, ` +
        `but ${files.nodeCount} nodes and ${files.relationshipCount} relationships were written for it:\n${tail}`,
    );
  return { seconds, ...counts };
}
