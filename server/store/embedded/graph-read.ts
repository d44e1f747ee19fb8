/**
 * Reading the embedded store as a graph: nodes by id, relationships around or between a set of nodes, and their
 * provenance. entity() and neighbourhood() in index.ts are built from these three pieces.
 *
 * Lists of keys go to SQLite as one JSON array parameter (`IN (SELECT value FROM json_each(?))`), so a query never
 * grows with its input and no SQL is built from user text.
 */
import type Database from "better-sqlite3";
import {
  ENTITY_TYPES,
  parseNodeId,
  RELATIONSHIP_TYPES,
  type EntityType,
  type GraphEdge,
  type GraphNode,
  type NodeId,
  type RelationshipType,
} from "../../../model/graph.js";
import type { Source } from "../../../model/records.js";
import type { NeighbourhoodFilter } from "../types.js";
import { prepared } from "./statements.js";

type Row = Record<string, string | number | null>;
type Props = GraphNode["props"];

/** JS string order (UTF-16 code units), the order every list in the contract uses. */
export const byString = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
export const byId = (x: { id: string }, y: { id: string }): number => byString(x.id, y.id);
export const bySource = (x: Source, y: Source): number => byString(x.file, y.file) || x.line - y.line;

const L = "(SELECT value FROM json_each(?))";
const PAIRS = "(SELECT value ->> 0, value ->> 1 FROM json_each(?))";
const json = (xs: unknown[]): string => JSON.stringify(xs);

/** Copy the non-null columns into props under their contract names. */
function pick(row: Row, columns: [column: string, prop: string][]): Props {
  const props: Props = {};
  for (const [column, prop] of columns) {
    const v = row[column];
    if (v !== null && v !== undefined) props[prop] = v;
  }
  return props;
}

/** Node ids grouped by type, keys only; malformed ids dropped. */
export function groupByType(ids: Iterable<NodeId>): Map<EntityType, string[]> {
  const groups = new Map<EntityType, string[]>();
  for (const id of ids) {
    const p = parseNodeId(id);
    if (!p) continue;
    const list = groups.get(p.type);
    if (list) list.push(p.key);
    else groups.set(p.type, [p.key]);
  }
  return groups;
}

const ACCOUNT_PROPS: [string, string][] = [
  ["iban", "iban"],
  ["number", "number"],
  ["bank", "bank"],
  ["currency", "currency"],
  ["account_kind", "accountKind"],
  ["holder_id", "holderId"],
  ["holder_name", "holderName"],
  ["opened_at", "openedAt"],
  ["watchlist", "watchlist"],
];
const COMPLAINT_PROPS: [string, string][] = [
  ["registered_at", "registeredAt"],
  ["incident_at", "incidentAt"],
  ["victim_iin", "victimIin"],
  ["victim_name", "victimName"],
  ["victim_account", "victimAccount"],
  ["loss", "loss"],
  ["currency", "currency"],
  ["loss_kzt", "lossKzt"],
  ["scheme", "scheme"],
];

function accountNode(row: Row): GraphNode {
  const key = row.key as string;
  const node: GraphNode = {
    id: `account:${key}`,
    type: "account",
    key,
    label: (row.holder_name as string | null) ?? key,
    props: pick(row, ACCOUNT_PROPS),
  };
  if (row.role !== null) {
    if (row.community !== null) node.community = row.community as string;
    node.role = row.role as GraphNode["role"];
    node.score = row.score as number;
    node.reasons = JSON.parse(row.reasons as string) as string[];
    if (typeof row.typologies === "string") node.typologies = JSON.parse(row.typologies) as string[];
  }
  return node;
}

function simpleNode(type: EntityType, key: string, props: Props, label = key): GraphNode {
  return { id: `${type}:${key}`, type, key, label, props };
}

/** Load the nodes that exist among `ids`. */
export function loadNodes(db: Database.Database, ids: Iterable<NodeId>): Map<NodeId, GraphNode> {
  const out = new Map<NodeId, GraphNode>();
  const add = (n: GraphNode) => out.set(n.id, n);
  for (const [type, keys] of groupByType(ids)) {
    const k = json(keys);
    switch (type) {
      case "account":
        // an.* rather than a column list: a read-only file of schema version 1 has no typologies column.
        for (const r of prepared(
          db,
          `SELECT a.*, an.* FROM accounts a
             LEFT JOIN analysis_accounts an ON an.account = a.key WHERE a.key IN ${L}`,
        ).all(k) as Row[])
          add(accountNode(r));
        break;
      case "person":
        for (const r of prepared(db, `SELECT iin, name FROM persons WHERE iin IN ${L}`).all(k) as Row[])
          add(
            simpleNode(
              "person",
              r.iin as string,
              pick(r, [["name", "name"]]),
              (r.name as string) ?? undefined,
            ),
          );
        break;
      case "company":
        for (const r of prepared(db, `SELECT bin, name, company_kind FROM companies WHERE bin IN ${L}`).all(
          k,
        ) as Row[])
          add(
            simpleNode(
              "company",
              r.bin as string,
              pick(r, [
                ["name", "name"],
                ["company_kind", "companyKind"],
              ]),
              (r.name as string) ?? undefined,
            ),
          );
        break;
      case "card":
        for (const r of prepared(db, `SELECT card_id, holder_iin FROM cards WHERE card_id IN ${L}`).all(
          k,
        ) as Row[])
          add(simpleNode("card", r.card_id as string, pick(r, [["holder_iin", "holderIin"]])));
        break;
      case "phone":
      case "device":
      case "ip":
        for (const r of prepared(db, `SELECT value FROM identifiers WHERE type = ? AND value IN ${L}`).all(
          type,
          k,
        ) as Row[])
          add(simpleNode(type, r.value as string, {}));
        break;
      case "wallet":
        for (const r of prepared(db, `SELECT address, chain FROM wallets WHERE address IN ${L}`).all(
          k,
        ) as Row[])
          add(simpleNode("wallet", r.address as string, pick(r, [["chain", "chain"]])));
        break;
      case "complaint":
        for (const r of prepared(db, `SELECT * FROM complaints WHERE case_no IN ${L}`).all(k) as Row[])
          add(simpleNode("complaint", r.case_no as string, pick(r, COMPLAINT_PROPS)));
        break;
      case "cashpoint":
        for (const r of prepared(db, `SELECT atm_id, country FROM cashpoints WHERE atm_id IN ${L}`).all(
          k,
        ) as Row[])
          add(simpleNode("cashpoint", r.atm_id as string, pick(r, [["country", "country"]])));
        break;
    }
  }
  return out;
}

/** Filter values with the open ends filled in. */
interface Window {
  from: number;
  to: number;
  min: number;
  types: Set<RelationshipType> | null;
}

function windowOf(filter: NeighbourhoodFilter): Window {
  return {
    from: filter.from ?? Number.MIN_SAFE_INTEGER,
    to: filter.to ?? Number.MAX_SAFE_INTEGER,
    min: filter.minAmountKzt ?? -Number.MAX_VALUE,
    types: filter.types ? new Set(filter.types) : null,
  };
}

/** What each relationship's reader gets: the node set's keys by type, the filter's window, and how to select. */
interface EdgeQuery {
  db: Database.Database;
  /** `incident`: edges with either end in the set; `induced`: edges with both ends in it. */
  incident: boolean;
  keys(type: EntityType): string[];
  /** The set's account keys as the JSON list the `L` subquery reads. */
  accounts: string;
  w: Window;
  /**
   * Run a select with its `a`-side and `b`-side conditions: their UNION (incident) or both at once (induced). A side
   * whose only parameter is an empty list matches nothing and is left out.
   */
  run(
    select: string,
    a: string,
    b: string,
    aParams: unknown[],
    bParams: unknown[],
    tail?: string,
    tailParams?: unknown[],
  ): Row[];
}

function edgeQuery(
  db: Database.Database,
  ids: Iterable<NodeId>,
  mode: "incident" | "induced",
  filter: NeighbourhoodFilter,
): EdgeQuery {
  const g = groupByType(ids);
  const keys = (t: EntityType) => g.get(t) ?? [];
  const incident = mode === "incident";
  const run: EdgeQuery["run"] = (select, a, b, aParams, bParams, tail = "", tailParams = []) => {
    const aEmpty = aParams.some((p) => p === "[]");
    const bEmpty = bParams.some((p) => p === "[]");
    if (incident) {
      const parts: string[] = [];
      const params: unknown[] = [];
      if (!aEmpty) {
        parts.push(`${select} WHERE ${a}${tail}`);
        params.push(...aParams, ...tailParams);
      }
      if (!bEmpty) {
        parts.push(`${select} WHERE ${b}${tail}`);
        params.push(...bParams, ...tailParams);
      }
      if (parts.length === 0) return [];
      return prepared(db, parts.join(" UNION ")).all(...params) as Row[];
    }
    if (aEmpty || bEmpty) return [];
    return prepared(db, `${select} WHERE ${a} AND ${b}${tail}`).all(
      ...aParams,
      ...bParams,
      ...tailParams,
    ) as Row[];
  };
  return { db, incident, keys, accounts: json(keys("account")), w: windowOf(filter), run };
}

/** An edge between two non-money nodes: id `${type}:${source}->${target}`. */
function link(type: RelationshipType, source: NodeId, target: NodeId, props: Props = {}): GraphEdge {
  return { id: `${type}:${source}->${target}`, type, source, target, props };
}

const MONEY_WINDOW = " AND ts >= ? AND ts <= ? AND amount_kzt >= ?";
const moneyWindow = (w: Window) => [w.from, w.to, w.min];

function transferEdges(q: EdgeQuery): GraphEdge[] {
  const columns = TRANSFER_COLUMNS;
  const rows = q.incident
    ? q.run(
        `SELECT ${columns} FROM transfers`,
        `from_key IN ${L}`,
        `to_key IN ${L}`,
        [q.accounts],
        [q.accounts],
        MONEY_WINDOW,
        moneyWindow(q.w),
      )
    : transfersBetween(q.db, columns, q.keys("account"), q.w);
  return rows.map(transferEdge);
}

const TRANSFER_COLUMNS =
  "tx_id, from_key, to_key, ts, amount, currency, amount_kzt, rate_source, channel, purpose, knp";

function transferEdge(r: Row): GraphEdge {
  return {
    id: `tx:${r.tx_id}`,
    type: "TRANSFER",
    source: `account:${r.from_key}`,
    target: `account:${r.to_key}`,
    props: pick(r, [
      ["tx_id", "txId"],
      ["ts", "ts"],
      ["amount", "amount"],
      ["currency", "currency"],
      ["amount_kzt", "amountKzt"],
      ["rate_source", "rateSource"],
      ["channel", "channel"],
      ["purpose", "purpose"],
      ["knp", "knp"],
    ]),
  };
}

function withdrawalEdge(r: Row): GraphEdge {
  return {
    id: `tx:${r.tx_id}`,
    type: "WITHDREW",
    source: `account:${r.account}`,
    target: `cashpoint:${r.atm_id}`,
    props: pick(r, [
      ["tx_id", "txId"],
      ["ts", "ts"],
      ["amount", "amount"],
      ["currency", "currency"],
      ["amount_kzt", "amountKzt"],
    ]),
  };
}

/** The relationship types that move money (an account may have tens of thousands); the others are links. */
export const MONEY_TYPES: readonly RelationshipType[] = ["TRANSFER", "WITHDREW"];
export const LINK_TYPES: readonly RelationshipType[] = RELATIONSHIP_TYPES.filter(
  (t) => !MONEY_TYPES.includes(t),
);

/** A money edge known by its id only: what paging an entity's edges sorts before reading the page's rows. */
export interface MoneyEdgeId {
  id: string;
  type: "TRANSFER" | "WITHDREW";
  txId: string;
}

/**
 * Ids of the transfers and withdrawals of one account or cashpoint (none for other nodes). Read from the indexes
 * alone (an index of a WITHOUT ROWID table holds the primary key), so a payroll account's 60k transfers cost index
 * entries, not rows and sources.
 */
export function moneyEdgeIds(db: Database.Database, id: NodeId): MoneyEdgeId[] {
  const p = parseNodeId(id);
  if (!p) return [];
  const out: MoneyEdgeId[] = [];
  const add = (type: MoneyEdgeId["type"], rows: { t: string }[]) => {
    for (const r of rows) out.push({ id: `tx:${r.t}`, type, txId: r.t });
  };
  if (p.type === "account") {
    add(
      "TRANSFER",
      prepared(
        db,
        "SELECT tx_id AS t FROM transfers WHERE from_key = ? UNION SELECT tx_id FROM transfers WHERE to_key = ?",
      ).all(p.key, p.key) as { t: string }[],
    );
    add(
      "WITHDREW",
      prepared(db, "SELECT tx_id AS t FROM withdrawals WHERE account = ?").all(p.key) as { t: string }[],
    );
  } else if (p.type === "cashpoint") {
    add(
      "WITHDREW",
      prepared(db, "SELECT tx_id AS t FROM withdrawals WHERE atm_id = ?").all(p.key) as { t: string }[],
    );
  }
  return out;
}

/** The money edges named by `ids` (from moneyEdgeIds), read whole, by edge type and tx id. */
export function moneyEdges(db: Database.Database, ids: MoneyEdgeId[]): Map<string, GraphEdge> {
  const out = new Map<string, GraphEdge>();
  const of = (type: MoneyEdgeId["type"]) => json(ids.filter((m) => m.type === type).map((m) => m.txId));
  if (ids.some((m) => m.type === "TRANSFER"))
    for (const r of prepared(db, `SELECT ${TRANSFER_COLUMNS} FROM transfers WHERE tx_id IN ${L}`).all(
      of("TRANSFER"),
    ) as Row[])
      out.set(`TRANSFER:${r.tx_id}`, transferEdge(r));
  if (ids.some((m) => m.type === "WITHDREW"))
    for (const r of prepared(
      db,
      `SELECT tx_id, account, atm_id, ts, amount, currency, amount_kzt FROM withdrawals WHERE tx_id IN ${L}`,
    ).all(of("WITHDREW")) as Row[])
      out.set(`WITHDREW:${r.tx_id}`, withdrawalEdge(r));
  return out;
}

function withdrawalEdges(q: EdgeQuery): GraphEdge[] {
  const rows = q.run(
    "SELECT tx_id, account, atm_id, ts, amount, currency, amount_kzt FROM withdrawals",
    `account IN ${L}`,
    `atm_id IN ${L}`,
    [q.accounts],
    [json(q.keys("cashpoint"))],
    MONEY_WINDOW,
    moneyWindow(q.w),
  );
  return rows.map(withdrawalEdge);
}

function ownershipEdges(q: EdgeQuery): GraphEdge[] {
  const owners = json([
    ...q.keys("person").map((k) => ["person", k]),
    ...q.keys("company").map((k) => ["company", k]),
  ]);
  const rows = q.run(
    "SELECT owner_type, owner_id, account FROM ownership",
    `(owner_type, owner_id) IN ${PAIRS}`,
    `account IN ${L}`,
    [owners],
    [q.accounts],
  );
  return rows.map((r) => link("OWNS", `${r.owner_type}:${r.owner_id}`, `account:${r.account}`));
}

function controlEdges(q: EdgeQuery): GraphEdge[] {
  const rows = q.run(
    "SELECT iin, bin FROM control",
    `iin IN ${L}`,
    `bin IN ${L}`,
    [json(q.keys("person"))],
    [json(q.keys("company"))],
  );
  return rows.map((r) => link("CONTROLS", `person:${r.iin}`, `company:${r.bin}`));
}

function cardEdges(q: EdgeQuery): GraphEdge[] {
  const rows = q.run(
    "SELECT card_id, account FROM card_accounts",
    `card_id IN ${L}`,
    `account IN ${L}`,
    [json(q.keys("card"))],
    [q.accounts],
  );
  return rows.map((r) => link("ISSUED_ON", `card:${r.card_id}`, `account:${r.account}`));
}

/** First and last use and the count of an aggregated link (USED, PAID_TO_WALLET). */
const spanOf = (r: Row): Props => ({
  first: r.first as number,
  last: r.last as number,
  count: r.count as number,
});

function usageEdges(q: EdgeQuery): GraphEdge[] {
  const subjects = json(
    (["person", "account", "card"] as const).flatMap((t) => q.keys(t).map((k) => [t, k])),
  );
  const idents = json((["phone", "device", "ip"] as const).flatMap((t) => q.keys(t).map((k) => [t, k])));
  const rows = q.run(
    "SELECT subject_type, subject, id_type, identifier, min(ts) AS first, max(ts) AS last, count(*) AS count FROM usages",
    `(subject_type, subject) IN ${PAIRS}`,
    `(id_type, identifier) IN ${PAIRS}`,
    [subjects],
    [idents],
    " GROUP BY subject_type, subject, id_type, identifier",
  );
  return rows.map((r) =>
    link("USED", `${r.subject_type}:${r.subject}`, `${r.id_type}:${r.identifier}`, spanOf(r)),
  );
}

function walletEdges(q: EdgeQuery): GraphEdge[] {
  const rows = q.run(
    `SELECT t.from_key, w.address, min(t.ts) AS first, max(t.ts) AS last, count(*) AS count
       FROM transfer_wallets w JOIN transfers t ON t.tx_id = w.tx_id`,
    `t.from_key IN ${L}`,
    `w.address IN ${L}`,
    [q.accounts],
    [json(q.keys("wallet"))],
    " GROUP BY t.from_key, w.address",
  );
  return rows.map((r) => link("PAID_TO_WALLET", `account:${r.from_key}`, `wallet:${r.address}`, spanOf(r)));
}

function complaintEdges(q: EdgeQuery): GraphEdge[] {
  const rows = q.run(
    "SELECT case_no, victim_account FROM complaints",
    `case_no IN ${L}`,
    `victim_account IN ${L}`,
    [json(q.keys("complaint"))],
    [q.accounts],
  );
  return rows.map((r) => link("REPORTED", `complaint:${r.case_no}`, `account:${r.victim_account}`));
}

/** One reader per relationship type, in the order queryEdges lists their edges. */
const EDGE_READERS: readonly [RelationshipType, (q: EdgeQuery) => GraphEdge[]][] = [
  ["TRANSFER", transferEdges],
  ["WITHDREW", withdrawalEdges],
  ["OWNS", ownershipEdges],
  ["CONTROLS", controlEdges],
  ["ISSUED_ON", cardEdges],
  ["USED", usageEdges],
  ["PAID_TO_WALLET", walletEdges],
  ["REPORTED", complaintEdges],
];

/**
 * Relationships that pass the filter and touch the node set: `incident` gives every edge with at least one end in
 * the set, `induced` every edge with both ends in it. Edges come without sources (see withEdgeSources).
 */
export function queryEdges(
  db: Database.Database,
  ids: Iterable<NodeId>,
  mode: "incident" | "induced",
  filter: NeighbourhoodFilter = {},
): GraphEdge[] {
  const q = edgeQuery(db, ids, mode, filter);
  const out: GraphEdge[] = [];
  for (const [type, read] of EDGE_READERS) {
    if (q.w.types && !q.w.types.has(type)) continue;
    // One push per edge: a spread of a payroll account's tens of thousands of edges could overflow the stack.
    for (const e of read(q)) out.push(e);
  }
  return out;
}

/**
 * Above this many accounts, one index seek per (from, to) pair (~0.5 µs each) costs more than reading the set's
 * outgoing index entries (~0.3 µs each; a few dozen per ordinary account, 60k for a payroll account).
 */
const PAIR_SEEK_MAX_ACCOUNTS = 100;

/**
 * Transfers with both ends among `keys` that pass the window. Both ways use only the (from_key, to_key) index until
 * a transfer is known to qualify, so an account with tens of thousands of transfers in the set costs index entries,
 * not table rows: up to PAIR_SEEK_MAX_ACCOUNTS accounts one seek per ordered pair, above it a scan of the set's
 * outgoing index entries.
 */
function transfersBetween(db: Database.Database, columns: string, keys: string[], w: Window): Row[] {
  if (keys.length === 0) return [];
  const set = json(keys);
  const filter = "ts >= ? AND ts <= ? AND amount_kzt >= ?";
  if (keys.length <= PAIR_SEEK_MAX_ACCOUNTS) {
    return prepared(
      db,
      `SELECT ${columns} FROM transfers INDEXED BY transfers_from_to
         WHERE from_key IN ${L} AND to_key IN ${L} AND ${filter}`,
    ).all(set, set, w.from, w.to, w.min) as Row[];
  }
  return prepared(
    db,
    `SELECT ${columns} FROM transfers WHERE tx_id IN (
         SELECT tx_id FROM transfers INDEXED BY transfers_from_to WHERE from_key IN ${L} AND +to_key IN ${L}
       ) AND ${filter}`,
  ).all(set, set, w.from, w.to, w.min) as Row[];
}

/**
 * Ids of the nodes one relationship (passing the filter) away from `ids`, `ids` themselves among them when related.
 * What breadth-first expansion needs: transfers are read as counterpart keys only, since the edges themselves are
 * read once at the end for the nodes kept (a payroll account's 14k transfers as full rows took 150 ms).
 */
export function neighbourIds(
  db: Database.Database,
  ids: Iterable<NodeId>,
  filter: NeighbourhoodFilter = {},
): Set<NodeId> {
  const list = [...ids];
  const out = new Set<NodeId>();
  const types = filter.types ?? RELATIONSHIP_TYPES;
  const others = types.filter((t) => t !== "TRANSFER");
  if (others.length > 0)
    for (const e of queryEdges(db, list, "incident", { ...filter, types: others })) {
      out.add(e.source);
      out.add(e.target);
    }
  const accounts = groupByType(list).get("account");
  if (types.includes("TRANSFER") && accounts) {
    const w = windowOf(filter);
    const set = json(accounts);
    const rows = prepared(
      db,
      `SELECT to_key AS k FROM transfers WHERE from_key IN ${L} AND ts >= ? AND ts <= ? AND amount_kzt >= ?
       UNION SELECT from_key FROM transfers WHERE to_key IN ${L} AND ts >= ? AND ts <= ? AND amount_kzt >= ?`,
    ).all(set, w.from, w.to, w.min, set, w.from, w.to, w.min) as { k: string }[];
    for (const r of rows) out.add(`account:${r.k}`);
  }
  return out;
}

/** Group (key, file, line) rows into sorted, de-duplicated source lists. */
function collect(rows: Row[], into = new Map<string, Source[]>()): Map<string, Source[]> {
  for (const r of rows) {
    const k = r.k as string;
    const list = into.get(k);
    const s = { file: r.file as string, line: r.line as number };
    if (list) list.push(s);
    else into.set(k, [s]);
  }
  return into;
}

function sortedUnique(list: Source[] | undefined): Source[] {
  if (!list) return [];
  list.sort(bySource);
  return list.filter((s, i) => i === 0 || s.file !== list[i - 1]!.file || s.line !== list[i - 1]!.line);
}

/** Attach each edge's provenance (sorted by file, line). */
export function withEdgeSources(
  db: Database.Database,
  edges: GraphEdge[],
): (GraphEdge & { sources: Source[] })[] {
  const txIds: string[] = [];
  const wdIds: string[] = [];
  const stored: string[] = [];
  const used: string[][] = [];
  const paid: string[][] = [];
  const complaints: string[] = [];
  for (const e of edges) {
    switch (e.type) {
      case "TRANSFER":
        txIds.push(e.props.txId as string);
        break;
      case "WITHDREW":
        wdIds.push(e.props.txId as string);
        break;
      case "OWNS":
      case "CONTROLS":
      case "ISSUED_ON":
        stored.push(e.id);
        break;
      case "USED": {
        const s = parseNodeId(e.source)!;
        const t = parseNodeId(e.target)!;
        used.push([s.type, s.key, t.type, t.key]);
        break;
      }
      case "PAID_TO_WALLET":
        paid.push([parseNodeId(e.source)!.key, parseNodeId(e.target)!.key]);
        break;
      case "REPORTED":
        complaints.push(e.source);
        break;
    }
  }
  const tx = new Map<string, Source[]>();
  const wd = new Map<string, Source[]>();
  const other = new Map<string, Source[]>();
  if (txIds.length)
    collect(
      prepared(
        db,
        `SELECT s.tx_id AS k, f.sha256 AS file, s.line FROM transfer_sources s JOIN files f ON f.id = s.file
           WHERE s.tx_id IN ${L}`,
      ).all(json(txIds)) as Row[],
      tx,
    );
  if (wdIds.length)
    collect(
      prepared(
        db,
        `SELECT s.tx_id AS k, f.sha256 AS file, s.line FROM withdrawal_sources s JOIN files f ON f.id = s.file
           WHERE s.tx_id IN ${L}`,
      ).all(json(wdIds)) as Row[],
      wd,
    );
  if (stored.length)
    collect(
      prepared(
        db,
        `SELECT s.edge AS k, f.sha256 AS file, s.line FROM edge_sources s JOIN files f ON f.id = s.file
           WHERE s.edge IN ${L}`,
      ).all(json(stored)) as Row[],
      other,
    );
  if (used.length)
    collect(
      prepared(
        db,
        `SELECT 'USED:' || u.subject_type || ':' || u.subject || '->' || u.id_type || ':' || u.identifier AS k,
             f.sha256 AS file, s.line
           FROM usages u JOIN usage_sources s ON s.usage_id = u.id JOIN files f ON f.id = s.file
           WHERE (u.subject_type, u.subject, u.id_type, u.identifier) IN
             (SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(?))`,
      ).all(json(used)) as Row[],
      other,
    );
  if (paid.length)
    collect(
      prepared(
        db,
        `SELECT 'PAID_TO_WALLET:account:' || t.from_key || '->wallet:' || w.address AS k, f.sha256 AS file, s.line
           FROM transfer_wallets w JOIN transfers t ON t.tx_id = w.tx_id
           JOIN transfer_sources s ON s.tx_id = t.tx_id JOIN files f ON f.id = s.file
           WHERE (t.from_key, w.address) IN ${PAIRS}`,
      ).all(json(paid)) as Row[],
      other,
    );
  const complaintSources = complaints.length ? nodeSourcesOf(db, complaints) : new Map<string, Source[]>();
  return edges.map((e) => {
    let list: Source[] | undefined;
    if (e.type === "TRANSFER") list = tx.get(e.props.txId as string);
    else if (e.type === "WITHDREW") list = wd.get(e.props.txId as string);
    else if (e.type === "REPORTED") list = complaintSources.get(e.source);
    else list = other.get(e.id);
    return { ...e, sources: sortedUnique(list ? [...list] : undefined) };
  });
}

/** Sources of nodes that have their own records (account, person, company, card, complaint), by node id. */
function nodeSourcesOf(db: Database.Database, nodeIds: string[]): Map<string, Source[]> {
  return collect(
    prepared(
      db,
      `SELECT s.node AS k, f.sha256 AS file, s.line FROM node_sources s JOIN files f ON f.id = s.file
         WHERE s.node IN ${L}`,
    ).all(json(nodeIds)) as Row[],
  );
}

/** A node's provenance: its own records, or the usages / transfers / withdrawals that name it. */
export function nodeSources(db: Database.Database, id: NodeId): Source[] {
  const p = parseNodeId(id);
  if (!p) return [];
  let rows: Row[];
  switch (p.type) {
    case "phone":
    case "device":
    case "ip":
      rows = prepared(
        db,
        `SELECT f.sha256 AS file, s.line FROM usages u JOIN usage_sources s ON s.usage_id = u.id
           JOIN files f ON f.id = s.file WHERE u.id_type = ? AND u.identifier = ?`,
      ).all(p.type, p.key) as Row[];
      break;
    case "wallet":
      rows = prepared(
        db,
        `SELECT f.sha256 AS file, s.line FROM transfer_wallets w JOIN transfer_sources s ON s.tx_id = w.tx_id
           JOIN files f ON f.id = s.file WHERE w.address = ?`,
      ).all(p.key) as Row[];
      break;
    case "cashpoint":
      rows = prepared(
        db,
        `SELECT f.sha256 AS file, s.line FROM withdrawals w JOIN withdrawal_sources s ON s.tx_id = w.tx_id
           JOIN files f ON f.id = s.file WHERE w.atm_id = ?`,
      ).all(p.key) as Row[];
      break;
    default:
      rows = prepared(
        db,
        "SELECT f.sha256 AS file, s.line FROM node_sources s JOIN files f ON f.id = s.file WHERE s.node = ?",
      ).all(id) as Row[];
  }
  return sortedUnique(rows.map((r) => ({ file: r.file as string, line: r.line as number })));
}

/** Sort nodes by id (a stable, documented order for every graph answer). */
export function sortedNodes(nodes: Iterable<GraphNode>): GraphNode[] {
  return [...nodes].sort(byId);
}

/** The contract's type order for search hits. */
export const TYPE_ORDER = new Map(ENTITY_TYPES.map((t, i) => [t, i]));
