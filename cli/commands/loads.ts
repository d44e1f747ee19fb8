/**
 * `mulegraph loads [list] [--all]`, `loads show ID`, `loads rollback ID [--force] [--actor NAME]`: the loads (ingests and
 * uploads) recorded in the store, which of them are incomplete (killed, failed) and how to resume or roll them back.
 * A rollback is an entry in the audit trail. docs/MODEL.md § Loads.
 */
import os from "node:os";
import path from "node:path";
import { audit } from "../../server/audit/index.js";
import type { LoadRecord } from "../../server/store/ports/loads.js";
import { isIncomplete } from "../../server/store/loads.js";
import { UsageError, UserFacingError, type CliContext } from "../context.js";

export const help = `mulegraph loads [list] [--all] [--json]
mulegraph loads show ID [--json]
mulegraph loads rollback ID [--force] [--actor NAME] [--json]

Every ingest and upload is a load, recorded in the store before its first record. A load that was killed (running,
its process gone) or failed is incomplete: answers built on the store say so until it is resumed or rolled back.

  list             the incomplete loads, with how to resume each (--all: every load, newest first)
  show ID          one load: status, counts, the files it wrote (SHA-256)
  rollback ID      remove every record whose only sources are the load's files (records also read by another
                   complete load keep those sources) and mark it rolled_back; refused for a complete load or one that
                   is still running. --force: also when it looks running (on another host that cannot be
                   checked, or a process id reused after a kill) and you know its process is gone.
  --actor NAME     who rolls back, for the audit trail (default cli:<login name>)

Resume: run the same \`mulegraph ingest\` again (or upload the same files): ingest is idempotent, and the new load,
once complete, completes the old one. Exit status: 0 when done, 1 when a load is unknown or cannot be rolled back,
2 for bad usage; \`list\` exits 0 even when loads are incomplete.`;

function describe(l: LoadRecord): string {
  const state = l.interrupted ? "interrupted (its process is gone)" : l.status;
  const at = new Date(l.startedAt).toISOString();
  const resumed = l.resumedBy ? ` (resumed by ${l.resumedBy})` : "";
  return `${l.id}  ${state}${resumed}  started ${at} by ${l.by} (${l.origin}), ${l.records} records in ${l.batches} batches`;
}

/** The folder holding every path (a superset of the files resumes the load just as well). */
function commonFolder(paths: string[]): string {
  let parts = path.dirname(paths[0]!).split(path.sep);
  for (const p of paths.slice(1)) {
    const other = path.dirname(p).split(path.sep);
    let i = 0;
    while (i < parts.length && parts[i] === other[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.join(path.sep) || path.sep;
}

function resumeHint(l: LoadRecord): string {
  if (l.origin === "cli") {
    const names = l.inputs.map((f) => f.name);
    const args = names.length <= 3 ? names : [commonFolder(names)];
    return `mulegraph ingest ${args.map((n) => JSON.stringify(n)).join(" ")}`;
  }
  const shown = l.inputs.slice(0, 5).map((f) => f.name);
  const more = l.inputs.length > 5 ? ` and ${l.inputs.length - 5} more` : "";
  return `upload the same files again (${shown.join(", ")}${more})`;
}

function parse(args: string[]): { sub: string; id?: string; all: boolean; force: boolean; actor?: string } {
  const out: { sub: string; id?: string; all: boolean; force: boolean; actor?: string } = {
    sub: "list",
    all: false,
    force: false,
  };
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--all") out.all = true;
    else if (a === "--force") out.force = true;
    else if (a === "--actor" || a.startsWith("--actor=")) {
      const v = a.includes("=") ? a.slice("--actor=".length) : args[++i];
      if (!v || v.startsWith("--")) throw new UsageError("loads: --actor needs a value");
      out.actor = v;
    } else if (a.startsWith("--")) throw new UsageError(`loads: unknown option ${a}\n\n${help}`);
    else rest.push(a);
  }
  if (rest.length > 0) out.sub = rest.shift()!;
  if (!["list", "show", "rollback"].includes(out.sub))
    throw new UsageError(`loads: unknown subcommand "${out.sub}"\n\n${help}`);
  if (out.sub !== "list") {
    if (rest.length !== 1) throw new UsageError(`loads ${out.sub}: name one load id\n\n${help}`);
    out.id = rest[0]!;
  } else if (rest.length > 0) throw new UsageError(`loads list: unexpected argument "${rest[0]}"`);
  return out;
}

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const a = parse(args);
  const store = await ctx.store();
  if (a.sub === "list") {
    const loads = await store.listLoads({ incomplete: !a.all });
    if (ctx.json) {
      ctx.emit({ loads, incomplete: loads.filter(isIncomplete).map((l) => l.id) });
      return 0;
    }
    if (loads.length === 0) {
      ctx.say(a.all ? "no loads recorded" : "no incomplete loads: every load in the store is complete");
      return 0;
    }
    for (const l of loads) {
      ctx.say(describe(l));
      if (isIncomplete(l)) {
        if (l.error) ctx.say(`  error: ${l.error}`);
        ctx.say(`  resume: ${resumeHint(l)}`);
        ctx.say(`  roll back: mulegraph loads rollback ${l.id}`);
      }
    }
    return 0;
  }
  const id = a.id!;
  if (a.sub === "show") {
    const l = await store.getLoad(id);
    if (!l) throw new UserFacingError(`loads: no load "${id}" (mulegraph loads --all lists them)`);
    if (ctx.json) {
      ctx.emit(l);
      return 0;
    }
    ctx.say(describe(l));
    if (l.finishedAt !== undefined) ctx.say(`  finished ${new Date(l.finishedAt).toISOString()}`);
    if (l.resumedBy) ctx.say(`  resumed by ${l.resumedBy}`);
    if (l.error) ctx.say(`  error: ${l.error}`);
    for (const f of l.inputs) ctx.say(`  input ${f.name} (${f.bytes} bytes)`);
    for (const f of l.files)
      ctx.say(`  file ${f.sha256} ${f.name ?? "(no file record yet)"}${f.fresh ? "" : " (known before)"}`);
    return 0;
  }
  let result;
  try {
    result = await store.rollbackLoad(id, { force: a.force });
  } catch (e) {
    const name = (e as Error).name;
    if (name === "LoadNotFoundError" || name === "LoadStateError")
      throw new UserFacingError((e as Error).message);
    throw e;
  }
  await audit(store, {
    actor: a.actor ?? `cli:${os.userInfo().username}`,
    action: "load.rollback",
    target: id,
    params: { files: result.files, removed: result.removed, force: a.force },
  });
  if (ctx.json) {
    ctx.emit(result);
    return 0;
  }
  const r = result.removed;
  ctx.say(
    `rolled back ${id}: ${result.files.length} files, removed ${r.transfers} transfers, ${r.withdrawals} withdrawals, ` +
      `${r.accounts} accounts (${r.records} records in all)`,
  );
  return 0;
}
