/**
 * `mulegraph recovery`: where traced money can still be frozen, and the freeze requests to the banks.
 *   recovery triage [--complaint C …] [--csv FILE]        accounts still holding traced money (--json: the Triage)
 *   recovery request --account A … [--complaint C …] --out DIR   one request per bank; its files written to DIR
 *   recovery list [--complaint C] [--bank B]              requests and where each freeze stands
 *   recovery answer REQUEST_NUMBER FILE.csv               import a bank's answer
 * Requests and answers are written to the audit trail as the user "cli".
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { formatLocal } from "../../model/time.js";
import type { FreezeRequestSummary, Triage } from "../../model/recovery.js";
import { TraceNotFoundError } from "../../server/analytics/trace/index.js";
import {
  buildFreezeRequests,
  buildTriage,
  importBankAnswer,
  listRequests,
  RecoveryNotFoundError,
  RecoveryValidationError,
  triageCsv,
} from "../../server/recovery/index.js";
import type { CliContext } from "../context.js";
import { UsageError, UserFacingError } from "../context.js";
import { flagArgs } from "../flags.js";
import { formatKzt, table } from "./trace.js";

export const help = `usage: mulegraph recovery triage [--complaint CASE_NO …] [--csv FILE]
       mulegraph recovery request --account ACCOUNT [--account ACCOUNT …] [--complaint CASE_NO …] --out DIR
       mulegraph recovery list [--complaint CASE_NO] [--bank BANK]
       mulegraph recovery answer REQUEST_NUMBER FILE.csv

triage   every account still holding traced money at the end of the data, across all complaints (or those
         given): bank, amount, since when, last movement, the complaints feeding it and their report lag, and per
         complaint the share still recoverable. --csv writes the table as a spreadsheet.
request  one freeze request per bank of the accounts given: a PDF letter, a CSV (the bank's answer form) and a
         JSON file, hashed, stored and audited; the files are written to DIR.
list     the requests and where each requested freeze stands (drafted, sent, frozen, refused, released, returned).
answer   import a bank's answer: the request's CSV with status, amount_kzt and reason filled in.
--json   print the result as JSON`;

interface Args {
  positional: string[];
  accounts: string[];
  complaints: string[];
  csv?: string;
  out?: string;
  bank?: string;
}

/** Parse the sub-command's arguments. */
export function parseRecoveryArgs(args: string[]): Args {
  const out: Args = { positional: [], accounts: [], complaints: [] };
  for (const { arg, flag, value } of flagArgs("recovery", args)) {
    if (flag === "--account") out.accounts.push(value());
    else if (flag === "--complaint") out.complaints.push(value());
    else if (flag === "--csv") out.csv = value();
    else if (flag === "--out") out.out = value();
    else if (flag === "--bank") out.bank = value();
    else if (arg.startsWith("--")) throw new UsageError(`recovery: unknown option "${arg}"\n\n${help}`);
    else out.positional.push(arg);
  }
  return out;
}

const days = (ms: number | undefined): string =>
  ms === undefined ? "" : `${(ms / 86_400_000).toFixed(1)} d`;

/**
 * The human report of a triage. Amounts held are `heldKzt`, what freeze requests ask for; where complaints overlap
 * on the same money, the overlap (counted for each of them in their own amounts) is shown beside it.
 */
export function renderTriage(t: Triage): string[] {
  const overlap = t.totalHoldingKzt - t.totalHeldKzt;
  const out = [
    `recovery triage as of ${formatLocal(t.asOf)} (Asia/Almaty): ${t.holdings.length} accounts hold ` +
      `${formatKzt(t.totalHeldKzt)} KZT of ${t.complaints.length} complaints` +
      (overlap >= 0.005
        ? ` (the complaints' amounts add up to ${formatKzt(t.totalHoldingKzt)} KZT: ` +
          `${formatKzt(overlap)} KZT is more than one complaint's money)`
        : ""),
    "",
  ];
  out.push(
    ...table(
      ["account", "bank", "held KZT", "overlap", "since", "last movement", "complaints", "max lag", "freeze"],
      t.holdings.map((h) => [
        h.account,
        h.bank ?? "",
        formatKzt(h.heldKzt),
        h.overlapKzt > 0 ? formatKzt(h.overlapKzt) : "",
        formatLocal(h.since),
        h.lastMovementAt !== undefined ? formatLocal(h.lastMovementAt) : "",
        String(h.complaints.length),
        days(h.maxReportLagMs),
        h.freezes[0] ? `${h.freezes[0].status} (${h.freezes[0].requestId})` : "",
      ]),
      [2, 3, 6],
    ),
  );
  out.push("", "complaints");
  out.push(
    ...table(
      ["complaint", "traced KZT", "still held", "share", "frozen", "returned", "report lag"],
      t.complaints.map((c) => [
        c.caseNo,
        formatKzt(c.tracedKzt),
        formatKzt(c.holdingKzt),
        `${(c.recoverableShare * 100).toFixed(1)}%`,
        formatKzt(c.frozenKzt),
        formatKzt(c.returnedKzt),
        days(c.reportLagMs),
      ]),
      [1, 2, 3, 4, 5],
    ),
  );
  return out;
}

/** The human list of requests. */
export function renderRequests(requests: FreezeRequestSummary[]): string[] {
  return table(
    ["request", "bank", "account", "requested", "status", "frozen", "returned", "by", "when"],
    requests.flatMap((r) =>
      r.items.map((s) => [
        r.id,
        r.bank,
        s.account,
        formatKzt(s.requestedKzt),
        s.status + (s.reason ? ` (${s.reason})` : ""),
        formatKzt(s.frozenKzt),
        formatKzt(s.returnedKzt),
        s.by,
        formatLocal(s.at),
      ]),
    ),
    [3, 5, 6],
  );
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (
      err instanceof RecoveryValidationError ||
      err instanceof RecoveryNotFoundError ||
      err instanceof TraceNotFoundError
    ) {
      throw new UserFacingError(err.message);
    }
    throw err;
  }
}

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const [sub, ...rest] = args;
  const a = parseRecoveryArgs(rest);
  const store = await ctx.store();
  switch (sub) {
    case "triage": {
      const t = await guarded(() =>
        buildTriage(store, a.complaints.length ? { complaints: a.complaints } : {}),
      );
      if (a.csv) await writeFile(a.csv, triageCsv(t));
      if (ctx.json) ctx.emit(t);
      else for (const line of renderTriage(t)) ctx.say(line);
      return 0;
    }
    case "request": {
      if (!a.accounts.length) throw new UsageError(`recovery request: give --account ACCOUNT\n\n${help}`);
      if (!a.out) throw new UsageError("recovery request: give --out DIR for the request files");
      const built = await guarded(() =>
        buildFreezeRequests(store, {
          accounts: a.accounts,
          ...(a.complaints.length ? { complaints: a.complaints } : {}),
          by: "cli",
          onWarning: (m) => process.stderr.write(`mulegraph: ${m}\n`),
        }),
      );
      await mkdir(a.out, { recursive: true });
      for (const r of built) {
        for (const f of r.files) {
          const bytes = await store.freezeRequestContent(r.id, f.name);
          if (bytes) await writeFile(path.join(a.out, f.name), bytes);
        }
      }
      if (ctx.json) ctx.emit({ requests: built });
      else {
        for (const r of built) {
          ctx.say(`${r.id} to ${r.bank}: ${r.items.length} accounts, ${formatKzt(r.totalKzt)} KZT`);
          for (const f of r.files) ctx.say(`  ${path.join(a.out, f.name)}  sha256 ${f.sha256}`);
        }
      }
      return 0;
    }
    case "list": {
      const requests = await listRequests(store, {
        ...(a.complaints[0] ? { complaint: a.complaints[0] } : {}),
        ...(a.bank ? { bank: a.bank } : {}),
      });
      if (ctx.json) ctx.emit({ requests });
      else for (const line of renderRequests(requests)) ctx.say(line);
      return 0;
    }
    case "answer": {
      const [id, file] = a.positional;
      if (!id || !file) throw new UsageError(`recovery answer: give REQUEST_NUMBER FILE.csv\n\n${help}`);
      const text = await readFile(file, "utf8").catch((err: Error) => {
        throw new UserFacingError(`recovery answer: cannot read ${file}: ${err.message}`);
      });
      const r = await guarded(() => importBankAnswer(store, id, text, "cli"));
      if (ctx.json) ctx.emit(r);
      else for (const line of renderRequests([r])) ctx.say(line);
      return 0;
    }
    default:
      throw new UsageError(`recovery: give a sub-command: triage, request, list or answer\n\n${help}`);
  }
}
