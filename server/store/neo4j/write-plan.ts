/**
 * Plans one writeBatch for Neo4j: folds the batch's records into one row per node and per relationship (the first
 * non-null value of each field wins, sources are unioned), adds bare rows for nodes that other records name, and
 * groups the rows by query in two phases: every node first, then every relationship (whose ends then exist and are
 * only MATCHed). Pure: no driver here, so the folding is unit-tested without a database.
 *
 * Folding inside the batch matters twice: writes stay idempotent and order-preserving ("first non-null wins" across
 * the batch, `coalesce(stored, new)` against what is stored), and no two concurrent transactions of one batch ever
 * touch the same transfer.
 */
import { nodeId, type EntityType } from "../../../model/graph.js";
import type { CanonicalRecord, Source } from "../../../model/records.js";
import { foldName } from "../fold.js";
import { byString, encodeSource } from "./mapping.js";
import type { QueryName } from "./queries.js";

/** One query and the rows it UNWINDs. */
export interface WriteStep {
  query: QueryName;
  rows: Record<string, unknown>[];
}

/** Steps of one phase may run concurrently; phases run in order. */
export type WritePlan = WriteStep[][];

type Row = Record<string, unknown> & { sources?: Set<string> };

/** Rows keyed by id, folded as records arrive. */
class Fold {
  readonly rows = new Map<string, Row>();

  /** Fill the row's unknown fields from `values` and union `sources`. */
  add(id: string, values: Record<string, unknown>, sources: readonly Source[] = []): Row {
    let row = this.rows.get(id);
    if (!row) {
      row = { sources: new Set() };
      this.rows.set(id, row);
    }
    for (const k in values) {
      const v = values[k];
      if (v !== undefined && v !== null && (row[k] === undefined || row[k] === null)) row[k] = v;
    }
    for (const s of sources) row.sources!.add(encodeSource(s));
    return row;
  }

  has(id: string): boolean {
    return this.rows.has(id);
  }

  /** Rows ready for the driver: sets as arrays; unknown fields are left out (Cypher reads a missing key as null). */
  list(): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    for (const row of this.rows.values()) {
      const r: Record<string, unknown> = {};
      for (const k in row) {
        const v = row[k];
        r[k] = v instanceof Set ? [...v] : v;
      }
      out.push(r);
    }
    return out;
  }
}

/** nameLower: the name folded for search exactly as the embedded store folds it (lower case, ё and Kazakh letters). */
const lower = (s: string | undefined): string | undefined => (s === undefined ? undefined : foldName(s));

/** Fold a batch of canonical records into the queries that write it. */
export function planBatch(records: readonly CanonicalRecord[]): WritePlan {
  const files = new Map<string, Record<string, unknown>>();
  const accounts = new Fold();
  const persons = new Fold();
  const companies = new Fold();
  const cards = new Fold();
  const complaints = new Fold();
  const identifiers = new Fold();
  const wallets = new Fold();
  const cashPoints = new Fold();
  const transfers = new Fold();
  const withdrawals = new Fold();
  const ownerships = new Fold();
  const controls = new Fold();
  const cardAccounts = new Fold();
  const reports = new Fold();
  const usages = new Fold();
  const payments = new Fold();
  // Nodes named by other records, by type: created bare unless written in full by this batch.
  const named: Record<"account" | "person" | "company" | "card", Set<string>> = {
    account: new Set(),
    person: new Set(),
    company: new Set(),
    card: new Set(),
  };
  const name = (type: keyof typeof named, key: string): string => {
    named[type].add(key);
    return nodeId(type, key);
  };
  /** A pair relationship (both ends by node id). */
  const pair = (
    fold: Fold,
    from: string,
    to: string,
    sources: readonly Source[],
    extra: Record<string, unknown> = {},
  ) => fold.add(`${from}\u0000${to}`, { from, to, ...extra }, sources);
  /** Widen a [first, last] time range kept on a row. */
  const widen = (row: Row, ts: number) => {
    if (typeof row.first !== "number" || ts < row.first) row.first = ts;
    if (typeof row.last !== "number" || ts > row.last) row.last = ts;
  };
  const addToSet = (row: Row, field: string, value: string) => {
    let set = row[field] as Set<string> | undefined;
    if (!set) row[field] = set = new Set();
    set.add(value);
  };

  for (const r of records) {
    switch (r.kind) {
      case "sourceFile":
        if (!files.has(r.sha256)) {
          files.set(r.sha256, {
            sha256: r.sha256,
            name: r.name,
            bytes: r.bytes,
            exportKind: r.exportKind,
            rowsRead: r.rowsRead,
          });
        }
        break;
      case "account":
        accounts.add(
          nodeId("account", r.key),
          {
            nid: nodeId("account", r.key),
            key: r.key,
            iban: r.iban,
            number: r.number,
            bank: r.bank,
            currency: r.currency,
            accountKind: r.accountKind,
            holderId: r.holderId,
            holderName: r.holderName,
            nameLower: lower(r.holderName),
            openedAt: r.openedAt,
            watchlist: r.watchlist,
          },
          r.sources,
        );
        break;
      case "person":
        persons.add(
          nodeId("person", r.iin),
          { nid: nodeId("person", r.iin), key: r.iin, name: r.name, nameLower: lower(r.name) },
          r.sources,
        );
        break;
      case "company":
        companies.add(
          nodeId("company", r.bin),
          {
            nid: nodeId("company", r.bin),
            key: r.bin,
            name: r.name,
            nameLower: lower(r.name),
            companyKind: r.companyKind,
          },
          r.sources,
        );
        break;
      case "ownership": {
        const owner = name(r.ownerType, r.ownerId);
        pair(ownerships, owner, name("account", r.account), r.sources);
        break;
      }
      case "control":
        pair(controls, name("person", r.iin), name("company", r.bin), r.sources);
        break;
      case "card": {
        const card = nodeId("card", r.cardId);
        cards.add(card, { nid: card, key: r.cardId, holderIin: r.holderIin }, r.sources);
        if (r.account) pair(cardAccounts, card, name("account", r.account), r.sources);
        break;
      }
      case "transfer": {
        const from = name("account", r.from);
        transfers.add(
          r.txId,
          {
            txId: r.txId,
            from,
            to: name("account", r.to),
            ts: r.ts,
            amount: r.amount,
            currency: r.currency,
            amountKzt: r.amountKzt,
            rateSource: r.rateSource,
            channel: r.channel,
            purpose: r.purpose,
            knp: r.knp,
            wallets: r.wallets && r.wallets.length > 0 ? r.wallets.map((w) => w.address) : undefined,
          },
          r.sources,
        );
        for (const w of r.wallets ?? []) {
          const wallet = nodeId("wallet", w.address);
          wallets.add(wallet, { nid: wallet, key: w.address, chain: w.chain }, r.sources);
          const row = pair(payments, from, wallet, r.sources);
          widen(row, r.ts);
          addToSet(row, "txIds", r.txId);
        }
        break;
      }
      case "withdrawal": {
        const cashPoint = nodeId("cashpoint", r.atmId);
        cashPoints.add(cashPoint, { nid: cashPoint, key: r.atmId, country: r.country }, r.sources);
        withdrawals.add(
          r.txId,
          {
            txId: r.txId,
            account: name("account", r.account),
            cashPoint,
            ts: r.ts,
            amount: r.amount,
            currency: r.currency,
            amountKzt: r.amountKzt,
          },
          r.sources,
        );
        break;
      }
      case "usage": {
        const subject = name(r.subjectType, r.subject);
        const identifier = nodeId(r.identifierType, r.identifier);
        identifiers.add(
          identifier,
          { nid: identifier, key: r.identifier, identifierType: r.identifierType },
          r.sources,
        );
        const row = pair(usages, subject, identifier, r.sources);
        widen(row, r.ts);
        addToSet(row, "uses", `${r.ts}|${r.event}`);
        break;
      }
      case "complaint": {
        const complaint = nodeId("complaint", r.caseNo);
        complaints.add(
          complaint,
          {
            nid: complaint,
            key: r.caseNo,
            registeredAt: r.registeredAt,
            incidentAt: r.incidentAt,
            victimIin: r.victimIin,
            victimName: r.victimName,
            victimAccount: r.victimAccount,
            loss: r.loss,
            currency: r.currency,
            lossKzt: r.lossKzt,
            scheme: r.scheme,
          },
          r.sources,
        );
        pair(reports, complaint, name("account", r.victimAccount), r.sources);
        break;
      }
    }
  }

  const bare = (type: keyof typeof named, written: Fold) =>
    [...named[type]]
      .filter((key) => !written.has(nodeId(type as EntityType, key)))
      .sort(byString)
      .map((key) => ({ nid: nodeId(type as EntityType, key), key }));

  // Sorting by node id makes concurrent transactions take node locks in one order (fewer deadlocks).
  const sortBy = (field: string, then?: string) => (x: Record<string, unknown>, y: Record<string, unknown>) =>
    byString(x[field] as string, y[field] as string) ||
    (then ? byString(x[then] as string, y[then] as string) : 0);

  const nodes: WriteStep[] = [
    { query: "writeSourceFiles", rows: [...files.values()] },
    {
      query: "writeAccounts",
      rows: accounts.list(),
    },
    { query: "writePersons", rows: persons.list() },
    { query: "writeCompanies", rows: companies.list() },
    { query: "writeCards", rows: cards.list() },
    {
      query: "writeComplaints",
      rows: complaints.list(),
    },
    { query: "ensureAccounts", rows: bare("account", accounts) },
    { query: "ensurePersons", rows: bare("person", persons) },
    { query: "ensureCompanies", rows: bare("company", companies) },
    { query: "ensureCards", rows: bare("card", cards) },
    { query: "writeIdentifiers", rows: identifiers.list() },
    { query: "writeWallets", rows: wallets.list() },
    { query: "writeCashPoints", rows: cashPoints.list() },
  ];
  const relationships: WriteStep[] = [
    {
      query: "writeTransfers",
      rows: transfers.list().sort(sortBy("from", "to")),
    },
    { query: "writeWithdrawals", rows: withdrawals.list().sort(sortBy("account")) },
    { query: "writeOwnerships", rows: ownerships.list().sort(sortBy("from", "to")) },
    { query: "writeControls", rows: controls.list().sort(sortBy("from", "to")) },
    { query: "writeCardAccounts", rows: cardAccounts.list().sort(sortBy("from", "to")) },
    { query: "writeReports", rows: reports.list().sort(sortBy("from", "to")) },
    { query: "writeUsages", rows: usages.list().sort(sortBy("from", "to")) },
    { query: "writeWalletPayments", rows: payments.list().sort(sortBy("from", "to")) },
  ];
  return [nodes, relationships]
    .map((phase) => phase.filter((s) => s.rows.length > 0))
    .filter((p) => p.length > 0);
}
