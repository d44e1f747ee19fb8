/**
 * Tabular reads of the Neo4j store: transfers for tracing, account details, complaints, source files, the analytics
 * projection and the stats. Every list is sorted here in JS string order so both stores agree to the character.
 */
import type { IdentifierLink, Projection, ProjectionAccount } from "../../../model/analysis.js";
import { parseNodeId, type TransferEdge } from "../../../model/graph.js";
import type { ComplaintRecord, ExportKind, SourceFileRecord } from "../../../model/records.js";
import type { StoreStats, TransfersQuery } from "../types.js";
import { byString, byTsThenTxId, toComplaint, toProjectionAccount, toTransferEdge } from "./mapping.js";
import type { CypherRunner } from "./runner.js";

/** A limit the database accepts when the caller gave none. */
const NO_LIMIT = Number.MAX_SAFE_INTEGER;

/** Transfers (and withdrawals, as out) of a set of accounts, each once, by ts then txId. */
export async function transfers(runner: CypherRunner, q: TransfersQuery): Promise<TransferEdge[]> {
  const accounts = [...new Set(q.accounts)];
  if (accounts.length === 0) return [];
  const rows = await runner.read("transfers", {
    accounts,
    out: q.direction !== "in",
    in: q.direction !== "out",
    after: q.after ?? null,
    until: q.until ?? null,
  });
  const seen = new Map<string, TransferEdge>();
  for (const row of rows) seen.set(row.txId, toTransferEdge(row));
  return [...seen.values()].sort(byTsThenTxId);
}

/** Transfers and withdrawals by txId, unknown ids omitted, by ts then txId. */
export async function transfersByIds(runner: CypherRunner, txIds: string[]): Promise<TransferEdge[]> {
  const ids = [...new Set(txIds)];
  if (ids.length === 0) return [];
  const rows = await runner.read("transfersByIds", { txIds: ids });
  const seen = new Map<string, TransferEdge>();
  for (const row of rows) seen.set(row.txId, toTransferEdge(row));
  return [...seen.values()].sort(byTsThenTxId);
}

/** Account details with the holder's kind, by key; unknown keys omitted. */
export async function accounts(runner: CypherRunner, keys: string[]): Promise<ProjectionAccount[]> {
  const wanted = [...new Set(keys)];
  if (wanted.length === 0) return [];
  const rows = await runner.read("accountsByKeys", { keys: wanted });
  return rows.map(toProjectionAccount).sort((x, y) => byString(x.key, y.key));
}

export async function complaint(runner: CypherRunner, caseNo: string): Promise<ComplaintRecord | null> {
  const [row] = await runner.read("complaint", { caseNo });
  return row ? toComplaint(row.caseNo, row.props) : null;
}

/** Complaints by (registeredAt, caseNo). */
export async function complaints(runner: CypherRunner, limit?: number): Promise<ComplaintRecord[]> {
  if (limit !== undefined && limit <= 0) return [];
  const rows = await runner.read("complaints", { limit: limit ?? NO_LIMIT });
  return rows
    .map((r) => toComplaint(r.caseNo, r.props))
    .sort((x, y) => x.registeredAt - y.registeredAt || byString(x.caseNo, y.caseNo));
}

/** Source files, all or by hash, by name. */
export async function sourceFiles(
  runner: CypherRunner,
  sha256s?: string[],
): Promise<Omit<SourceFileRecord, "kind">[]> {
  const rows = await runner.read("sourceFiles", { sha256s: sha256s ?? null });
  return rows
    .map((r) => ({
      sha256: r.sha256,
      name: r.name,
      bytes: r.bytes,
      exportKind: r.exportKind as ExportKind,
      rowsRead: r.rowsRead,
    }))
    .sort((x, y) => byString(x.name, y.name) || byString(x.sha256, y.sha256));
}

/** Shared identifiers: phones/devices/IPs reached through usages, cards on several accounts, owner ids. */
async function identifierLinks(runner: CypherRunner): Promise<IdentifierLink[]> {
  const [uses, cards, owners] = await Promise.all([
    runner.read("projectionIdentifierUses"),
    runner.read("projectionIdentifierCards"),
    runner.read("projectionIdentifierOwners"),
  ]);
  const out: IdentifierLink[] = [];
  for (const row of uses) {
    const parsed = parseNodeId(row.id);
    if (!parsed) continue;
    const type = parsed.type as IdentifierLink["type"];
    for (const account of row.accounts) out.push({ account, type, value: parsed.key });
  }
  for (const row of cards)
    for (const account of row.accounts) out.push({ account, type: "card", value: row.value });
  for (const row of owners)
    for (const account of row.accounts) out.push({ account, type: "owner", value: row.value });
  return out.sort(
    (x, y) => byString(x.type, y.type) || byString(x.value, y.value) || byString(x.account, y.account),
  );
}

/** Everything analytics need, each list in the contract's order. */
export async function projection(runner: CypherRunner): Promise<Projection> {
  const [accountRows, transferRows, identifiers, complaintRows] = await Promise.all([
    runner.read("projectionAccounts"),
    runner.read("projectionTransfers"),
    identifierLinks(runner),
    runner.read("projectionComplaints"),
  ]);
  return {
    accounts: accountRows.map(toProjectionAccount).sort((x, y) => byString(x.key, y.key)),
    transfers: transferRows.map(toTransferEdge).sort(byTsThenTxId),
    identifiers,
    complaints: complaintRows
      .map((r) => {
        const c: Projection["complaints"][number] = {
          caseNo: r.caseNo,
          victimAccount: r.victimAccount,
          registeredAt: r.registeredAt,
          lossKzt: r.lossKzt,
        };
        if (r.incidentAt !== null && r.incidentAt !== undefined) c.incidentAt = r.incidentAt;
        return c;
      })
      .sort((x, y) => x.registeredAt - y.registeredAt || byString(x.caseNo, y.caseNo)),
  };
}

export async function stats(runner: CypherRunner): Promise<StoreStats> {
  const [row] = await runner.read("stats");
  return {
    accounts: row!.accounts,
    persons: row!.persons,
    companies: row!.companies,
    cards: row!.cards,
    phones: row!.phones,
    devices: row!.devices,
    ips: row!.ips,
    wallets: row!.wallets,
    transfers: row!.transfers,
    withdrawals: row!.withdrawals,
    complaints: row!.complaints,
    links: row!.links,
    transferSources: row!.transferSources ?? 0,
    firstTransferAt: row!.firstTransferAt ?? null,
    lastTransferAt: row!.lastTransferAt ?? null,
  };
}
