/**
 * `mulegraph <command> [--json] [--data-dir DIR] …`: parses the global flags and dispatches to cli/commands/<name>.ts.
 * Each command module exports `run(args, ctx): Promise<number>` (the exit code) and `help` (one paragraph).
 */
import { debugEnabled } from "../server/config.js";
import { createContext, UsageError, UserFacingError, type CliContext } from "./context.js";
import { checkIncompleteLoads } from "./incomplete-loads.js";

export interface CommandModule {
  help: string;
  run(args: string[], ctx: CliContext): Promise<number>;
}

const COMMANDS: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  check: {
    summary: "detect and validate export files without storing them",
    load: () => import("./commands/check.js"),
  },
  ingest: {
    summary: "ingest export files into the configured store",
    load: () => import("./commands/ingest.js"),
  },
  generate: {
    summary: "generate a synthetic case with ground truth",
    load: () => import("./commands/generate.js"),
  },
  analyze: {
    summary: "find drop clusters and roles, write them back",
    load: () => import("./commands/analyze.js"),
  },
  trace: {
    summary: "trace a complaint's money to exits and the freeze list",
    load: () => import("./commands/trace.js"),
  },
  recovery: {
    summary: "triage held money, build freeze requests per bank, import their answers",
    load: () => import("./commands/recovery.js"),
  },
  serve: { summary: "start the HTTP API and web client", load: () => import("./commands/serve.js") },
  user: { summary: "manage users (user add NAME --role ROLE)", load: () => import("./commands/user.js") },
  audit: {
    summary: "verify, list and anchor the audit trail (audit verify, list, export-head)",
    load: () => import("./commands/audit.js"),
  },
  export: { summary: "export a subgraph or an evidence package", load: () => import("./commands/export.js") },
  verify: { summary: "verify an evidence package offline", load: () => import("./commands/verify.js") },
  loads: {
    summary: "list incomplete loads (killed or failed ingests), roll one back",
    load: () => import("./commands/loads.js"),
  },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return [
    "usage: mulegraph <command> [--json] [--data-dir DIR] [options]",
    "",
    "commands:",
    ...lines,
    "",
    "global flags:",
    "  --json           machine-readable output on stdout",
    "  --data-dir DIR   folder of the embedded store (default ./data, or MULEGRAPH_DATA_DIR)",
    "  NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE select Neo4j instead.",
    "",
    "mulegraph <command> --help shows a command's options.",
  ].join("\n");
}

/** Split off the global flags, wherever they appear. */
export function splitGlobalFlags(argv: string[]): { json: boolean; dataDir?: string; rest: string[] } {
  let json = false;
  let dataDir: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--json") json = true;
    else if (a === "--data-dir") {
      dataDir = argv[++i];
      if (!dataDir) throw new UsageError("--data-dir needs a folder");
    } else if (a.startsWith("--data-dir=")) dataDir = a.slice("--data-dir=".length);
    else rest.push(a);
  }
  return { json, dataDir, rest };
}

export async function main(argv: string[]): Promise<number> {
  let ctx: ReturnType<typeof createContext> | undefined;
  try {
    const { json, dataDir, rest } = splitGlobalFlags(argv);
    const [name, ...args] = rest;
    if (!name || name === "--help" || name === "-h" || name === "help") {
      process.stdout.write(usage() + "\n");
      return name ? 0 : 2;
    }
    const command = COMMANDS[name];
    if (!command) throw new UsageError(`unknown command "${name}"\n\n${usage()}`);
    const mod = await command.load();
    if (args.includes("--help") || args.includes("-h")) {
      process.stdout.write(mod.help + "\n");
      return 0;
    }
    ctx = createContext({ json, dataDir });
    await checkIncompleteLoads(name, ctx);
    return await mod.run(args, ctx);
  } catch (err) {
    const e = err as Error;
    if (e instanceof UsageError) {
      process.stderr.write(`mulegraph: ${e.message}\n`);
      return 2;
    }
    if (e instanceof UserFacingError) {
      process.stderr.write(`mulegraph: ${e.message}\n`);
      return 1;
    }
    process.stderr.write(`mulegraph: ${e.name}: ${e.message}\n`);
    if (debugEnabled()) process.stderr.write(`${e.stack}\n`);
    return 1;
  } finally {
    await ctx?.closeStore().catch(() => undefined);
  }
}
