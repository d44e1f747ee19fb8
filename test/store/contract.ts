/**
 * The GraphStore contract suite: one set of describe/it blocks that every store must pass (embedded and Neo4j).
 * Call `storeContract(name, open, reset?)` from a test file; `open()` must give a usable store and `reset(store)` (when
 * given) must leave it empty. Each describe block opens its own store and resets it, so stores that share one database
 * (Neo4j) and stores that live in a fresh temp folder per open (embedded) both work.
 *
 * Behaviour this suite pins where server/store/types.ts leaves room (both stores must do exactly this):
 * - Node ids `${type}:${key}` (model/graph.ts). A record that names a node creates it: transfers create both accounts,
 *   withdrawals the account and `cashpoint:<atmId>`, ownership the owner and the account, control the person and the
 *   company, cards the card (and its account), usages the subject and `phone|device|ip:<value>`, wallets in a transfer
 *   `wallet:<address>`, complaints the complaint and the victim's account. `holderId`, `holderIin` and `victimIin`
 *   are properties only: they create no person or company.
 * - Merging: the first non-null value of a field wins; a later record only fills fields still unknown, never wipes.
 *   Sources are sets keyed by (file, line). Sources are returned sorted by (file, line).
 * - Node props hold the known fields of the record (absent fields are absent, never null), excluding `kind`, `sources`
 *   and the key field: account {iban, number, bank, currency, accountKind, holderId, holderName, openedAt, watchlist};
 *   person {name}; company {name, companyKind}; card {holderIin}; phone/device/ip {}; wallet {chain}; complaint
 *   {registeredAt, incidentAt, victimIin, victimName, victimAccount, loss, currency, lossKzt, scheme}; cashpoint
 *   {country}. Labels: account holderName ?? key, person/company name ?? key, others key.
 * - Node sources: the node's own records (account, person, company, card, complaint); for phone/device/ip the union of
 *   the usages naming it; for a wallet the union of the transfers naming it; for a cash point its withdrawals.
 * - Edges: TRANSFER `tx:<txId>` props {txId, ts, amount, currency, amountKzt, rateSource?, channel?, purpose?, knp?};
 *   WITHDREW is one edge per withdrawal, id `tx:<txId>` too (the `${TYPE}:${src}->${dst}` form would collide for two
 *   withdrawals at one ATM), account → cashpoint, props {txId, ts, amount, currency, amountKzt}. All others are
 *   `${TYPE}:${sourceNodeId}->${targetNodeId}`: OWNS, CONTROLS, ISSUED_ON, REPORTED (complaint → victim account) with
 *   props {}; USED {first, last, count} and PAID_TO_WALLET (transfer's sender account → wallet) {first, last, count}
 *   where count is the number of distinct usages (subject, identifier, ts, event) or distinct transfers. Every edge
 *   carries `sources` everywhere (entity and neighbourhood), sorted by (file, line); USED / PAID_TO_WALLET sources are
 *   the union of their usages' / transfers' sources.
 * - Orders: nodes, edges and neighbours by id; search hits as under "search" below; transfers by (ts, txId);
 *   accounts(keys) by key; complaints by (registeredAt, caseNo); projection accounts by key, identifiers by (type,
 *   value, account); users by username; audit by seq; uploads newest first (createdAt desc, then id); notes oldest
 *   first (createdAt, then id); analysis accounts by id and clusters by (rank, id). Strings compare as in JS.
 * - search (server/store/search-rank.ts, docs/SEARCH.md): identifiers (account key / iban / number / holderId, person
 *   iin, company bin, phone, device, ip, card, wallet, complaint caseNo, cashpoint atmId) match exactly (as typed, or
 *   without whitespace upper- or lower-cased; phones also as dialled: `8 701 …`, `+7 (701) …`), by prefix or by any
 *   fragment (3 characters or more; case as typed, upper or lower). Names (persons, companies, account holders) are
 *   folded (lower case, ё → е, ә ғ қ ң ө ұ ү һ і → а г к н о у у х и): the same words in any order → exact, each query
 *   word starting a word of the name → prefix, each query word of 3+ letters inside the name (shorter ones starting a
 *   word) → fragment; a query of only 1–2 letter words finds names starting with it. Order: exact, prefix, fragment;
 *   identifiers before names; more active first (account: transfers in + out + withdrawals; phone/device/ip: the
 *   distinct entities that used it); then type in ENTITY_TYPES order, then key. A node appears once, with its best
 *   match. `offset` skips that many hits (paging). Blank → []. Default limit 20. `matched`: iban | key | number |
 *   holderId | iin | bin | phone | device | ip | card | wallet | caseNo | atmId | name.
 * - neighbourhood: breadth-first over edges in both directions that pass the filter (types; from/to inclusive and
 *   minAmountKzt apply to TRANSFER and WITHDREW only). Start nodes that exist are always kept. At each hop the new
 *   nodes are taken in id order while the result has fewer than nodeCap nodes; `truncated` is true when a node was
 *   left out for the cap. Unknown start ids are ignored.
 * - transfers: `after` exclusive, `until` inclusive; "both" lists a transfer once; withdrawals count as "out".
 * - projection: accounts with holderKind (the holder's company kind when a company with that BIN exists; else a BIN
 *   (5th digit 4, 5 or 6) → legal_entity; else a name starting with ИП/ЖК/IP/Индивидуальный предприниматель →
 *   sole_proprietor; a name starting with ТОО/АО/ООО/LLP/JSC/LLC → legal_entity; else an IIN → person; else absent).
 *   identifiers: an account's phones/devices/IPs are those it used, those its cards used, and those its owners used
 *   (persons owning it by OWNS or holderId, and persons controlling a company that owns it); "card" links its cards
 *   (ISSUED_ON); "owner" links the owner ids (OWNS owners and holderId). Only values linked to ≥ 2 accounts appear.
 * - Analysis: AccountAnalysis.id and cluster members are account keys. writeAnalysis replaces the previous run
 *   entirely; account nodes carry community (omitted when null), role, score, reasons and typologies (omitted when
 *   none) of the latest run only. Accounts and clusters read back with typologies exactly when they were written
 *   with some (an empty list reads back as none).
 * - stats.firstTransferAt / lastTransferAt cover TRANSFER only (not withdrawals).
 * - Loads (bulkLoad with a LoadStart): getLoad inside the load's work says running; after it, complete (or failed
 *   with the work's error message) with records = records written, batches, and files = every SHA-256 its records
 *   named, sorted, `fresh` when the store had no record of the file before. listLoads newest first; incomplete =
 *   running, or failed after writing. rollbackLoad restores stats, source files, sources and transfers to what they
 *   were before the load when its files were fresh; "LoadStateError" for a complete or rolled-back load,
 *   "LoadNotFoundError" for an unknown id. A complete load resumes (completes, resumedBy) a failed one whose files it
 *   all wrote.
 * - appendAudit: the first seq is 1; any other seq than last + 1 rejects with an error named "AuditSequenceError".
 * - Named mappings: upserts by name, listed by name; `header` keeps its order (an empty one round-trips as []).
 * - Freeze requests: stored once per request number (again: "FreezeRequestExistsError"), listed by (createdAt, id),
 *   filtered by bank and by complaint; their files' bytes round-trip exactly. Outcomes are appended per request with
 *   seq = last + 1 (else, or for an unknown request, "FreezeOutcomeSequenceError") and listed by (requestId, seq);
 *   absent amountKzt / reason stay absent.
 * - Users, uploads, notes and source files are upserts by their key (username, id, id, sha256); a source file seen
 *   again keeps its first record. `disabled` on a user round-trips as given (absent stays absent).
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AML_REGISTER_FILE, generateCase } from "../../generator/index.js";
import { ingestFiles, readMappingFile } from "../../ingest/index.js";
import type { AnalysisResult } from "../../model/analysis.js";
import type { GraphEdge, GraphNode, Subgraph, TransferEdge } from "../../model/graph.js";
import type { CanonicalRecord } from "../../model/records.js";
import type {
  AuditEntry,
  FreezeOutcome,
  FreezeRequestRecord,
  GraphStore,
  LoadRecord,
  NamedMapping,
  StoredUser,
  UploadRecord,
} from "../../server/store/types.js";
import { runAnalysis } from "../../server/analytics/detect/index.js";
import {
  ACC,
  ATM,
  CARD,
  CASE,
  DEVICE,
  FILE,
  ID,
  IP,
  PHONE_D1,
  PHONE_V,
  T,
  WALLET,
  fixtureBatches,
  src,
} from "./store.fixtures.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const a = (key: string) => `account:${key}`;
const ids = (xs: { id: string }[]) => xs.map((x) => x.id);

/** The fixture's transfers as TransferEdge values (what transfers/projection return). */
const TX: Record<string, TransferEdge> = {
  "KSP-0001": {
    txId: "KSP-0001",
    from: ACC.V,
    to: ACC.S,
    ts: T.t0,
    amount: 5000,
    currency: "KZT",
    amountKzt: 5000,
    purpose: "Покупка",
  },
  "KSP-0002": {
    txId: "KSP-0002",
    from: ACC.V,
    to: ACC.D1,
    ts: T.t1,
    amount: 500000,
    currency: "KZT",
    amountKzt: 500000,
    purpose: "Перевод на безопасный счет",
  },
  "HLK-0003": {
    txId: "HLK-0003",
    from: ACC.D1,
    to: ACC.H,
    ts: T.t2,
    amount: 450000,
    currency: "KZT",
    amountKzt: 450000,
    purpose: "Перевод",
  },
  "REG-0004": {
    txId: "REG-0004",
    from: ACC.D2,
    to: ACC.H,
    ts: T.t3,
    amount: 200000,
    currency: "KZT",
    amountKzt: 200000,
  },
  "REG-0007": {
    txId: "REG-0007",
    from: ACC.D2,
    to: `atm:${ATM}`,
    ts: T.t3,
    amount: 100000,
    currency: "KZT",
    amountKzt: 100000,
    atm: { atmId: ATM, country: "TR" },
  },
  "REG-0005": {
    txId: "REG-0005",
    from: ACC.H,
    to: ACC.X,
    ts: T.t4,
    amount: 600000,
    currency: "KZT",
    amountKzt: 600000,
    purpose: `Оплата USDT TRC20 ${WALLET}`,
    wallets: [WALLET],
  },
  "REG-0006": {
    txId: "REG-0006",
    from: ACC.H,
    to: ACC.F,
    ts: T.t5,
    amount: 100,
    currency: "EUR",
    amountKzt: 49000,
  },
};
const tx = (...txIds: string[]) => txIds.map((t) => TX[t]!);

/** Expected nodes (GraphNode without analytics) and their sources, one per entity type. */
const NODES: Record<string, { node: GraphNode; sources: { file: string; line: number }[] }> = {
  [a(ACC.V)]: {
    node: {
      id: a(ACC.V),
      type: "account",
      key: ACC.V,
      label: "Сеитова Айгуль",
      props: {
        iban: ACC.V,
        bank: "CASPKZKA",
        currency: "KZT",
        accountKind: "personal",
        holderId: ID.V,
        holderName: "Сеитова Айгуль",
        openedAt: Date.UTC(2019, 4, 1),
      },
    },
    sources: [src(FILE.SV, 2)],
  },
  [a(ACC.D1)]: {
    node: {
      id: a(ACC.D1),
      type: "account",
      key: ACC.D1,
      label: "Ержанов Ержан",
      props: {
        iban: ACC.D1,
        bank: "HSBKKZKX",
        currency: "KZT",
        accountKind: "personal",
        holderId: ID.D1,
        holderName: "Ержанов Ержан",
      },
    },
    sources: [src(FILE.SD1, 1), src(FILE.REG, 2)],
  },
  [a(ACC.X)]: {
    node: {
      id: a(ACC.X),
      type: "account",
      key: ACC.X,
      label: "ТОО «КриптоОбмен»",
      props: {
        iban: ACC.X,
        bank: "BRKEKZKA",
        accountKind: "exchange",
        watchlist: "exchange",
        holderId: ID.X,
        holderName: "ТОО «КриптоОбмен»",
      },
    },
    sources: [src(FILE.REG, 4), src(FILE.WL, 2)],
  },
  [a(ACC.F)]: {
    node: {
      id: a(ACC.F),
      type: "account",
      key: ACC.F,
      label: ACC.F,
      props: { number: "0012345678", bank: "DEUTDEFF", currency: "EUR", accountKind: "foreign" },
    },
    sources: [src(FILE.REG, 5)],
  },
  [`person:${ID.D1}`]: {
    node: {
      id: `person:${ID.D1}`,
      type: "person",
      key: ID.D1,
      label: "Ержанов Ержан",
      props: { name: "Ержанов Ержан" },
    },
    sources: [src(FILE.SD1, 1), src(FILE.LNK, 3)],
  },
  [`company:${ID.H}`]: {
    node: {
      id: `company:${ID.H}`,
      type: "company",
      key: ID.H,
      label: "ИП Нурланов Ерлан",
      props: { name: "ИП Нурланов Ерлан", companyKind: "sole_proprietor" },
    },
    sources: [src(FILE.REG, 2)],
  },
  [`card:${CARD}`]: {
    node: { id: `card:${CARD}`, type: "card", key: CARD, label: CARD, props: { holderIin: ID.D2 } },
    sources: [src(FILE.LNK, 4), src(FILE.LNK, 6)],
  },
  [`phone:${PHONE_D1}`]: {
    node: { id: `phone:${PHONE_D1}`, type: "phone", key: PHONE_D1, label: PHONE_D1, props: {} },
    sources: [src(FILE.LNK, 3), src(FILE.LNK, 7)],
  },
  [`device:${DEVICE}`]: {
    node: { id: `device:${DEVICE}`, type: "device", key: DEVICE, label: DEVICE, props: {} },
    sources: [src(FILE.LNK, 3), src(FILE.LNK, 5), src(FILE.LNK, 12)],
  },
  [`ip:${IP}`]: {
    node: { id: `ip:${IP}`, type: "ip", key: IP, label: IP, props: {} },
    sources: [src(FILE.LNK, 8), src(FILE.LNK, 9)],
  },
  [`wallet:${WALLET}`]: {
    node: { id: `wallet:${WALLET}`, type: "wallet", key: WALLET, label: WALLET, props: { chain: "tron" } },
    sources: [src(FILE.REG, 4)],
  },
  [`complaint:${CASE}`]: {
    node: {
      id: `complaint:${CASE}`,
      type: "complaint",
      key: CASE,
      label: CASE,
      props: {
        registeredAt: T.registered,
        incidentAt: T.incident,
        victimIin: ID.V,
        victimName: "Сеитова Айгуль",
        victimAccount: ACC.V,
        loss: 500000,
        currency: "KZT",
        lossKzt: 500000,
        scheme: "безопасный счет",
      },
    },
    sources: [src(FILE.CMP, 2)],
  },
  [`cashpoint:${ATM}`]: {
    node: { id: `cashpoint:${ATM}`, type: "cashpoint", key: ATM, label: ATM, props: { country: "TR" } },
    sources: [src(FILE.REG, 6)],
  },
};

/** Expected edges by id. */
const EDGES: Record<string, GraphEdge & { sources: { file: string; line: number }[] }> = {
  "tx:KSP-0002": {
    id: "tx:KSP-0002",
    type: "TRANSFER",
    source: a(ACC.V),
    target: a(ACC.D1),
    props: {
      txId: "KSP-0002",
      ts: T.t1,
      amount: 500000,
      currency: "KZT",
      amountKzt: 500000,
      rateSource: "kzt",
      channel: "mobile",
      purpose: "Перевод на безопасный счет",
      knp: "119",
    },
    sources: [src(FILE.SV, 5), src(FILE.SD1, 3)],
  },
  "tx:HLK-0003": {
    id: "tx:HLK-0003",
    type: "TRANSFER",
    source: a(ACC.D1),
    target: a(ACC.H),
    props: {
      txId: "HLK-0003",
      ts: T.t2,
      amount: 450000,
      currency: "KZT",
      amountKzt: 450000,
      rateSource: "kzt",
      channel: "mobile",
      purpose: "Перевод",
    },
    sources: [src(FILE.SD1, 4), src(FILE.REG, 2)],
  },
  "tx:REG-0004": {
    id: "tx:REG-0004",
    type: "TRANSFER",
    source: a(ACC.D2),
    target: a(ACC.H),
    props: {
      txId: "REG-0004",
      ts: T.t3,
      amount: 200000,
      currency: "KZT",
      amountKzt: 200000,
      rateSource: "kzt",
    },
    sources: [src(FILE.REG, 3)],
  },
  "tx:REG-0005": {
    id: "tx:REG-0005",
    type: "TRANSFER",
    source: a(ACC.H),
    target: a(ACC.X),
    props: {
      txId: "REG-0005",
      ts: T.t4,
      amount: 600000,
      currency: "KZT",
      amountKzt: 600000,
      rateSource: "kzt",
      purpose: `Оплата USDT TRC20 ${WALLET}`,
    },
    sources: [src(FILE.REG, 4)],
  },
  "tx:REG-0006": {
    id: "tx:REG-0006",
    type: "TRANSFER",
    source: a(ACC.H),
    target: a(ACC.F),
    props: {
      txId: "REG-0006",
      ts: T.t5,
      amount: 100,
      currency: "EUR",
      amountKzt: 49000,
      rateSource: "data",
      channel: "swift",
    },
    sources: [src(FILE.REG, 5)],
  },
  "tx:REG-0007": {
    id: "tx:REG-0007",
    type: "WITHDREW",
    source: a(ACC.D2),
    target: `cashpoint:${ATM}`,
    props: { txId: "REG-0007", ts: T.t3, amount: 100000, currency: "KZT", amountKzt: 100000 },
    sources: [src(FILE.REG, 6)],
  },
  [`OWNS:person:${ID.V}->${a(ACC.V)}`]: {
    id: `OWNS:person:${ID.V}->${a(ACC.V)}`,
    type: "OWNS",
    source: `person:${ID.V}`,
    target: a(ACC.V),
    props: {},
    sources: [src(FILE.SV, 2)],
  },
  [`OWNS:person:${ID.D1}->${a(ACC.D1)}`]: {
    id: `OWNS:person:${ID.D1}->${a(ACC.D1)}`,
    type: "OWNS",
    source: `person:${ID.D1}`,
    target: a(ACC.D1),
    props: {},
    sources: [src(FILE.SD1, 1)],
  },
  [`OWNS:person:${ID.D2}->${a(ACC.D2)}`]: {
    id: `OWNS:person:${ID.D2}->${a(ACC.D2)}`,
    type: "OWNS",
    source: `person:${ID.D2}`,
    target: a(ACC.D2),
    props: {},
    sources: [src(FILE.REG, 3)],
  },
  [`OWNS:company:${ID.H}->${a(ACC.H)}`]: {
    id: `OWNS:company:${ID.H}->${a(ACC.H)}`,
    type: "OWNS",
    source: `company:${ID.H}`,
    target: a(ACC.H),
    props: {},
    sources: [src(FILE.REG, 2)],
  },
  [`CONTROLS:person:${ID.H}->company:${ID.H}`]: {
    id: `CONTROLS:person:${ID.H}->company:${ID.H}`,
    type: "CONTROLS",
    source: `person:${ID.H}`,
    target: `company:${ID.H}`,
    props: {},
    sources: [src(FILE.LNK, 2)],
  },
  [`ISSUED_ON:card:${CARD}->${a(ACC.D1)}`]: {
    id: `ISSUED_ON:card:${CARD}->${a(ACC.D1)}`,
    type: "ISSUED_ON",
    source: `card:${CARD}`,
    target: a(ACC.D1),
    props: {},
    sources: [src(FILE.LNK, 6)],
  },
  [`ISSUED_ON:card:${CARD}->${a(ACC.D2)}`]: {
    id: `ISSUED_ON:card:${CARD}->${a(ACC.D2)}`,
    type: "ISSUED_ON",
    source: `card:${CARD}`,
    target: a(ACC.D2),
    props: {},
    sources: [src(FILE.LNK, 4)],
  },
  [`USED:person:${ID.D1}->device:${DEVICE}`]: {
    id: `USED:person:${ID.D1}->device:${DEVICE}`,
    type: "USED",
    source: `person:${ID.D1}`,
    target: `device:${DEVICE}`,
    props: { first: Date.UTC(2024, 2, 9, 12, 0), last: Date.UTC(2024, 2, 9, 12, 0), count: 1 },
    sources: [src(FILE.LNK, 3)],
  },
  [`USED:person:${ID.D1}->phone:${PHONE_D1}`]: {
    id: `USED:person:${ID.D1}->phone:${PHONE_D1}`,
    type: "USED",
    source: `person:${ID.D1}`,
    target: `phone:${PHONE_D1}`,
    props: { first: Date.UTC(2024, 2, 9, 12, 0), last: Date.UTC(2024, 2, 10, 4, 0), count: 2 },
    sources: [src(FILE.LNK, 3), src(FILE.LNK, 7)],
  },
  [`USED:person:${ID.D2}->device:${DEVICE}`]: {
    id: `USED:person:${ID.D2}->device:${DEVICE}`,
    type: "USED",
    source: `person:${ID.D2}`,
    target: `device:${DEVICE}`,
    props: { first: Date.UTC(2024, 2, 9, 13, 0), last: Date.UTC(2024, 2, 9, 13, 0), count: 1 },
    sources: [src(FILE.LNK, 5)],
  },
  [`USED:person:${ID.H}->device:${DEVICE}`]: {
    id: `USED:person:${ID.H}->device:${DEVICE}`,
    type: "USED",
    source: `person:${ID.H}`,
    target: `device:${DEVICE}`,
    props: { first: Date.UTC(2024, 2, 10, 6, 45), last: Date.UTC(2024, 2, 10, 6, 45), count: 1 },
    sources: [src(FILE.LNK, 12)],
  },
  [`USED:${a(ACC.H)}->ip:${IP}`]: {
    id: `USED:${a(ACC.H)}->ip:${IP}`,
    type: "USED",
    source: a(ACC.H),
    target: `ip:${IP}`,
    props: { first: Date.UTC(2024, 2, 10, 6, 50), last: Date.UTC(2024, 2, 10, 6, 50), count: 1 },
    sources: [src(FILE.LNK, 8)],
  },
  [`PAID_TO_WALLET:${a(ACC.H)}->wallet:${WALLET}`]: {
    id: `PAID_TO_WALLET:${a(ACC.H)}->wallet:${WALLET}`,
    type: "PAID_TO_WALLET",
    source: a(ACC.H),
    target: `wallet:${WALLET}`,
    props: { first: T.t4, last: T.t4, count: 1 },
    sources: [src(FILE.REG, 4)],
  },
  [`REPORTED:complaint:${CASE}->${a(ACC.V)}`]: {
    id: `REPORTED:complaint:${CASE}->${a(ACC.V)}`,
    type: "REPORTED",
    source: `complaint:${CASE}`,
    target: a(ACC.V),
    props: {},
    sources: [src(FILE.CMP, 2)],
  },
};
const edges = (...edgeIds: string[]) =>
  edgeIds.map((id) => {
    const e = EDGES[id];
    if (!e) throw new Error(`contract: no expected edge ${id}`);
    return e;
  });

/** Strip analytics-free nodes down to what the neighbourhood tests compare. */
function shape(g: Subgraph): { nodes: string[]; edges: string[]; truncated: boolean } {
  return { nodes: ids(g.nodes), edges: ids(g.edges), truncated: g.truncated };
}

async function openFresh(open: () => Promise<GraphStore>, reset?: (s: GraphStore) => Promise<void>) {
  const store = await open();
  if (reset) await reset(store);
  return store;
}

async function writeFixture(store: GraphStore): Promise<void> {
  for (const batch of fixtureBatches) await store.writeBatch(batch);
}

const execFileP = promisify(execFile);

/** The ingest pipeline's API as this suite uses it (imported lazily: ingest/ may not exist yet). */
interface IngestApi {
  ingestFiles(
    paths: string[],
    opts: { batchSize?: number; onBatch?: (records: CanonicalRecord[]) => Promise<void> | void },
  ): Promise<unknown>;
}

async function listCsv(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.(csv|txt)$/i.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/**
 * Define the contract suite for one store.
 * @param name shown in the test names, e.g. "embedded" or "neo4j".
 * @param open gives a store (a fresh one or a connection to a shared one).
 * @param reset empties the store; needed when `open()` does not give an empty store.
 */
export function storeContract(
  name: string,
  open: () => Promise<GraphStore>,
  reset?: (s: GraphStore) => Promise<void>,
): void {
  describe(`${name} store: schema and writes`, () => {
    let store: GraphStore;
    beforeAll(async () => {
      store = await openFresh(open, reset);
    });
    afterAll(async () => {
      await store?.close();
    });

    it("reports the right kind and answers ping", async () => {
      expect(store.kind).toBe(name === "neo4j" ? "neo4j" : "embedded");
      expect(await store.ping()).toBe(true);
    });

    it("starts empty", async () => {
      expect(await store.stats()).toEqual({
        accounts: 0,
        persons: 0,
        companies: 0,
        cards: 0,
        phones: 0,
        devices: 0,
        ips: 0,
        wallets: 0,
        transfers: 0,
        withdrawals: 0,
        complaints: 0,
        transferSources: 0,
        firstTransferAt: null,
        lastTransferAt: null,
      });
      expect(await store.latestAnalysis()).toBeNull();
      expect(await store.projection()).toEqual({
        accounts: [],
        transfers: [],
        identifiers: [],
        complaints: [],
      });
    });

    it("applies its schema again without error or change", async () => {
      await store.applySchema();
      await store.applySchema();
      await store.writeBatch([]);
      expect((await store.stats()).accounts).toBe(0);
    });

    it("counts every node type, transfer and source of the known case", async () => {
      await writeFixture(store);
      expect(await store.stats()).toEqual({
        accounts: 8,
        persons: 4,
        companies: 3,
        cards: 1,
        phones: 2,
        devices: 1,
        ips: 1,
        wallets: 1,
        transfers: 6,
        withdrawals: 1,
        complaints: 1,
        transferSources: 8,
        firstTransferAt: T.t0,
        lastTransferAt: T.t5,
      });
    });

    it("changes nothing when the same records are written again", async () => {
      const stats = await store.stats();
      const projection = await store.projection();
      const d1 = await store.entity(a(ACC.D1));
      const device = await store.entity(`device:${DEVICE}`);
      await store.applySchema();
      await writeFixture(store);
      expect(await store.stats()).toEqual(stats);
      expect(await store.projection()).toEqual(projection);
      expect(await store.entity(a(ACC.D1))).toEqual(d1);
      expect(await store.entity(`device:${DEVICE}`)).toEqual(device);
    });

    it("merges both statements of one transfer into one transfer with two sources", async () => {
      const d = await store.entity(a(ACC.D1));
      const t = d!.edges.find((e) => e.id === "tx:KSP-0002");
      expect(t).toEqual(EDGES["tx:KSP-0002"]);
      expect(await store.transfersByIds(["KSP-0002"])).toEqual(tx("KSP-0002"));
    });

    it("adds a source to a transfer already stored and keeps its fields", async () => {
      const before = await store.stats();
      await store.writeBatch([
        {
          kind: "transfer",
          txId: "REG-0004",
          from: ACC.D2,
          to: ACC.H,
          ts: T.t3,
          amount: 200000,
          currency: "KZT",
          amountKzt: 200000,
          purpose: "Возврат долга",
          sources: [src(FILE.CMP, 9)],
        },
      ]);
      const after = await store.stats();
      expect(after).toEqual({ ...before, transferSources: before.transferSources + 1 });
      const h = await store.entity(a(ACC.H));
      expect(h!.edges.find((e) => e.id === "tx:REG-0004")).toEqual({
        ...EDGES["tx:REG-0004"],
        props: { ...EDGES["tx:REG-0004"]!.props, purpose: "Возврат долга" },
        sources: [src(FILE.REG, 3), src(FILE.CMP, 9)],
      });
    });

    it("fills a field still unknown but never wipes or overwrites a known one", async () => {
      await store.writeBatch([
        {
          kind: "account",
          key: ACC.F,
          holderName: "Hans Müller",
          bank: "COBADEFF",
          sources: [src(FILE.CMP, 10)],
        },
        { kind: "person", iin: ID.V, sources: [src(FILE.CMP, 10)] },
      ]);
      const f = await store.entity(a(ACC.F));
      expect(f!.node.label).toBe("Hans Müller");
      expect(f!.node.props).toEqual({
        number: "0012345678",
        bank: "DEUTDEFF",
        currency: "EUR",
        accountKind: "foreign",
        holderName: "Hans Müller",
      });
      expect(f!.sources).toEqual([src(FILE.REG, 5), src(FILE.CMP, 10)]);
      const v = await store.entity(`person:${ID.V}`);
      expect(v!.node.props).toEqual({ name: "Сеитова Айгуль" });
    });

    it("creates the nodes a record names even without their own records", async () => {
      await store.writeBatch([
        {
          kind: "transfer",
          txId: "ORPHAN-1",
          from: "KZ000000000000000001",
          to: "KZ000000000000000002",
          ts: T.t5 + 1,
          amount: 1,
          currency: "KZT",
          amountKzt: 1,
          sources: [src(FILE.CMP, 11)],
        },
      ]);
      const orphan = await store.entity("account:KZ000000000000000001");
      expect(orphan).toEqual({
        node: {
          id: "account:KZ000000000000000001",
          type: "account",
          key: "KZ000000000000000001",
          label: "KZ000000000000000001",
          props: {},
        },
        sources: [],
        edges: [
          {
            id: "tx:ORPHAN-1",
            type: "TRANSFER",
            source: "account:KZ000000000000000001",
            target: "account:KZ000000000000000002",
            props: { txId: "ORPHAN-1", ts: T.t5 + 1, amount: 1, currency: "KZT", amountKzt: 1 },
            sources: [src(FILE.CMP, 11)],
          },
        ],
        neighbours: [
          {
            id: "account:KZ000000000000000002",
            type: "account",
            key: "KZ000000000000000002",
            label: "KZ000000000000000002",
            props: {},
          },
        ],
      });
      const stats = await store.stats();
      expect(stats.accounts).toBe(10);
      expect(stats.lastTransferAt).toBe(T.t5 + 1);
    });
  });

  describe(`${name} store: a bulk load`, () => {
    /** What the known case looks like through every read the product makes. */
    async function snapshot(store: GraphStore) {
      const ids = [...new Set(Object.values(EDGES).flatMap((e) => [e.source, e.target]))].sort();
      return {
        stats: await store.stats(),
        projection: await store.projection(),
        entities: await Promise.all(ids.map((id) => store.entity(id))),
        hub: await store.neighbourhood([a(ACC.H)], { depth: 2 }),
        search: await store.search("ерж"),
        transfers: await store.transfers({ accounts: [ACC.V, ACC.D1, ACC.H], direction: "both" }),
      };
    }

    it("stores exactly what the same batches written one by one store", async () => {
      const one = await openFresh(open, reset);
      await writeFixture(one);
      const expected = await snapshot(one);
      await one.close();

      const bulk = await openFresh(open, reset);
      try {
        const returned = await bulk.bulkLoad(async () => {
          await writeFixture(bulk);
          return "done";
        });
        expect(returned).toBe("done");
        expect(await snapshot(bulk)).toEqual(expected);
        // And writing it all again in a second bulk load changes nothing.
        await bulk.bulkLoad(() => writeFixture(bulk));
        expect(await snapshot(bulk)).toEqual(expected);
      } finally {
        await bulk.close();
      }
    });

    it("runs two loads at once (two uploads) and stores both", async () => {
      const store = await openFresh(open, reset);
      try {
        const load = (batches: CanonicalRecord[][]) =>
          store.bulkLoad(async () => {
            for (const batch of batches) await store.writeBatch(batch);
          });
        const [b0, b1, b2, b3] = fixtureBatches;
        await Promise.all([load([b0!, b2!]), load([b1!, b3!])]);
        expect(await store.stats()).toMatchObject({
          accounts: 8,
          transfers: 6,
          transferSources: 8,
          complaints: 1,
        });
      } finally {
        await store.close();
      }
    });

    it("lets reads made during the load see every batch written so far", async () => {
      const store = await openFresh(open, reset);
      try {
        await store.bulkLoad(async () => {
          await store.writeBatch(fixtureBatches[0]!);
          const first = await store.stats();
          expect(first.accounts).toBeGreaterThan(0);
          expect(await store.search(ACC.D1)).toHaveLength(1);
          await store.writeBatch(fixtureBatches[1]!);
          expect((await store.stats()).transfers).toBeGreaterThan(first.transfers);
        });
      } finally {
        await store.close();
      }
    });

    it("passes on the load's own error and keeps the batches written before it", async () => {
      const store = await openFresh(open, reset);
      try {
        const failure = store.bulkLoad(async () => {
          await store.writeBatch(fixtureBatches[0]!);
          throw new Error("parse failed in file 2");
        });
        await expect(failure).rejects.toThrow("parse failed in file 2");
        const stats = await store.stats();
        expect(stats.accounts).toBeGreaterThan(0);
        await store.bulkLoad(() => writeFixture(store));
        expect((await store.stats()).transfers).toBe(6);
      } finally {
        await store.close();
      }
    });
  });

  describe(`${name} store: loads`, () => {
    const [register, statements, linkage, complaintsAndWatchlist] = fixtureBatches as [
      CanonicalRecord[],
      CanonicalRecord[],
      CanonicalRecord[],
      CanonicalRecord[],
    ];
    let n = 0;
    const start = (inputs = ["a.csv"]) => ({
      id: `load-contract-${++n}-${Date.now()}`,
      by: "contract",
      origin: "cli",
      inputs: inputs.map((name) => ({ name, bytes: 10 })),
    });
    const write = (store: GraphStore, batches: CanonicalRecord[][]) => async () => {
      for (const b of batches) await store.writeBatch(b);
    };
    const fail = (store: GraphStore, batches: CanonicalRecord[][]) => async () => {
      await write(store, batches)();
      throw new Error("contract: parse failed in the next file");
    };
    /** What a rollback must restore: the counts, the source files and a node's sources. */
    const state = async (store: GraphStore) => ({
      stats: await store.stats(),
      files: (await store.sourceFiles()).map((f) => f.sha256),
      d1: (await store.entity(a(ACC.D1)))?.sources ?? null,
      transfers: (await store.transfers({ accounts: [ACC.V, ACC.D1, ACC.D2, ACC.H], direction: "both" })).map(
        (t) => t.txId,
      ),
    });

    it("records a load as running before its first batch, and complete with its files and counts", async () => {
      const store = await openFresh(open, reset);
      try {
        const load = start(["register.csv", "statements.csv"]);
        let seen: LoadRecord | null = null;
        await store.bulkLoad(async () => {
          seen = await store.getLoad(load.id);
          await write(store, fixtureBatches)();
        }, load);
        expect(seen).toMatchObject({ id: load.id, status: "running", records: 0, files: [] });
        const done = await store.getLoad(load.id);
        const records = fixtureBatches.reduce((sum, b) => sum + b.length, 0);
        expect(done).toMatchObject({
          id: load.id,
          status: "complete",
          by: "contract",
          origin: "cli",
          inputs: load.inputs,
          records,
          batches: fixtureBatches.length,
        });
        expect(done!.finishedAt).toBeGreaterThanOrEqual(done!.startedAt);
        expect(done!.interrupted).toBeUndefined();
        expect(done!.files.map((f) => [f.sha256, f.fresh])).toEqual(
          Object.values(FILE)
            .sort()
            .map((sha) => [sha, true]),
        );
        expect(await store.listLoads({ incomplete: true })).toEqual([]);
        expect((await store.listLoads()).map((l) => l.id)).toEqual([load.id]);
      } finally {
        await store.close();
      }
    });

    it("lists a failed load as incomplete and rolls it back to the store as the earlier complete load left it", async () => {
      const store = await openFresh(open, reset);
      try {
        const first = start();
        await store.bulkLoad(write(store, [register]), first);
        const before = await state(store);
        const broken = start();
        // The register again (already known), then files only this load brings.
        await expect(store.bulkLoad(fail(store, [register, statements, linkage]), broken)).rejects.toThrow(
          "parse failed",
        );
        const failed = await store.getLoad(broken.id);
        expect(failed).toMatchObject({ status: "failed", error: "contract: parse failed in the next file" });
        expect(failed!.files.map((f) => [f.sha256, f.fresh])).toEqual(
          [FILE.SV, FILE.SD1, FILE.REG, FILE.LNK].map((sha) => [sha, sha !== FILE.REG]),
        );
        expect((await store.listLoads({ incomplete: true })).map((l) => l.id)).toEqual([broken.id]);
        expect((await store.stats()).transferSources).toBeGreaterThan(before.stats.transferSources);

        const rolled = await store.rollbackLoad(broken.id);
        expect(rolled.files).toEqual([FILE.SV, FILE.SD1, FILE.LNK]);
        expect(rolled.removed.records).toBeGreaterThan(0);
        expect(await state(store)).toEqual(before);
        expect((await store.getLoad(broken.id))?.status).toBe("rolled_back");
        expect(await store.listLoads({ incomplete: true })).toEqual([]);
        // The same files load again after the rollback, as if never seen.
        await store.bulkLoad(write(store, fixtureBatches), start());
        expect((await store.stats()).transfers).toBe(6);
      } finally {
        await store.close();
      }
    });

    it("refuses to roll back a complete load, a rolled-back one, or one it does not know", async () => {
      const store = await openFresh(open, reset);
      try {
        const done = start();
        await store.bulkLoad(write(store, [register]), done);
        await expect(store.rollbackLoad(done.id)).rejects.toMatchObject({ name: "LoadStateError" });
        const broken = start();
        await store.bulkLoad(fail(store, [statements]), broken).catch(() => null);
        await store.rollbackLoad(broken.id);
        await expect(store.rollbackLoad(broken.id)).rejects.toMatchObject({ name: "LoadStateError" });
        await expect(store.rollbackLoad("load-unknown")).rejects.toMatchObject({ name: "LoadNotFoundError" });
      } finally {
        await store.close();
      }
    });

    it("completes a failed load when a later load reads every file it wrote (a resume)", async () => {
      const store = await openFresh(open, reset);
      try {
        const broken = start();
        await store.bulkLoad(fail(store, [register, statements]), broken).catch(() => null);
        // A load of other files does not resume it.
        await store.bulkLoad(write(store, [complaintsAndWatchlist]), start());
        expect((await store.listLoads({ incomplete: true })).map((l) => l.id)).toEqual([broken.id]);
        const again = start();
        await store.bulkLoad(write(store, fixtureBatches), again);
        expect(await store.getLoad(broken.id)).toMatchObject({ status: "complete", resumedBy: again.id });
        expect(await store.listLoads({ incomplete: true })).toEqual([]);
      } finally {
        await store.close();
      }
    });
  });

  describe(`${name} store: queries on the known case`, () => {
    let store: GraphStore;
    beforeAll(async () => {
      store = await openFresh(open, reset);
      await writeFixture(store);
    });
    afterAll(async () => {
      await store?.close();
    });

    describe("search", () => {
      const hit = (id: string, label: string, matched: string) => {
        const i = id.indexOf(":");
        return { id, type: id.slice(0, i), key: id.slice(i + 1), label, matched };
      };
      it.each([
        ["an IBAN", ACC.D1, [hit(a(ACC.D1), "Ержанов Ержан", "iban")]],
        [
          "an IBAN in lower case with spaces",
          "kz88 6010 0000 0000 0003",
          [hit(a(ACC.D1), "Ержанов Ержан", "iban")],
        ],
        ["an account key without IBAN", ACC.F, [hit(a(ACC.F), ACC.F, "key")]],
        ["an account number", "0012345678", [hit(a(ACC.F), ACC.F, "number")]],
        [
          "an IIN (its person and the accounts it holds)",
          ID.D1,
          [hit(a(ACC.D1), "Ержанов Ержан", "holderId"), hit(`person:${ID.D1}`, "Ержанов Ержан", "iin")],
        ],
        [
          "a sole proprietor's IIN/BIN",
          ID.H,
          [
            hit(a(ACC.H), "ИП Нурланов Ерлан", "holderId"),
            hit(`person:${ID.H}`, "Нурланов Ерлан", "iin"),
            hit(`company:${ID.H}`, "ИП Нурланов Ерлан", "bin"),
          ],
        ],
        [
          "a Cyrillic name prefix in another case",
          "ерж",
          [hit(a(ACC.D1), "Ержанов Ержан", "name"), hit(`person:${ID.D1}`, "Ержанов Ержан", "name")],
        ],
        [
          "an upper-case name prefix",
          "ИП НУР",
          [hit(a(ACC.H), "ИП Нурланов Ерлан", "name"), hit(`company:${ID.H}`, "ИП Нурланов Ерлан", "name")],
        ],
        [
          "a surname wherever it stands in the name, the most active first",
          "нурланов",
          [
            hit(a(ACC.H), "ИП Нурланов Ерлан", "name"),
            hit(`person:${ID.H}`, "Нурланов Ерлан", "name"),
            hit(`company:${ID.H}`, "ИП Нурланов Ерлан", "name"),
          ],
        ],
        [
          "first name then surname (the same words in another order rank first)",
          "Ерлан Нурланов",
          [
            hit(`person:${ID.H}`, "Нурланов Ерлан", "name"),
            hit(a(ACC.H), "ИП Нурланов Ерлан", "name"),
            hit(`company:${ID.H}`, "ИП Нурланов Ерлан", "name"),
          ],
        ],
        [
          "a name spelt with Kazakh letters (ү, і folded to у, и)",
          "Айгүль Сеітова",
          [hit(a(ACC.V), "Сеитова Айгуль", "name"), hit(`person:${ID.V}`, "Сеитова Айгуль", "name")],
        ],
        [
          "a fragment inside a name",
          "ЖАНО",
          [hit(a(ACC.D1), "Ержанов Ержан", "name"), hit(`person:${ID.D1}`, "Ержанов Ержан", "name")],
        ],
        ["a middle chunk of an IBAN, typed in groups", "6010 000", [hit(a(ACC.D1), "Ержанов Ержан", "iban")]],
        ["the first digits of a card as printed", "4400 43", [hit(`card:${CARD}`, CARD, "card")]],
        ["the start of an IP address", "185.22", [hit(`ip:${IP}`, IP, "ip")]],
        ["a fragment of an IP address", "22.1", [hit(`ip:${IP}`, IP, "ip")]],
        ["a fragment of a device id in capitals", "7F3A", [hit(`device:${DEVICE}`, DEVICE, "device")]],
        ["a fragment of a phone with a dash", "765-43", [hit(`phone:${PHONE_V}`, PHONE_V, "phone")]],
        [
          "the last 4 digits, in every identifier that holds them",
          "1234",
          [
            hit(a(ACC.F), ACC.F, "key"),
            hit(`phone:${PHONE_D1}`, PHONE_D1, "phone"),
            hit(`card:${CARD}`, CARD, "card"),
          ],
        ],
        ["two letters inside a name (too short for a fragment)", "жа", []],
        [
          "two letters at the start of a name (not of a later word)",
          "Ер",
          [hit(a(ACC.D1), "Ержанов Ержан", "name"), hit(`person:${ID.D1}`, "Ержанов Ержан", "name")],
        ],
        [
          "a legal-form prefix",
          "тоо «",
          [
            hit(a(ACC.X), "ТОО «КриптоОбмен»", "name"),
            hit(a(ACC.S), "ТОО «Магнум»", "name"),
            hit(`company:${ID.X}`, "ТОО «КриптоОбмен»", "name"),
            hit(`company:${ID.S}`, "ТОО «Магнум»", "name"),
          ],
        ],
        ["a phone in E.164", PHONE_D1, [hit(`phone:${PHONE_D1}`, PHONE_D1, "phone")]],
        ["a phone as dialled locally", "8 701 123 45 67", [hit(`phone:${PHONE_D1}`, PHONE_D1, "phone")]],
        [
          "a phone with brackets and dashes",
          "+7 (701) 765-43-21",
          [hit(`phone:${PHONE_V}`, PHONE_V, "phone")],
        ],
        ["a device id", DEVICE, [hit(`device:${DEVICE}`, DEVICE, "device")]],
        ["an IP address", IP, [hit(`ip:${IP}`, IP, "ip")]],
        ["a masked card", CARD, [hit(`card:${CARD}`, CARD, "card")]],
        ["a masked card as printed", "4400 43** **** 1234", [hit(`card:${CARD}`, CARD, "card")]],
        ["a wallet address", WALLET, [hit(`wallet:${WALLET}`, WALLET, "wallet")]],
        ["a case number", CASE, [hit(`complaint:${CASE}`, CASE, "caseNo")]],
        ["an ATM id", ATM, [hit(`cashpoint:${ATM}`, ATM, "atmId")]],
        [
          "an IBAN with a control character typed after it",
          `${ACC.D1}\u0000`,
          [hit(a(ACC.D1), "Ержанов Ержан", "iban")],
        ],
        ["a query of FTS and Cypher syntax", '"((OR AND NOT*)) %_', []],
        ["an unknown value", "Жоқ", []],
        ["a blank query", "   ", []],
      ])("finds %s", async (_what, query, expected) => {
        expect(await store.search(query)).toEqual(expected);
      });

      it("honours the type filter and the limit", async () => {
        expect(ids(await store.search(ID.H, { types: ["company"] }))).toEqual([`company:${ID.H}`]);
        expect(ids(await store.search(ID.H, { types: ["person", "company"] }))).toEqual([
          `person:${ID.H}`,
          `company:${ID.H}`,
        ]);
        expect(ids(await store.search(ID.H, { limit: 1 }))).toEqual([a(ACC.H)]);
        expect(ids(await store.search("тоо", { limit: 3 }))).toEqual([a(ACC.X), a(ACC.S), `company:${ID.X}`]);
      });

      it("puts the more active account first among equal matches (transfers in and out and withdrawals)", async () => {
        // Every IBAN of the case holds nine zeros in a row: all fragment matches of one kind, told apart by activity.
        const hits = await store.search("000000000");
        const activity = new Map<string, number>();
        for (const h of hits) {
          const moves = await store.transfers({ accounts: [h.key], direction: "both" });
          activity.set(h.key, moves.length);
        }
        const expected = [...activity.keys()].sort(
          (x, y) => activity.get(y)! - activity.get(x)! || (x < y ? -1 : 1),
        );
        expect(hits.map((h) => h.key)).toEqual(expected);
        expect(hits.length).toBe(7);
        expect(activity.get(ACC.H)).toBeGreaterThan(activity.get(ACC.D3)!);
      });

      it("pages through the ranked hits with offset: no hit twice, none left out", async () => {
        const all = ids(await store.search("000000000"));
        const pages = [];
        for (let offset = 0; offset < all.length + 3; offset += 3)
          pages.push(...ids(await store.search("000000000", { limit: 3, offset })));
        expect(pages).toEqual(all);
        expect(await store.search("000000000", { offset: all.length })).toEqual([]);
      });
    });

    describe("entity", () => {
      it.each(Object.keys(NODES))("gives %s with its properties and sources", async (id) => {
        const e = await store.entity(id);
        expect(e).not.toBeNull();
        expect(e!.node).toEqual(NODES[id]!.node);
        expect(e!.sources).toEqual(NODES[id]!.sources);
      });

      it("gives an account's transfers in and out, owner and cards, each with sources, and its neighbours", async () => {
        const e = await store.entity(a(ACC.D1));
        expect(e!.edges).toEqual(
          edges(
            `ISSUED_ON:card:${CARD}->${a(ACC.D1)}`,
            `OWNS:person:${ID.D1}->${a(ACC.D1)}`,
            "tx:HLK-0003",
            "tx:KSP-0002",
          ),
        );
        expect(ids(e!.neighbours)).toEqual([a(ACC.V), a(ACC.H), `card:${CARD}`, `person:${ID.D1}`]);
        expect(e!.neighbours[2]).toEqual(NODES[`card:${CARD}`]!.node);
      });

      it("gives the hub's edges of every kind", async () => {
        const e = await store.entity(a(ACC.H));
        expect(ids(e!.edges)).toEqual([
          `OWNS:company:${ID.H}->${a(ACC.H)}`,
          `PAID_TO_WALLET:${a(ACC.H)}->wallet:${WALLET}`,
          `USED:${a(ACC.H)}->ip:${IP}`,
          "tx:HLK-0003",
          "tx:REG-0004",
          "tx:REG-0005",
          "tx:REG-0006",
        ]);
        expect(e!.edges).toEqual(edges(...ids(e!.edges)));
      });

      it("counts a person's uses of one phone and merges a repeated log row", async () => {
        const p = await store.entity(`person:${ID.D1}`);
        expect(p!.edges).toEqual(
          edges(
            `OWNS:person:${ID.D1}->${a(ACC.D1)}`,
            `USED:person:${ID.D1}->device:${DEVICE}`,
            `USED:person:${ID.D1}->phone:${PHONE_D1}`,
          ),
        );
        const d = await store.entity(`device:${DEVICE}`);
        expect(d!.edges).toEqual(
          edges(
            `USED:person:${ID.H}->device:${DEVICE}`,
            `USED:person:${ID.D1}->device:${DEVICE}`,
            `USED:person:${ID.D2}->device:${DEVICE}`,
          ),
        );
        expect(ids(d!.neighbours)).toEqual([`person:${ID.H}`, `person:${ID.D1}`, `person:${ID.D2}`]);
      });

      it("links a company to its controller, a complaint to the victim's account, an ATM to its withdrawal", async () => {
        expect((await store.entity(`company:${ID.H}`))!.edges).toEqual(
          edges(`CONTROLS:person:${ID.H}->company:${ID.H}`, `OWNS:company:${ID.H}->${a(ACC.H)}`),
        );
        const c = await store.entity(`complaint:${CASE}`);
        expect(c!.edges).toEqual(edges(`REPORTED:complaint:${CASE}->${a(ACC.V)}`));
        expect(c!.neighbours).toEqual([NODES[a(ACC.V)]!.node]);
        const atm = await store.entity(`cashpoint:${ATM}`);
        expect(atm!.edges).toEqual(edges("tx:REG-0007"));
        expect((await store.entity(`wallet:${WALLET}`))!.edges).toEqual(
          edges(`PAID_TO_WALLET:${a(ACC.H)}->wallet:${WALLET}`),
        );
      });

      it("gives null for unknown or malformed ids", async () => {
        expect(await store.entity("account:KZ000000000000000099")).toBeNull();
        expect(await store.entity("spaceship:1")).toBeNull();
        expect(await store.entity("nonsense")).toBeNull();
      });
    });

    describe("neighbourhood", () => {
      it("expands one hop by default with every relationship type", async () => {
        const g = await store.neighbourhood([`person:${ID.D1}`]);
        expect(shape(g)).toEqual({
          nodes: [a(ACC.D1), `device:${DEVICE}`, `person:${ID.D1}`, `phone:${PHONE_D1}`],
          edges: [
            `OWNS:person:${ID.D1}->${a(ACC.D1)}`,
            `USED:person:${ID.D1}->device:${DEVICE}`,
            `USED:person:${ID.D1}->phone:${PHONE_D1}`,
          ],
          truncated: false,
        });
        expect(g.nodes[0]).toEqual(NODES[a(ACC.D1)]!.node);
        expect(g.edges).toEqual(edges(...ids(g.edges)));
      });

      it("follows only the given relationship types, two hops deep", async () => {
        const g = await store.neighbourhood([a(ACC.D1)], { types: ["TRANSFER"], depth: 2 });
        expect(shape(g)).toEqual({
          nodes: [a(ACC.F), a(ACC.X), a(ACC.V), a(ACC.S), a(ACC.H), a(ACC.D1), a(ACC.D2)],
          edges: ["tx:HLK-0003", "tx:KSP-0001", "tx:KSP-0002", "tx:REG-0004", "tx:REG-0005", "tx:REG-0006"],
          truncated: false,
        });
        const owners = await store.neighbourhood([`person:${ID.D1}`], {
          types: ["OWNS", "TRANSFER"],
          depth: 2,
        });
        expect(shape(owners)).toEqual({
          nodes: [a(ACC.V), a(ACC.H), a(ACC.D1), `person:${ID.D1}`],
          edges: [`OWNS:person:${ID.D1}->${a(ACC.D1)}`, "tx:HLK-0003", "tx:KSP-0002"],
          truncated: false,
        });
      });

      it("drops transfers below the minimum amount", async () => {
        const g = await store.neighbourhood([a(ACC.D1)], {
          types: ["TRANSFER"],
          depth: 2,
          minAmountKzt: 100000,
        });
        expect(shape(g)).toEqual({
          nodes: [a(ACC.X), a(ACC.V), a(ACC.H), a(ACC.D1), a(ACC.D2)],
          edges: ["tx:HLK-0003", "tx:KSP-0002", "tx:REG-0004", "tx:REG-0005"],
          truncated: false,
        });
      });

      it("keeps transfers inside the time range, both ends inclusive", async () => {
        const g = await store.neighbourhood([a(ACC.D1)], {
          types: ["TRANSFER"],
          depth: 2,
          from: T.t2,
          to: T.t3,
        });
        expect(shape(g)).toEqual({
          nodes: [a(ACC.H), a(ACC.D1), a(ACC.D2)],
          edges: ["tx:HLK-0003", "tx:REG-0004"],
          truncated: false,
        });
      });

      it("applies the time range to transfers and withdrawals only", async () => {
        const g = await store.neighbourhood([a(ACC.D2)], { from: T.t3, to: T.t3 });
        expect(shape(g)).toEqual({
          nodes: [a(ACC.H), a(ACC.D2), `card:${CARD}`, `cashpoint:${ATM}`, `person:${ID.D2}`],
          edges: [
            `ISSUED_ON:card:${CARD}->${a(ACC.D2)}`,
            `OWNS:person:${ID.D2}->${a(ACC.D2)}`,
            "tx:REG-0004",
            "tx:REG-0007",
          ],
          truncated: false,
        });
        expect(g.edges.find((e) => e.id === "tx:REG-0007")).toEqual(EDGES["tx:REG-0007"]);
      });

      it("gives the hub's whole neighbourhood with every edge between its nodes", async () => {
        const g = await store.neighbourhood([a(ACC.H)]);
        expect(shape(g)).toEqual({
          nodes: [
            a(ACC.F),
            a(ACC.X),
            a(ACC.H),
            a(ACC.D1),
            a(ACC.D2),
            `company:${ID.H}`,
            `ip:${IP}`,
            `wallet:${WALLET}`,
          ],
          edges: [
            `OWNS:company:${ID.H}->${a(ACC.H)}`,
            `PAID_TO_WALLET:${a(ACC.H)}->wallet:${WALLET}`,
            `USED:${a(ACC.H)}->ip:${IP}`,
            "tx:HLK-0003",
            "tx:REG-0004",
            "tx:REG-0005",
            "tx:REG-0006",
          ],
          truncated: false,
        });
      });

      it("stops at the node cap in id order and says it was truncated", async () => {
        const g = await store.neighbourhood([a(ACC.H)], { nodeCap: 4 });
        expect(shape(g)).toEqual({
          nodes: [a(ACC.F), a(ACC.X), a(ACC.H), a(ACC.D1)],
          edges: ["tx:HLK-0003", "tx:REG-0005", "tx:REG-0006"],
          truncated: true,
        });
        const exact = await store.neighbourhood([a(ACC.H)], { nodeCap: 8 });
        expect(exact.truncated).toBe(false);
        expect(exact.nodes).toHaveLength(8);
      });

      it("gives the induced subgraph of the start nodes at depth 0", async () => {
        const g = await store.neighbourhood(
          [a(ACC.V), a(ACC.D1), a(ACC.H), `person:${ID.V}`, "account:NOPE"],
          {
            depth: 0,
          },
        );
        expect(shape(g)).toEqual({
          nodes: [a(ACC.V), a(ACC.H), a(ACC.D1), `person:${ID.V}`],
          edges: [`OWNS:person:${ID.V}->${a(ACC.V)}`, "tx:HLK-0003", "tx:KSP-0002"],
          truncated: false,
        });
        expect(g.edges).toEqual(edges(...ids(g.edges)));
      });

      it("gives an empty graph for unknown start nodes", async () => {
        expect(await store.neighbourhood(["account:NOPE", "nonsense"])).toEqual({
          nodes: [],
          edges: [],
          truncated: false,
        });
      });
    });

    describe("transfers", () => {
      it("lists an account's outgoing transfers and withdrawals by time then txId", async () => {
        expect(await store.transfers({ accounts: [ACC.D2], direction: "out" })).toEqual(
          tx("REG-0004", "REG-0007"),
        );
      });
      it("lists incoming transfers", async () => {
        expect(await store.transfers({ accounts: [ACC.H], direction: "in" })).toEqual(
          tx("HLK-0003", "REG-0004"),
        );
        expect(await store.transfers({ accounts: [ACC.D2], direction: "in" })).toEqual([]);
      });
      it("treats after as exclusive and until as inclusive", async () => {
        expect(await store.transfers({ accounts: [ACC.H], direction: "out", after: T.t4 })).toEqual(
          tx("REG-0006"),
        );
        expect(await store.transfers({ accounts: [ACC.H], direction: "both", until: T.t3 })).toEqual(
          tx("HLK-0003", "REG-0004"),
        );
      });
      it("lists a transfer between two of the accounts once", async () => {
        expect(await store.transfers({ accounts: [ACC.D1, ACC.H], direction: "both" })).toEqual(
          tx("KSP-0002", "HLK-0003", "REG-0004", "REG-0005", "REG-0006"),
        );
        expect(await store.transfers({ accounts: [], direction: "both" })).toEqual([]);
      });
      it("finds transfers and withdrawals by txId, skipping unknown ones", async () => {
        expect(await store.transfersByIds(["REG-0007", "KSP-0002", "nope"])).toEqual(
          tx("KSP-0002", "REG-0007"),
        );
        expect(await store.transfersByIds([])).toEqual([]);
      });
    });

    describe("accounts, complaints, source files", () => {
      it("gives the accounts' details with the holder's kind, by key, skipping unknown keys", async () => {
        expect(await store.accounts([ACC.H, "nope", ACC.X, ACC.F])).toEqual([
          { key: ACC.F, bank: "DEUTDEFF", accountKind: "foreign" },
          {
            key: ACC.X,
            iban: ACC.X,
            bank: "BRKEKZKA",
            accountKind: "exchange",
            watchlist: "exchange",
            holderId: ID.X,
            holderName: "ТОО «КриптоОбмен»",
            holderKind: "legal_entity",
          },
          {
            key: ACC.H,
            iban: ACC.H,
            bank: "CASPKZKA",
            accountKind: "business",
            holderId: ID.H,
            holderName: "ИП Нурланов Ерлан",
            holderKind: "sole_proprietor",
          },
        ]);
      });

      it("gives a complaint as it was recorded, with its sources", async () => {
        const expected = fixtureBatches.flat().find((r) => r.kind === "complaint");
        expect(await store.complaint(CASE)).toEqual(expected);
        expect(await store.complaint("000")).toBeNull();
        expect(await store.complaints()).toEqual([expected]);
        expect(await store.complaints({ limit: 0 })).toEqual([]);
      });

      it("lists the source files by name and by hash", async () => {
        const files = await store.sourceFiles();
        expect(files.map((f) => f.name)).toEqual([
          "erdr.csv",
          "halyk_erzhanov.csv",
          "kaspi_seitova.csv",
          "linkage.csv",
          "register_march.csv",
          "watchlist.csv",
        ]);
        expect(await store.sourceFiles([FILE.REG, "0".repeat(64)])).toEqual([
          { sha256: FILE.REG, name: "register_march.csv", bytes: 2048, exportKind: "register", rowsRead: 6 },
        ]);
      });
    });

    describe("projection", () => {
      it("gives every account with its holder's kind", async () => {
        const p = await store.projection();
        expect(p.accounts).toEqual([
          { key: ACC.F, bank: "DEUTDEFF", accountKind: "foreign" },
          {
            key: ACC.X,
            iban: ACC.X,
            bank: "BRKEKZKA",
            accountKind: "exchange",
            watchlist: "exchange",
            holderId: ID.X,
            holderName: "ТОО «КриптоОбмен»",
            holderKind: "legal_entity",
          },
          {
            key: ACC.V,
            iban: ACC.V,
            bank: "CASPKZKA",
            accountKind: "personal",
            holderId: ID.V,
            holderName: "Сеитова Айгуль",
            holderKind: "person",
            openedAt: Date.UTC(2019, 4, 1),
          },
          {
            key: ACC.S,
            iban: ACC.S,
            bank: "HCSKKZKA",
            accountKind: "merchant",
            holderId: ID.S,
            holderName: "ТОО «Магнум»",
            holderKind: "legal_entity",
          },
          {
            key: ACC.H,
            iban: ACC.H,
            bank: "CASPKZKA",
            accountKind: "business",
            holderId: ID.H,
            holderName: "ИП Нурланов Ерлан",
            holderKind: "sole_proprietor",
          },
          {
            key: ACC.D3,
            iban: ACC.D3,
            bank: "CASPKZKA",
            accountKind: "personal",
            holderId: ID.D2,
            holderKind: "person",
            openedAt: Date.UTC(2024, 2, 1, 5, 0),
          },
          {
            key: ACC.D1,
            iban: ACC.D1,
            bank: "HSBKKZKX",
            accountKind: "personal",
            holderId: ID.D1,
            holderName: "Ержанов Ержан",
            holderKind: "person",
          },
          {
            key: ACC.D2,
            iban: ACC.D2,
            bank: "CASPKZKA",
            accountKind: "personal",
            holderId: ID.D2,
            holderName: "Болатов Болат",
            holderKind: "person",
          },
        ]);
      });

      it("gives every transfer and withdrawal by time", async () => {
        const p = await store.projection();
        expect(p.transfers).toEqual(
          tx("KSP-0001", "KSP-0002", "HLK-0003", "REG-0004", "REG-0007", "REG-0005", "REG-0006"),
        );
      });

      it("resolves shared identifiers through owners, controllers and cards", async () => {
        const p = await store.projection();
        const link = (account: string, type: string, value: string) => ({ account, type, value });
        expect(p.identifiers).toEqual([
          link(ACC.D1, "card", CARD),
          link(ACC.D2, "card", CARD),
          link(ACC.H, "device", DEVICE),
          link(ACC.D3, "device", DEVICE),
          link(ACC.D1, "device", DEVICE),
          link(ACC.D2, "device", DEVICE),
          link(ACC.H, "ip", IP),
          link(ACC.D1, "ip", IP),
          link(ACC.D2, "ip", IP),
          link(ACC.D3, "owner", ID.D2),
          link(ACC.D2, "owner", ID.D2),
        ]);
      });

      it("gives the complaints", async () => {
        const p = await store.projection();
        expect(p.complaints).toEqual([
          {
            caseNo: CASE,
            victimAccount: ACC.V,
            registeredAt: T.registered,
            incidentAt: T.incident,
            lossKzt: 500000,
          },
        ]);
      });
    });
  });

  describe(`${name} store: a neighbourhood wider than a thousand accounts`, () => {
    // A payroll account paying 1 200 people, two of whom paid each other: the transfers among the neighbours must
    // be found whichever way the store looks them up (embedded: pair seeks up to 1 000 accounts, a scan above).
    const PAYROLL = "KZ000PAYROLL0000001";
    const spoke = (i: number) => `KZ000SPOKE${String(i).padStart(9, "0")}`;
    const SPOKES = 1200;
    const transfer = (txId: string, from: string, to: string, i: number): CanonicalRecord => ({
      kind: "transfer",
      txId,
      from,
      to,
      ts: T.t1 + i * 1000,
      amount: 1000 + i,
      currency: "KZT",
      amountKzt: 1000 + i,
      rateSource: "kzt",
      sources: [src(FILE.REG, 10 + i)],
    });
    let store: GraphStore;
    beforeAll(async () => {
      store = await openFresh(open, reset);
      const records: CanonicalRecord[] = [
        { kind: "account", key: PAYROLL, iban: PAYROLL, bank: "HSBKKZKX", sources: [src(FILE.REG, 1)] },
      ];
      for (let i = 0; i < SPOKES; i++) {
        records.push({
          kind: "account",
          key: spoke(i),
          iban: spoke(i),
          bank: "HSBKKZKX",
          sources: [src(FILE.REG, 2)],
        });
        records.push(transfer(`PAY-${i}`, PAYROLL, spoke(i), i));
      }
      records.push(
        transfer("SIDE-1", spoke(0), spoke(1), SPOKES),
        transfer("SIDE-2", spoke(1150), spoke(5), SPOKES + 1),
      );
      await store.writeBatch(records);
    });
    afterAll(async () => {
      await store?.close();
    });

    it("holds every transfer among 1 201 accounts", async () => {
      const g = await store.neighbourhood([`account:${PAYROLL}`], { nodeCap: 5000 });
      expect(g.nodes).toHaveLength(SPOKES + 1);
      expect(g.truncated).toBe(false);
      const ids = new Set(g.edges.map((e) => e.id));
      expect(ids.size).toBe(SPOKES + 2);
      expect(ids.has("tx:SIDE-1") && ids.has("tx:SIDE-2")).toBe(true);
    });

    it("holds the transfers among the accounts kept under a small cap", async () => {
      const g = await store.neighbourhood([`account:${PAYROLL}`], { nodeCap: 4 });
      expect(g.nodes.map((n) => n.id)).toEqual([
        `account:${PAYROLL}`,
        ...[0, 1, 2].map((i) => `account:${spoke(i)}`),
      ]);
      expect(g.edges.map((e) => e.id)).toEqual(["tx:PAY-0", "tx:PAY-1", "tx:PAY-2", "tx:SIDE-1"]);
    });
  });

  describe(`${name} store: analysis write-back`, () => {
    let store: GraphStore;
    beforeAll(async () => {
      store = await openFresh(open, reset);
      await writeFixture(store);
    });
    afterAll(async () => {
      await store?.close();
    });

    const first: AnalysisResult = {
      run: {
        runId: "run-1",
        startedAt: Date.UTC(2024, 3, 1),
        finishedAt: Date.UTC(2024, 3, 1, 0, 0, 2),
        params: {
          seed: 7,
          resolution: 1,
          thresholds: { passThrough: 0.8, dwellHours: 24 },
          exits: ["exchange"],
        },
      },
      accounts: [
        {
          id: ACC.H,
          community: "c1",
          role: "hub",
          score: 0.87,
          reasons: ["inflow from 2 pass-through accounts"],
          typologies: ["gather_scatter", "fan_in"],
        },
        {
          id: ACC.D1,
          community: "c1",
          role: "drop",
          score: 0.71,
          reasons: ["passed on 90% within 30 minutes"],
          typologies: ["forwarding"],
        },
        { id: ACC.V, community: null, role: "victim", score: 0.1, reasons: ["complaint 241750031000123"] },
      ],
      clusters: [
        { id: "c2", rank: 2, score: 0.2, members: [ACC.S], reasons: [] },
        {
          id: "c1",
          rank: 1,
          score: 0.9,
          members: [ACC.D1, ACC.D2, ACC.H],
          reasons: ["pass-through chain"],
          typologies: ["forwarding", "gather_scatter", "fan_in"],
        },
      ],
    };

    it("reads back the run it wrote, accounts by id and clusters by rank", async () => {
      await store.writeAnalysis(first);
      expect(await store.latestAnalysis()).toEqual({
        run: first.run,
        accounts: [first.accounts[2], first.accounts[0], first.accounts[1]],
        clusters: [first.clusters[1], first.clusters[0]],
      });
    });

    it("puts community, role, score, reasons and typologies on the account nodes", async () => {
      expect((await store.entity(a(ACC.H)))!.node).toEqual({
        id: a(ACC.H),
        type: "account",
        key: ACC.H,
        label: "ИП Нурланов Ерлан",
        props: {
          iban: ACC.H,
          bank: "CASPKZKA",
          currency: "KZT",
          accountKind: "business",
          holderId: ID.H,
          holderName: "ИП Нурланов Ерлан",
        },
        community: "c1",
        role: "hub",
        score: 0.87,
        reasons: ["inflow from 2 pass-through accounts"],
        typologies: ["gather_scatter", "fan_in"],
      });
      const v = (await store.entity(a(ACC.V)))!.node;
      expect(v).toEqual({
        ...NODES[a(ACC.V)]!.node,
        role: "victim",
        score: 0.1,
        reasons: ["complaint 241750031000123"],
      });
      const g = await store.neighbourhood([a(ACC.D1), a(ACC.D2)], { depth: 0 });
      expect(g.nodes.map((n) => [n.id, n.role, n.community, n.typologies])).toEqual([
        [a(ACC.D1), "drop", "c1", ["forwarding"]],
        [a(ACC.D2), undefined, undefined, undefined],
      ]);
    });

    it("reads an empty typology list back as none", async () => {
      const empty: AnalysisResult = {
        run: { ...first.run, runId: "run-empty" },
        accounts: [{ ...first.accounts[0]!, typologies: [] }],
        clusters: [{ ...first.clusters[1]!, typologies: [] }],
      };
      await store.writeAnalysis(empty);
      const { typologies: _a, ...account } = first.accounts[0]!;
      const { typologies: _c, ...cluster } = first.clusters[1]!;
      expect(await store.latestAnalysis()).toEqual({
        run: empty.run,
        accounts: [account],
        clusters: [cluster],
      });
      expect((await store.entity(a(ACC.H)))!.node.typologies).toBeUndefined();
      await store.writeAnalysis(first);
    });

    it("replaces the previous run entirely", async () => {
      const second: AnalysisResult = {
        run: {
          runId: "run-2",
          startedAt: Date.UTC(2024, 3, 2),
          finishedAt: Date.UTC(2024, 3, 2, 0, 1),
          params: {},
        },
        accounts: [{ id: ACC.D2, community: "c9", role: "drop", score: 0.5, reasons: [] }],
        clusters: [],
      };
      await store.writeAnalysis(second);
      expect(await store.latestAnalysis()).toEqual(second);
      expect((await store.entity(a(ACC.H)))!.node).toEqual({
        id: a(ACC.H),
        type: "account",
        key: ACC.H,
        label: "ИП Нурланов Ерлан",
        props: {
          iban: ACC.H,
          bank: "CASPKZKA",
          currency: "KZT",
          accountKind: "business",
          holderId: ID.H,
          holderName: "ИП Нурланов Ерлан",
        },
      });
      const d2 = (await store.entity(a(ACC.D2)))!.node;
      expect([d2.community, d2.role, d2.score, d2.reasons]).toEqual(["c9", "drop", 0.5, []]);
    });
  });

  describe(`${name} store: an analysis of a second-world case`, () => {
    // A small `generate --world aml` case (one bank's USD register) ingested with its own mapping.json: detection
    // labels its laundering accounts and clusters with typologies, which the store must keep.
    let store: GraphStore;
    let dir: string;
    let result: AnalysisResult;
    beforeAll(async () => {
      store = await openFresh(open, reset);
      dir = await mkdtemp(path.join(os.tmpdir(), "mulegraph-contract-aml-"));
      await generateCase({ out: dir, seed: 11, accounts: 400, world: "aml" });
      await ingestFiles([path.join(dir, "exports", AML_REGISTER_FILE)], {
        mapping: await readMappingFile(path.join(dir, "mapping.json")),
        onBatch: (records) => store.writeBatch(records),
      });
      result = await runAnalysis(store, { seed: 1 });
    }, 120_000);
    afterAll(async () => {
      await store?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it("reads back the same typologies for every account and cluster", async () => {
      expect(result.accounts.filter((x) => x.typologies).length).toBeGreaterThan(0);
      expect(result.clusters.filter((x) => x.typologies).length).toBeGreaterThan(0);
      const latest = await store.latestAnalysis();
      expect(latest?.accounts).toEqual(result.accounts);
      expect(latest?.clusters).toEqual(result.clusters);
    });

    it("shows an account's typologies on its node", async () => {
      const labelled = result.accounts.find((x) => x.typologies)!;
      expect((await store.entity(a(labelled.id)))!.node.typologies).toEqual(labelled.typologies);
    });
  });

  describe(`${name} store: users, audit trail, uploads, notes, named mappings`, () => {
    let store: GraphStore;
    beforeAll(async () => {
      store = await openFresh(open, reset);
    });
    afterAll(async () => {
      await store?.close();
    });

    const alice: StoredUser = {
      username: "alice",
      role: "analyst",
      passwordHash: "scrypt$a$b",
      createdAt: 1000,
    };
    const bob: StoredUser = {
      username: "bob",
      role: "admin",
      passwordHash: "scrypt$c$d",
      createdAt: 900,
      disabled: false,
    };

    it("stores, updates and lists users", async () => {
      expect(await store.getUser("alice")).toBeNull();
      expect(await store.listUsers()).toEqual([]);
      await store.putUser(bob);
      await store.putUser(alice);
      expect(await store.getUser("alice")).toEqual(alice);
      expect(await store.getUser("bob")).toEqual(bob);
      await store.putUser({ ...alice, role: "investigator", disabled: true });
      expect(await store.listUsers()).toEqual([{ ...alice, role: "investigator", disabled: true }, bob]);
    });

    const entry = (seq: number, prevHash: string): AuditEntry => ({
      seq,
      ts: 5000 + seq,
      actor: "alice",
      action: seq === 1 ? "login" : "view",
      target: seq === 1 ? null : a(ACC.D1),
      params: { ip: "127.0.0.1", nested: { depth: seq } },
      prevHash,
      hash: String(seq).repeat(64).slice(0, 64),
    });

    it("appends audit entries only in sequence", async () => {
      expect(await store.lastAudit()).toBeNull();
      await expect(store.appendAudit(entry(2, "0".repeat(64)))).rejects.toMatchObject({
        name: "AuditSequenceError",
      });
      await store.appendAudit(entry(1, "0".repeat(64)));
      await store.appendAudit(entry(2, entry(1, "").hash));
      await expect(store.appendAudit(entry(2, entry(1, "").hash))).rejects.toMatchObject({
        name: "AuditSequenceError",
      });
      await expect(store.appendAudit(entry(4, entry(2, "").hash))).rejects.toMatchObject({
        name: "AuditSequenceError",
      });
      await store.appendAudit(entry(3, entry(2, "").hash));
      expect(await store.lastAudit()).toEqual(entry(3, entry(2, "").hash));
    });

    it("reads the audit trail after a seq, up to a limit", async () => {
      expect((await store.auditEntries({})).map((e) => e.seq)).toEqual([1, 2, 3]);
      expect(await store.auditEntries({ afterSeq: 1, limit: 1 })).toEqual([entry(2, entry(1, "").hash)]);
      expect(await store.auditEntries({ afterSeq: 3 })).toEqual([]);
      expect((await store.auditEntries({}))[0]).toEqual(entry(1, "0".repeat(64)));
    });

    it("appends consecutive audit entries in one call, all or nothing", async () => {
      expect(store.appendAuditBatch).toBeDefined();
      const e4 = entry(4, entry(3, "").hash);
      const e5 = entry(5, e4.hash);
      await expect(store.appendAuditBatch!([entry(5, e4.hash), entry(6, e5.hash)])).rejects.toMatchObject({
        name: "AuditSequenceError",
      });
      await expect(store.appendAuditBatch!([e4, entry(6, e5.hash)])).rejects.toMatchObject({
        name: "AuditSequenceError",
      });
      expect((await store.lastAudit())?.seq).toBe(3);
      await store.appendAuditBatch!([e4, e5]);
      expect((await store.auditEntries({ afterSeq: 3 })).map((e) => e.seq)).toEqual([4, 5]);
      expect(await store.lastAudit()).toEqual(e5);
    });

    it("stores upload jobs and lists them newest first", async () => {
      const u1: UploadRecord = { id: "u1", createdAt: 100, createdBy: "alice", status: "queued" };
      const u2: UploadRecord = { id: "u2", createdAt: 200, createdBy: "alice", status: "running" };
      await store.putUpload(u1);
      await store.putUpload(u2);
      const done: UploadRecord = {
        ...u1,
        status: "done",
        summary: { files: [{ name: "a.csv" }], totals: { rows: 3 } },
      };
      await store.putUpload(done);
      expect(await store.getUpload("u1")).toEqual(done);
      expect(await store.getUpload("nope")).toBeNull();
      const failed: UploadRecord = { ...u2, status: "failed", error: "ingest: unreadable file" };
      await store.putUpload(failed);
      expect(await store.listUploads()).toEqual([failed, done]);
      expect(await store.listUploads({ limit: 1 })).toEqual([failed]);
    });

    it("stores notes per target, oldest first", async () => {
      await store.putNote({
        id: "n2",
        target: a(ACC.D1),
        author: "bob",
        createdAt: 20,
        text: "Звонил в банк",
      });
      await store.putNote({ id: "n1", target: a(ACC.D1), author: "alice", createdAt: 10, text: "Дроп?" });
      await store.putNote({ id: "n3", target: CASE, author: "alice", createdAt: 5, text: "case" });
      await store.putNote({ id: "n1", target: a(ACC.D1), author: "alice", createdAt: 10, text: "Дроп." });
      expect(await store.listNotes(a(ACC.D1))).toEqual([
        { id: "n1", target: a(ACC.D1), author: "alice", createdAt: 10, text: "Дроп." },
        { id: "n2", target: a(ACC.D1), author: "bob", createdAt: 20, text: "Звонил в банк" },
      ]);
      expect(await store.listNotes("nobody")).toEqual([]);
    });

    const payerSheet: NamedMapping = {
      name: "Банк Б: реестр",
      kind: "register",
      signature: "sig-a",
      header: ["Плательщик, счет", "Получатель, счет", "Дата", "Сумма", "Примечание"],
      columns: { "Плательщик, счет": "fromAccount", "Получатель, счет": "toAccount", Примечание: "" },
      createdBy: "alice",
      createdAt: 30,
    };

    it("stores named mappings by name, lists them by name and by header signature", async () => {
      expect(await store.listNamedMappings()).toEqual([]);
      expect(await store.getNamedMapping(payerSheet.name)).toBeNull();
      const other: NamedMapping = {
        ...payerSheet,
        name: "another bank",
        signature: "sig-b",
        header: [],
        columns: {},
        createdBy: "bob",
      };
      await store.putNamedMapping(payerSheet);
      await store.putNamedMapping(other);
      expect(await store.getNamedMapping(payerSheet.name)).toEqual(payerSheet);
      expect(await store.listNamedMappings()).toEqual([other, payerSheet]);
      expect(await store.listNamedMappings({ signature: "sig-a" })).toEqual([payerSheet]);
      expect(await store.listNamedMappings({ signature: "sig-none" })).toEqual([]);
    });

    it("replaces a named mapping saved again under its name", async () => {
      const changed: NamedMapping = {
        ...payerSheet,
        kind: "statement",
        signature: "sig-c",
        columns: { Дата: "ts" },
        createdAt: 40,
      };
      await store.putNamedMapping(changed);
      expect(await store.getNamedMapping(payerSheet.name)).toEqual(changed);
      expect(await store.listNamedMappings({ signature: "sig-a" })).toEqual([]);
      expect((await store.listNamedMappings()).map((m) => m.name)).toEqual(["another bank", payerSheet.name]);
    });

    it("deletes a named mapping and says whether there was one", async () => {
      expect(await store.deleteNamedMapping(payerSheet.name)).toBe(true);
      expect(await store.deleteNamedMapping(payerSheet.name)).toBe(false);
      expect(await store.getNamedMapping(payerSheet.name)).toBeNull();
      expect((await store.listNamedMappings()).map((m) => m.name)).toEqual(["another bank"]);
    });
  });

  describe(`${name} store: freeze requests and their outcomes`, () => {
    let store: GraphStore;
    beforeAll(async () => {
      store = await openFresh(open, reset);
    });
    afterAll(async () => {
      await store?.close();
    });

    // Bytes that are not valid UTF-8 (a PDF's binary marker), so a text round trip would alter them.
    const pdf = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0xe2, 0xe3, 0xcf, 0xd3, 0x00, 0xff]);
    const csv = new TextEncoder().encode("account,amountKzt\nKZ01,150000.5\n");
    const request = (
      id: string,
      bank: string,
      createdAt: number,
      complaints: string[],
    ): FreezeRequestRecord => ({
      id,
      bank,
      createdAt,
      createdBy: "ivan",
      complaints,
      items: [
        {
          account: a(ACC.D1),
          amountKzt: 150_000.5,
          txIds: ["T2", "T1"],
          byComplaint: { [complaints[0]!]: 150_000.5 },
        },
      ],
      totalKzt: 150_000.5,
      sha256: "ab".repeat(32),
      files: [
        { name: `${id}.pdf`, mediaType: "application/pdf", sha256: "cd".repeat(32), bytes: pdf.length },
        { name: `${id}.csv`, mediaType: "text/csv", sha256: "ef".repeat(32), bytes: csv.length },
      ],
    });
    const r1 = request("FR-2026-0002", "HSBKKZKX", 200, ["C-1", "C-2"]);
    const r2 = request("FR-2026-0001", "CASPKZKA", 200, ["C-2"]);
    const r3 = request("FR-2026-0003", "HSBKKZKX", 100, ["C-3"]);

    it("stores freeze requests once each and lists them by time, bank and complaint", async () => {
      expect(await store.listFreezeRequests()).toEqual([]);
      expect(await store.getFreezeRequest(r1.id)).toBeNull();
      await store.putFreezeRequest(r1, { [`${r1.id}.pdf`]: pdf, [`${r1.id}.csv`]: csv });
      await store.putFreezeRequest(r2, {});
      await store.putFreezeRequest(r3, {});
      await expect(store.putFreezeRequest({ ...r1, bank: "other" }, {})).rejects.toMatchObject({
        name: "FreezeRequestExistsError",
      });
      expect(await store.getFreezeRequest(r1.id)).toEqual(r1);
      expect(await store.listFreezeRequests()).toEqual([r3, r2, r1]);
      expect(await store.listFreezeRequests({ bank: "HSBKKZKX" })).toEqual([r3, r1]);
      expect(await store.listFreezeRequests({ complaint: "C-2" })).toEqual([r2, r1]);
      expect(await store.listFreezeRequests({ complaint: "C-2", bank: "CASPKZKA" })).toEqual([r2]);
      expect(await store.listFreezeRequests({ complaint: "nobody" })).toEqual([]);
    });

    it("gives a request's files back byte for byte", async () => {
      expect(await store.freezeRequestContent(r1.id, `${r1.id}.pdf`)).toEqual(pdf);
      expect(await store.freezeRequestContent(r1.id, `${r1.id}.csv`)).toEqual(csv);
      expect(await store.freezeRequestContent(r1.id, "other.pdf")).toBeNull();
      expect(await store.freezeRequestContent("FR-none", `${r1.id}.pdf`)).toBeNull();
    });

    const outcome = (requestId: string, seq: number, extra: Partial<FreezeOutcome>): FreezeOutcome => ({
      requestId,
      seq,
      account: a(ACC.D1),
      status: "sent",
      by: "ivan",
      at: 1000 + seq,
      ...extra,
    });

    it("appends outcomes in sequence per request and lists them in order", async () => {
      const o1 = outcome(r1.id, 1, {});
      const o2 = outcome(r1.id, 2, { status: "frozen", amountKzt: 120_000, reason: "ref 77/1" });
      const o3 = outcome(r1.id, 3, { status: "returned", amountKzt: 100_000.25 });
      const p1 = outcome(r2.id, 1, { status: "refused", reason: "Счёт закрыт" });
      await store.appendFreezeOutcome(o1);
      await store.appendFreezeOutcome(p1);
      await store.appendFreezeOutcome(o2);
      await expect(store.appendFreezeOutcome(outcome(r1.id, 2, {}))).rejects.toMatchObject({
        name: "FreezeOutcomeSequenceError",
      });
      await expect(store.appendFreezeOutcome(outcome(r1.id, 5, {}))).rejects.toMatchObject({
        name: "FreezeOutcomeSequenceError",
      });
      await expect(store.appendFreezeOutcome(outcome("FR-none", 1, {}))).rejects.toMatchObject({
        name: "FreezeOutcomeSequenceError",
      });
      await store.appendFreezeOutcome(o3);
      // r2 (FR-2026-0001) sorts before r1 (FR-2026-0002).
      expect(await store.listFreezeOutcomes()).toEqual([p1, o1, o2, o3]);
      expect(await store.listFreezeOutcomes({ requestId: r1.id })).toEqual([o1, o2, o3]);
      expect(await store.listFreezeOutcomes({ requestId: r3.id })).toEqual([]);
    });
  });

  const generatorReady =
    existsSync(path.join(ROOT, "cli/commands/generate.ts")) && existsSync(path.join(ROOT, "ingest/index.ts"));

  describe.skipIf(!generatorReady)(`${name} store: a generated case`, () => {
    let store: GraphStore;
    let dir: string;
    let truth: { counts: Record<string, number> };
    let ingest: IngestApi;
    let files: string[];

    beforeAll(async () => {
      store = await openFresh(open, reset);
      dir = await mkdtemp(path.join(os.tmpdir(), "mulegraph-contract-"));
      await execFileP(
        process.execPath,
        [path.join(ROOT, "bin/mulegraph.js"), "generate", "--out", dir, "--seed", "7", "--accounts", "300"],
        { cwd: ROOT, env: { ...process.env, MULEGRAPH_DATA_DIR: path.join(dir, "data") } },
      );
      truth = JSON.parse(await readFile(path.join(dir, "truth.json"), "utf8")) as typeof truth;
      ingest = (await import(pathToFileURL(path.join(ROOT, "ingest/index.ts")).href)) as IngestApi;
      files = await listCsv(dir);
    });
    afterAll(async () => {
      await store?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    const ingestAll = () =>
      ingest.ingestFiles(files, { batchSize: 500, onBatch: (records) => store.writeBatch(records) });

    it("stores exactly the counts of the case's truth", async () => {
      expect(files.length).toBeGreaterThan(0);
      await ingestAll();
      const stats = await store.stats();
      const c = truth.counts;
      expect({
        accounts: stats.accounts,
        persons: stats.persons,
        companies: stats.companies,
        cards: stats.cards,
        transfers: stats.transfers,
        withdrawals: stats.withdrawals,
        complaints: stats.complaints,
      }).toEqual({
        accounts: c.accounts,
        persons: c.persons,
        companies: c.companies,
        cards: c.cards,
        transfers: c.transfers,
        withdrawals: c.withdrawals,
        complaints: c.complaints,
      });
    });

    it("changes nothing when the case is ingested again", async () => {
      const stats = await store.stats();
      const projection = await store.projection();
      await ingestAll();
      expect(await store.stats()).toEqual(stats);
      expect(await store.projection()).toEqual(projection);
    });
  });
}
