/**
 * `mulegraph trace`: traces complaints' (or transfers') money to exits and the freeze list, on the configured store.
 * Prints tables; with --json the whole TraceResult (model/trace.ts).
 */
import { formatLocal } from "../../model/time.js";
import type { TraceResult } from "../../model/trace.js";
import {
  traceFunds,
  TraceNotFoundError,
  TraceOptionsError,
  type TraceOptions,
} from "../../server/analytics/trace/index.js";
import type { CliContext } from "../context.js";
import { UsageError, UserFacingError } from "../context.js";
import { flagArgs } from "../flags.js";

export const help = `usage: mulegraph trace --complaint CASE_NO [--complaint CASE_NO …] [--tx TXID …]
                      [--method fifo|proportional] [--window-days N] [--max-hops N] [--min-kzt N] [--fx CUR=RATE …]

Follows the stolen money forward in time, transfer by transfer, and prints where it left (exits: watch-listed
exchanges and P2P accounts, crypto wallets, ATMs, foreign banks), which accounts still hold it (the freeze list,
largest first) and what could not be followed, with the reason.

--complaint CASE_NO  trace a complaint: the victim's outflows from the incident on that make up the loss,
                     payments to new payees first (repeatable)
--tx TXID            trace one transfer's whole amount (repeatable)
--method M           fifo (default: first money in is first money out) or proportional (haircut)
--window-days N      follow money for N days after the incident (default: to the end of the data)
--max-hops N         follow money through at most N transfers (default 64)
--min-kzt N          do not follow traced amounts below N KZT (default 1)
--fx CUR=RATE        KZT per unit of CUR, used instead of the rates in the data (repeatable)
--json               print the whole result: complaints, tracedKzt, exitsKzt, holdingKzt, untracedKzt, edges, …`;

const DAY_MS = 24 * 60 * 60 * 1000;

function number(flag: string, raw: string | undefined, integer: boolean): number {
  const v = raw === undefined ? NaN : Number(raw);
  if (
    raw === undefined ||
    raw.trim() === "" ||
    !Number.isFinite(v) ||
    v < 0 ||
    (integer && !Number.isInteger(v))
  ) {
    throw new UsageError(`trace: ${flag} needs a ${integer ? "whole " : ""}number ≥ 0, got "${raw ?? ""}"`);
  }
  return v;
}

/** Parse the command's own arguments into trace options. */
export function parseTraceArgs(args: string[]): TraceOptions {
  const opts: TraceOptions & { complaints: string[]; txIds: string[] } = { complaints: [], txIds: [] };
  for (const { arg, flag, value } of flagArgs("trace", args)) {
    switch (flag) {
      case "--complaint":
        opts.complaints.push(value());
        break;
      case "--tx":
        opts.txIds.push(value());
        break;
      case "--method": {
        const m = value();
        if (m !== "fifo" && m !== "proportional") {
          throw new UsageError(`trace: --method must be fifo or proportional, got "${m}"`);
        }
        opts.method = m;
        break;
      }
      case "--window-days":
        opts.windowMs = number(flag, value(), false) * DAY_MS;
        break;
      case "--max-hops":
        opts.maxHops = number(flag, value(), true);
        break;
      case "--min-kzt":
        opts.minTracedKzt = number(flag, value(), false);
        break;
      case "--fx": {
        const m = /^([A-Za-z]{3})=(\d+(?:\.\d+)?)$/.exec(value());
        if (!m) throw new UsageError(`trace: --fx needs CUR=RATE, e.g. USD=470`);
        opts.fxTable = { ...opts.fxTable, [m[1]!.toUpperCase()]: Number(m[2]) };
        break;
      }
      default:
        throw new UsageError(`trace: unknown option "${arg}"\n\n${help}`);
    }
  }
  if (opts.complaints.length === 0 && opts.txIds.length === 0) {
    throw new UsageError(`trace: give --complaint CASE_NO or --tx TXID\n\n${help}`);
  }
  return opts;
}

/** 1234567.8 → "1 234 567.80" */
export function formatKzt(kzt: number): string {
  const [whole, cents] = Math.abs(kzt).toFixed(2).split(".");
  return `${kzt < 0 ? "-" : ""}${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, " ")}.${cents}`;
}

function formatDuration(ms: number): string {
  const hours = Math.floor(ms / 3_600_000);
  if (hours < 48) return `${hours} h ${Math.floor((ms % 3_600_000) / 60_000)} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** Render rows as a plain-text table; the columns named in `right` are right-aligned. */
export function table(header: string[], rows: string[][], right: number[] = []): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((v, c) => (right.includes(c) ? v.padStart(widths[c]!) : v.padEnd(widths[c]!)))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
}

/** The human report of a trace. */
export function renderTrace(r: TraceResult): string[] {
  const exitsTotal = r.exits.reduce((s, x) => s + x.amountKzt, 0);
  const holdTotal = r.freezeList.reduce((s, f) => s + f.amountKzt, 0);
  const what = [...r.complaints, ...Object.keys(r.byComplaint ?? {}).filter((k) => k.startsWith("tx:"))];
  const out = [
    `trace ${what.join(", ")} (${r.params.method}, ` +
      `${r.params.window === "end_of_data" ? "to the end of the data" : `window ${r.params.windowMs / DAY_MS} d`}, ` +
      `max ${r.params.maxHops} hops, min ${formatKzt(r.params.minTracedKzt)} KZT, rates: ${r.params.rateSource ?? "data"})`,
    `traced ${formatKzt(r.tracedKzt)} KZT = exits ${formatKzt(exitsTotal)} + still held ${formatKzt(holdTotal)} + ` +
      `not followed ${formatKzt(r.untracedKzt)}; as of ${formatLocal(r.asOf)} (Asia/Almaty)`,
    ...(r.currencies && r.currencies.length > 1
      ? [
          "currencies: " +
            r.currencies
              .filter((c) => c.currency !== "KZT")
              .map((c) => `${c.currency} at ${c.kztPerUnit.toFixed(2)} KZT (${c.rateSource})`)
              .join(", "),
        ]
      : []),
    "",
    `exits (${r.exits.length})`,
  ];
  if (r.exits.length) {
    const rows = r.exits.map((x) => [x.id, x.kind, formatKzt(x.amountKzt), x.txIds.slice(0, 3).join(" ")]);
    out.push(...table(["exit", "kind", "KZT", "transfers"], rows, [2]));
  }
  out.push("", `freeze list (${r.freezeList.length})`);
  if (r.freezeList.length) {
    const rows = r.freezeList.map((f) => [
      f.account,
      f.bank ?? "",
      formatKzt(f.amountKzt),
      formatLocal(f.arrivedAt),
      formatDuration(f.heldForMs),
    ]);
    out.push(...table(["account", "bank", "KZT", "arrived", "held for"], rows, [2]));
  }
  if (r.untraced.length) {
    out.push("", `not followed (${r.untraced.length})`);
    const rows = r.untraced.map((u) => [
      u.account ?? "",
      formatKzt(u.amountKzt),
      u.reason,
      (u.txIds ?? []).slice(0, 3).join(" "),
    ]);
    out.push(...table(["account", "KZT", "reason", "transfers"], rows, [1]));
  }
  return out;
}

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const opts = parseTraceArgs(args);
  const store = await ctx.store();
  const stats = await store.stats();
  let result: TraceResult;
  try {
    result = await traceFunds(store, { ...opts, asOf: stats.lastTransferAt ?? undefined });
  } catch (err) {
    if (err instanceof TraceNotFoundError) throw new UserFacingError(err.message);
    if (err instanceof TraceOptionsError) throw new UsageError(err.message);
    throw err;
  }
  if (ctx.json) ctx.emit(result);
  else for (const line of renderTrace(result)) ctx.say(line);
  return 0;
}
