/**
 * Outcomes of freeze requests: a status change for one account of a request (or for all its accounts, as when the
 * request is sent), checked against where the freeze stands (status.ts), appended to the store in sequence and
 * written to the audit trail; and a bank's answer imported as CSV (the request's own CSV with status, amount_kzt and
 * reason filled in; Russian headers and status words are read too).
 */
import { parse } from "csv-parse/sync";
import type { FreezeRequestSummary, FreezeStatus } from "../../model/recovery.js";
import { FREEZE_STATUSES } from "../../model/recovery.js";
import { audit } from "../audit/index.js";
import { FreezeOutcomeSequenceError } from "../store/recovery-errors.js";
import type { AuditRecords } from "../store/ports/records.js";
import type { FreezeOutcome, RecoveryRecordStore } from "../store/ports/recovery.js";
import { RecoveryNotFoundError, RecoveryValidationError } from "./errors.js";
import { summarise } from "./requests.js";
import { applyOutcome, checkChange, foldStates } from "./status.js";

export interface OutcomeChange {
  /** One account of the request; every account of it when absent. */
  account?: string;
  status: FreezeStatus;
  amountKzt?: number;
  reason?: string;
}

type RecoveryStore = RecoveryRecordStore & AuditRecords;

/** One request with its items' states. */
export async function getRequest(
  store: Pick<RecoveryRecordStore, "getFreezeRequest" | "listFreezeOutcomes">,
  id: string,
) {
  const r = await store.getFreezeRequest(id);
  if (!r) throw new RecoveryNotFoundError(`recovery: no freeze request ${id}`);
  return summarise(r, foldStates([r], await store.listFreezeOutcomes({ requestId: id })));
}

/** Requests (for a complaint or a bank when given) with their items' states, oldest first. */
export async function listRequests(
  store: Pick<RecoveryRecordStore, "listFreezeRequests" | "listFreezeOutcomes">,
  opts: { complaint?: string; bank?: string } = {},
): Promise<FreezeRequestSummary[]> {
  const requests = await store.listFreezeRequests(opts);
  const outcomes = await store.listFreezeOutcomes();
  const states = foldStates(requests, outcomes);
  return requests.map((r) => summarise(r, states));
}

/**
 * Apply changes to one request: every change is checked first (in order, each on the state the ones before it
 * leave), and only when all pass are they appended, in order. A concurrent change to the same request makes the store reject the sequence; the
 * changes are then checked again on the new state, once.
 * @throws RecoveryNotFoundError, RecoveryValidationError
 */
export async function recordOutcomes(
  store: RecoveryStore,
  requestId: string,
  changes: OutcomeChange[],
  by: string,
  now: number = Date.now(),
): Promise<FreezeRequestSummary> {
  for (let attempt = 0; ; attempt++) {
    const r = await store.getFreezeRequest(requestId);
    if (!r) throw new RecoveryNotFoundError(`recovery: no freeze request ${requestId}`);
    const outcomes = await store.listFreezeOutcomes({ requestId });
    const states = foldStates([r], outcomes);
    let seq = outcomes.length ? outcomes[outcomes.length - 1]!.seq : 0;
    const planned: FreezeOutcome[] = [];
    for (const change of changes) {
      if (!FREEZE_STATUSES.includes(change.status) || change.status === "drafted") {
        throw new RecoveryValidationError(
          `recovery: "${String(change.status)}" is not a status a freeze can move to`,
        );
      }
      // Without an account, the change goes to every account it is allowed for ("mark sent" skips answered ones).
      const targets =
        change.account === undefined
          ? states.filter((st) => checkChange(st, change) === null)
          : states.filter((st) => st.account === change.account);
      if (change.account !== undefined && targets.length === 0) {
        throw new RecoveryNotFoundError(
          `recovery: account ${change.account} is not in freeze request ${requestId}`,
        );
      }
      if (targets.length === 0) {
        throw new RecoveryValidationError(
          `recovery: no account of ${requestId} can become ${change.status} now`,
        );
      }
      for (const s of targets) {
        const problem = checkChange(s, change);
        if (problem) throw new RecoveryValidationError(`recovery: ${problem}`);
        const o = {
          requestId,
          seq: ++seq,
          account: s.account,
          status: change.status,
          ...(change.amountKzt !== undefined ? { amountKzt: change.amountKzt } : {}),
          ...(change.reason?.trim() ? { reason: change.reason.trim() } : {}),
          by,
          at: now,
        };
        applyOutcome(s, o);
        planned.push(o);
      }
    }
    let appended = 0;
    try {
      for (const o of planned) {
        await store.appendFreezeOutcome(o);
        appended++;
      }
    } catch (err) {
      // Another change took the next seq before our first append: nothing of ours is written, so the changes are
      // checked again on the new state, once. A later append failing leaves part written: that is reported as is.
      if (
        err instanceof Error &&
        err.name === FreezeOutcomeSequenceError.name &&
        attempt === 0 &&
        appended === 0
      ) {
        continue;
      }
      throw err;
    }
    await audit(store, {
      actor: by,
      action: "recovery.outcome",
      target: requestId,
      params: {
        changes: planned.map(({ account, status, amountKzt, reason }) => ({
          account,
          status,
          amountKzt,
          reason,
        })),
      },
    });
    return summarise(r, states);
  }
}

const HEADERS: Record<string, "account" | "status" | "amount" | "reason" | "request"> = {
  account: "account",
  iban: "account",
  счет: "account",
  счёт: "account",
  status: "status",
  статус: "status",
  amount_kzt: "amount",
  amount: "amount",
  frozen_kzt: "amount",
  сумма: "amount",
  reason: "reason",
  comment: "reason",
  причина: "reason",
  комментарий: "reason",
  request_number: "request",
  номер_запроса: "request",
};

const STATUS_WORDS: Record<string, FreezeStatus> = {
  sent: "sent",
  frozen: "frozen",
  refused: "refused",
  released: "released",
  returned: "returned",
  заморожено: "frozen",
  приостановлено: "frozen",
  отказано: "refused",
  отказ: "refused",
  снято: "released",
  возвращено: "returned",
};

/** One row of a bank's answer. */
export interface AnswerRow {
  line: number;
  account: string;
  status: FreezeStatus;
  amountKzt?: number;
  reason?: string;
}

/**
 * Read a bank's answer CSV (comma or semicolon separated, a BOM allowed). Rows with an empty status are skipped (the
 * bank did not answer for that account).
 * @throws RecoveryValidationError naming the line and column of the first bad cell.
 */
export function parseBankAnswer(text: string, requestId?: string): AnswerRow[] {
  const body = text.replace(/^\uFEFF/, "");
  const firstLine = body.split(/\r?\n/, 1)[0] ?? "";
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ";" : ",";
  let rows: string[][];
  try {
    rows = parse(body, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as string[][];
  } catch (err) {
    throw new RecoveryValidationError(`recovery/answer: the CSV cannot be read: ${(err as Error).message}`);
  }
  const [header, ...data] = rows;
  const cols = new Map<string, number>();
  (header ?? []).forEach((h, i) => {
    const field = HEADERS[h.toLowerCase().replace(/\s+/g, "_")];
    if (field && !cols.has(field)) cols.set(field, i);
  });
  for (const need of ["account", "status"]) {
    if (!cols.has(need)) {
      throw new RecoveryValidationError(
        `recovery/answer: line 1: no "${need}" column (the header is: ${(header ?? []).join(", ")})`,
      );
    }
  }
  const out: AnswerRow[] = [];
  data.forEach((row, i) => {
    const line = i + 2;
    const cell = (f: string): string => (cols.has(f) ? (row[cols.get(f)!] ?? "").trim() : "");
    const rawStatus = cell("status").toLowerCase();
    if (!rawStatus) return;
    const status = STATUS_WORDS[rawStatus];
    if (!status) {
      throw new RecoveryValidationError(
        `recovery/answer: line ${line}: status "${cell("status")}" is not one of ${Object.keys(STATUS_WORDS).join(", ")}`,
      );
    }
    const request = cell("request");
    if (requestId && request && request !== requestId) {
      throw new RecoveryValidationError(
        `recovery/answer: line ${line}: request number ${request} is not ${requestId}, the request being answered`,
      );
    }
    const rawAmount = cell("amount")
      .replace(/[\s\u00a0]/g, "")
      .replace(",", ".");
    const amount = rawAmount === "" ? undefined : Number(rawAmount);
    if (amount !== undefined && !(Number.isFinite(amount) && amount >= 0)) {
      throw new RecoveryValidationError(
        `recovery/answer: line ${line}: amount_kzt "${cell("amount")}" is not a number`,
      );
    }
    const account = cell("account");
    if (!account) throw new RecoveryValidationError(`recovery/answer: line ${line}: the account is empty`);
    out.push({
      line,
      account,
      status,
      ...(amount !== undefined ? { amountKzt: amount } : {}),
      ...(cell("reason") ? { reason: cell("reason") } : {}),
    });
  });
  if (out.length === 0) throw new RecoveryValidationError("recovery/answer: no row of the CSV has a status");
  return out;
}

/**
 * Import a bank's answer to a request: accounts still drafted are marked sent first (the bank answered, so it was
 * asked), then each row's status is recorded, all or none.
 */
export async function importBankAnswer(
  store: RecoveryStore,
  requestId: string,
  csvText: string,
  by: string,
  now: number = Date.now(),
): Promise<FreezeRequestSummary> {
  const rows = parseBankAnswer(csvText, requestId);
  const current = await getRequest(store, requestId);
  const changes: OutcomeChange[] = [];
  for (const row of rows) {
    const item = current.items.find((s) => s.account === row.account);
    if (!item) {
      throw new RecoveryValidationError(
        `recovery/answer: line ${row.line}: account ${row.account} is not in freeze request ${requestId}`,
      );
    }
    if (item.status === "drafted" && row.status !== "sent")
      changes.push({ account: row.account, status: "sent" });
    changes.push({
      account: row.account,
      status: row.status,
      ...(row.amountKzt !== undefined ? { amountKzt: row.amountKzt } : {}),
      ...(row.reason ? { reason: row.reason } : {}),
    });
  }
  return recordOutcomes(store, requestId, changes, by, now);
}
