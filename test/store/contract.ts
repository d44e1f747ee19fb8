/**
 * The GraphStore contract suite: one set of describe/it blocks that every store must pass (embedded and Neo4j), one
 * file per port in test/store/contract/ (graph, loads, analysis, records, recovery).
 * Call `storeContract(name, open, reset?)` from a test file; `open()` must give a usable store and `reset(store)` (when
 * given) must leave it empty. Each describe block opens its own store and resets it, so stores that share one database
 * (Neo4j) and stores that live in a fresh temp folder per open (embedded) both work.
 *
 * Behaviour this suite pins where the ports (server/store/ports/) leave room (both stores must do exactly this):
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
import type { GraphStore } from "../../server/store/types.js";
import { analysisContract } from "./contract/analysis.js";
import { graphContract } from "./contract/graph.js";
import { loadsContract } from "./contract/loads.js";
import { recordsContract } from "./contract/records.js";
import { recoveryContract } from "./contract/recovery.js";

/**
 * Define the contract suite for one store: every port's contract.
 * @param name shown in the test names, e.g. "embedded" or "neo4j".
 * @param open gives a store (a fresh one or a connection to a shared one).
 * @param reset empties the store; needed when `open()` does not give an empty store.
 */
export function storeContract(
  name: string,
  open: () => Promise<GraphStore>,
  reset?: (s: GraphStore) => Promise<void>,
): void {
  graphContract(name, open, reset);
  loadsContract(name, open, reset);
  analysisContract(name, open, reset);
  recordsContract(name, open, reset);
  recoveryContract(name, open, reset);
}
