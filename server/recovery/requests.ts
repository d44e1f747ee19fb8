/**
 * Freeze requests: one per bank for the chosen holding accounts. Each is built from a fresh triage (so the amounts
 * are those held at the end of the data), written as a PDF letter, a JSON file and a CSV file, each hashed
 * (SHA-256); the request is stored with its files and written to the audit trail. Request numbers are
 * FR-<year>-<NNNN>, the next free number of the year; two builders racing for one number: the store rejects the
 * second, which takes the next.
 */
import { createHash } from "node:crypto";
import type { FreezeRequestSummary } from "../../model/recovery.js";
import { audit } from "../audit/index.js";
import { FreezeRequestExistsError } from "../store/recovery-errors.js";
import type { AuditRecords } from "../store/ports/records.js";
import type { FreezeRequestFile, FreezeRequestRecord, RecoveryRecordStore } from "../store/ports/recovery.js";
import { requestCsv, requestJson, type FreezeRequestDocument } from "./documents.js";
import { RecoveryValidationError } from "./errors.js";
import { renderLetterPdf } from "./letter-pdf.js";
import { foldStates } from "./status.js";
import { buildTriage, type TriageStore } from "./triage.js";

export interface BuildRequestsInput {
  /** Holding accounts to ask to freeze (each must hold traced money of the complaints). */
  accounts: string[];
  /** Complaints whose money is asked for; all when absent. */
  complaints?: string[];
  /** Who builds them (username, or "cli"). */
  by: string;
  /** Epoch ms; default now. */
  now?: number;
  onWarning?: (message: string) => void;
}

/** Label of the bank of an account the data gives no bank for. */
export const UNKNOWN_BANK = "unknown bank";

const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

async function nextNumber(
  store: Pick<RecoveryRecordStore, "listFreezeRequests">,
  year: number,
): Promise<number> {
  const prefix = `FR-${year}-`;
  let max = 0;
  for (const r of await store.listFreezeRequests()) {
    if (r.id.startsWith(prefix)) max = Math.max(max, Number(r.id.slice(prefix.length)) || 0);
  }
  return max + 1;
}

/** The summary of a stored request with its items' states. */
export function summarise(
  r: FreezeRequestRecord,
  states: ReturnType<typeof foldStates>,
): FreezeRequestSummary {
  return {
    id: r.id,
    bank: r.bank,
    createdAt: r.createdAt,
    createdBy: r.createdBy,
    complaints: r.complaints,
    totalKzt: r.totalKzt,
    sha256: r.sha256,
    files: r.files,
    items: states.filter((s) => s.requestId === r.id),
  };
}

/**
 * Build, store and audit one request per bank of the chosen accounts.
 * @throws RecoveryValidationError when an account holds no traced money of the complaints.
 */
export async function buildFreezeRequests(
  store: TriageStore & RecoveryRecordStore & AuditRecords,
  input: BuildRequestsInput,
): Promise<FreezeRequestSummary[]> {
  const wanted = [...new Set(input.accounts)];
  if (wanted.length === 0)
    throw new RecoveryValidationError("recovery/requests: choose at least one holding account");
  const triage = await buildTriage(store, { complaints: input.complaints });
  const byAccount = new Map(triage.holdings.map((h) => [h.account, h]));
  const missing = wanted.filter((a) => !byAccount.has(a));
  if (missing.length) {
    throw new RecoveryValidationError(
      `recovery/requests: ${missing.join(", ")} hold${missing.length === 1 ? "s" : ""} no traced money of ` +
        `${input.complaints?.length ? `complaints ${input.complaints.join(", ")}` : "any complaint"} at the end of the data`,
    );
  }
  const byBank = new Map<string, typeof triage.holdings>();
  for (const a of wanted) {
    const h = byAccount.get(a)!;
    const bank = h.bank ?? UNKNOWN_BANK;
    byBank.set(bank, [...(byBank.get(bank) ?? []), h]);
  }
  const complaintInfo = new Map(triage.complaints.map((c) => [c.caseNo, c]));
  const now = input.now ?? Date.now();
  const year = new Date(now).getUTCFullYear();
  const built: FreezeRequestRecord[] = [];

  for (const [bank, holdings] of [...byBank].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const txIds = [...new Set(holdings.flatMap((h) => h.txIds))];
    const transfers = await store.transfersByIds(txIds);
    const caseNos = [...new Set(holdings.flatMap((h) => h.complaints.map((c) => c.caseNo)))].sort();
    // Ask for the money in the account: the complaints' amounts overlap where the same money is two complaints'.
    const accounts = holdings.map((h) => ({
      account: h.account,
      amountKzt: h.heldKzt,
      claimedKzt: h.amountKzt,
      complaintsOverlap: h.overlapKzt > 0,
      since: h.since,
      ...(h.lastMovementAt !== undefined ? { lastMovementAt: h.lastMovementAt } : {}),
      txIds: h.txIds,
      byComplaint: Object.fromEntries(h.complaints.map((c) => [c.caseNo, c.amountKzt])),
    }));
    const totalKzt = Math.round(holdings.reduce((s, h) => s + h.heldKzt, 0) * 100) / 100;

    for (let attempt = 0; ; attempt++) {
      const id = `FR-${year}-${String((await nextNumber(store, year)) + attempt).padStart(4, "0")}`;
      const doc: FreezeRequestDocument = {
        requestNumber: id,
        bank,
        createdAt: now,
        createdBy: input.by,
        asOf: triage.asOf,
        complaints: caseNos.map((caseNo) => {
          const c = complaintInfo.get(caseNo)!;
          return {
            caseNo,
            victimAccount: c.victimAccount,
            ...(c.incidentAt !== undefined ? { incidentAt: c.incidentAt } : {}),
            registeredAt: c.registeredAt,
          };
        }),
        accounts,
        transactions: transfers.map((t) => ({
          txId: t.txId,
          from: t.from,
          to: t.to,
          ts: t.ts,
          amount: t.amount,
          currency: t.currency,
          amountKzt: t.amountKzt,
        })),
        totalKzt,
      };
      const json = new TextEncoder().encode(requestJson(doc));
      const csv = new TextEncoder().encode(requestCsv(doc));
      const jsonSha256 = sha256(json);
      const pdf = new Uint8Array(
        await renderLetterPdf({ ...doc, jsonSha256 }, { onWarning: input.onWarning }),
      );
      const contents: Record<string, Uint8Array> = {
        [`${id}.pdf`]: pdf,
        [`${id}.json`]: json,
        [`${id}.csv`]: csv,
      };
      const media: Record<string, string> = {
        pdf: "application/pdf",
        json: "application/json",
        csv: "text/csv",
      };
      const files: FreezeRequestFile[] = Object.entries(contents).map(([name, bytes]) => ({
        name,
        mediaType: media[name.split(".").pop()!]!,
        sha256: sha256(bytes),
        bytes: bytes.length,
      }));
      const record: FreezeRequestRecord = {
        id,
        bank,
        createdAt: now,
        createdBy: input.by,
        complaints: caseNos,
        items: accounts.map((a) => ({
          account: a.account,
          amountKzt: a.amountKzt,
          txIds: a.txIds,
          byComplaint: a.byComplaint,
        })),
        totalKzt,
        sha256: jsonSha256,
        files,
      };
      try {
        await store.putFreezeRequest(record, contents);
      } catch (err) {
        if (err instanceof Error && err.name === FreezeRequestExistsError.name && attempt < 20) continue;
        throw err;
      }
      await audit(store, {
        actor: input.by,
        action: "recovery.request",
        target: id,
        params: {
          bank,
          complaints: caseNos,
          accounts: accounts.map((a) => a.account),
          totalKzt,
          files: files.map((f) => ({ name: f.name, sha256: f.sha256 })),
        },
      });
      built.push(record);
      break;
    }
  }
  const states = foldStates(built, []);
  return built.map((r) => summarise(r, states));
}
