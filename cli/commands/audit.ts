/**
 * `mulegraph audit verify [--head FILE]` checks the hash chain, the Merkle tree and the signed tree heads of the audit
 * trail and names what was done to it (exit 1); `mulegraph audit list [--limit N]` prints the latest entries;
 * `mulegraph audit export-head` signs and prints the current tree head for an investigator to keep elsewhere.
 */
import { readFile } from "node:fs/promises";
import {
  AuditHeadError,
  AuditIntegrityError,
  parseHead,
  signCurrentHead,
  verifyTrail,
  type SignedTreeHead,
} from "../../server/audit/index.js";
import type { CliContext } from "../context.js";
import { UsageError, UserFacingError } from "../context.js";

export const help = `usage: mulegraph audit verify [--head FILE]
       mulegraph audit list [--limit N]
       mulegraph audit export-head

verify       recompute every entry's SHA-256 and its link to the previous one, rebuild the Merkle tree of the entries
             (RFC 9162) and check it against every signed tree head in the head log (MULEGRAPH_AUDIT_HEAD_LOG, default
             <data dir>/audit-heads.log). Names an entry edited, removed or re-ordered, entries cut from the end
             ("missing tail"), an entry rewritten with the chain re-hashed after it, and heads altered or signed by
             another key; exits 1 on any of them, 0 when everything holds.
  --head FILE  also compare with a head kept elsewhere (from export-head): a head log whose newest head is older
             than FILE's was rolled back.
list         the latest N entries (default 50), oldest first: seq, time, actor, action, target, parameters.
export-head  check the trail, sign a tree head over every entry now (appended to the head log) and print it as JSON,
             with the public key. Keep it away from this machine; \`audit verify --head FILE\` compares with it.`;

async function verify(args: string[], ctx: CliContext): Promise<number> {
  let keptHead: SignedTreeHead | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const file = a === "--head" ? args[++i] : a.startsWith("--head=") ? a.slice(7) : undefined;
    if (file === undefined) throw new UsageError(`audit verify: unexpected argument "${a}"`);
    if (file === "") throw new UsageError("audit verify: --head needs a file");
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (err) {
      throw new UserFacingError(`audit verify: cannot read the kept head ${file}: ${(err as Error).message}`);
    }
    try {
      keptHead = parseHead(text, file);
    } catch (err) {
      if (err instanceof AuditHeadError) throw new UserFacingError(err.message);
      throw err;
    }
  }
  const result = await verifyTrail(await ctx.store(), { keptHead });
  if (ctx.json) ctx.emit(result);
  const lines: string[] = [];
  if (result.firstBroken) {
    lines.push(`audit: chain broken at entry ${result.firstBroken.seq}: ${result.firstBroken.reason}`);
  }
  for (const p of result.problems) lines.push(`audit: ${p.kind}: ${p.message}`);
  if (result.ok) {
    const h = result.heads;
    ctx.say(`audit: chain intact: ${result.entries} entries, last hash ${result.lastHash}`);
    ctx.say(`audit: Merkle tree of ${result.tree.size} entries, root ${result.tree.rootHash}`);
    if (h?.newest) {
      ctx.say(
        `audit: the newest signed head (${new Date(h.newest.timestamp).toISOString()}) covers ${h.newest.treeSize} ` +
          `entries and matches; ${h.count} head(s) in ${h.log} checked` +
          (h.uncovered ? `; ${h.uncovered} newer entries are not yet covered by a signed head` : ""),
      );
    } else if (h) ctx.say(`audit: no signed head yet in ${h.log} (the trail is empty)`);
    if (keptHead) ctx.say(`audit: the kept head of ${keptHead.treeSize} entries matches`);
    return 0;
  }
  for (const line of lines) {
    if (ctx.json) process.stderr.write(line + "\n");
    else ctx.say(line);
  }
  return 1;
}

async function exportHead(args: string[], ctx: CliContext): Promise<number> {
  if (args.length) throw new UsageError(`audit export-head: unexpected argument "${args[0]}"`);
  let head: SignedTreeHead;
  try {
    head = await signCurrentHead(await ctx.store());
  } catch (err) {
    if (err instanceof AuditIntegrityError || err instanceof AuditHeadError)
      throw new UserFacingError(err.message);
    throw err;
  }
  // The head itself is the output, human or not: it is what the investigator saves to a file.
  process.stdout.write(JSON.stringify(head, null, 2) + "\n");
  return 0;
}

async function list(args: string[], ctx: CliContext): Promise<number> {
  let limit = 50;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const v = a === "--limit" ? args[++i] : a.startsWith("--limit=") ? a.slice(8) : undefined;
    if (v === undefined) throw new UsageError(`audit list: unknown option "${a}"`);
    if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 100_000) {
      throw new UsageError(`audit list: --limit must be a whole number from 1 to 100000, got "${v}"`);
    }
    limit = Number(v);
  }
  const store = await ctx.store();
  const last = await store.lastAudit();
  const entries = await store.auditEntries({ afterSeq: Math.max(0, (last?.seq ?? 0) - limit), limit });
  if (ctx.json) ctx.emit(entries);
  for (const e of entries) {
    ctx.say(
      `${String(e.seq).padStart(6)} ${new Date(e.ts).toISOString()} ${e.actor} ${e.action}` +
        `${e.target ? ` ${e.target}` : ""} ${JSON.stringify(e.params)}`,
    );
  }
  if (entries.length === 0) ctx.say("audit: no entries yet");
  return 0;
}

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === "verify") return verify(rest, ctx);
  if (sub === "list") return list(rest, ctx);
  if (sub === "export-head") return exportHead(rest, ctx);
  throw new UsageError(
    `audit: expected "verify", "list" or "export-head"${sub ? `, got "${sub}"` : ""}\n\n${help}`,
  );
}
