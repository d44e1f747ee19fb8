/**
 * `mulegraph audit verify` checks the hash chain of the audit trail and names the first broken entry (exit 1);
 * `mulegraph audit list [--limit N]` prints the latest entries.
 */
import { verifyChain } from "../../server/audit/index.js";
import type { CliContext } from "../context.js";
import { UsageError } from "../context.js";

export const help = `usage: mulegraph audit verify
       mulegraph audit list [--limit N]

verify   recompute every entry's SHA-256 and its link to the previous one; prints the first entry that was edited,
         removed or re-ordered and exits 1, or exits 0 when the chain is intact.
list     the latest N entries (default 50), oldest first: seq, time, actor, action, target, parameters.`;

async function verify(ctx: CliContext): Promise<number> {
  const result = await verifyChain(await ctx.store());
  if (ctx.json) ctx.emit(result);
  if (result.ok) {
    ctx.say(`audit: chain intact: ${result.entries} entries, last hash ${result.lastHash}`);
    return 0;
  }
  const b = result.firstBroken!;
  const line = `audit: chain broken at entry ${b.seq}: ${b.reason}`;
  if (ctx.json) process.stderr.write(line + "\n");
  else ctx.say(line);
  return 1;
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
  if (sub === "verify") {
    if (rest.length) throw new UsageError(`audit verify: unexpected argument "${rest[0]}"`);
    return verify(ctx);
  }
  if (sub === "list") return list(rest, ctx);
  throw new UsageError(`audit: expected "verify" or "list"${sub ? `, got "${sub}"` : ""}\n\n${help}`);
}
