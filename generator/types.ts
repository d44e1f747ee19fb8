/**
 * Public types of the generator: its options, the truth file's shape (the contract other tools score against) and
 * the summary `generateCase` returns.
 */
import type { AccountRole } from "../model/graph.js";

export interface GenerateOptions {
  /** Output folder; exports go to `<out>/exports`, the answers to `<out>/truth.json`. */
  out: string;
  seed: number;
  /** Target number of accounts (the case has about this many; truth.counts.accounts has the exact number). */
  accounts: number;
  /** Length of the period in days (default 90). */
  days?: number;
  /** First local day, YYYY-MM-DD (default 2024-01-15, so the period spans the 2024-03-01 time-zone change). */
  start?: string;
  /**
   * Which world: "kazakh" (default: Kazakh banks, IBANs, complaints, identifiers) or "aml" (one bank's transfer
   * register with AML typologies inside legitimate fan-in / fan-out traffic; docs/GENERATOR.md).
   */
  world?: World;
  /** The "aml" world's currency, an ISO 4217 code (default USD); the Kazakh world is always KZT. */
  currency?: string;
}

export type World = "kazakh" | "aml";

/** The "aml" world's laundering typologies (Altman et al. 2023, AMLSim). */
export type Typology =
  "fan_in" | "fan_out" | "gather_scatter" | "scatter_gather" | "cycle" | "bipartite" | "stack" | "random";

/** One planted laundering scheme of the "aml" world. */
export interface TruthScheme {
  typology: Typology;
  /** Its accounts, roughly in the order the money reaches them (sources first). */
  accounts: string[];
  /** Its collecting accounts (role "hub"): fan-in target, gather-scatter centre, scatter-gather collector. */
  hubs: string[];
  /** Its transfers (register references), in time order. */
  txIds: string[];
  /** First and last transfer, epoch ms. */
  from: number;
  to: number;
}

export type Scheme = "marketplace" | "safe_account" | "investment" | "remote_loan";

export interface TruthAccount {
  role: AccountRole;
  ring: string | null;
  hardNegative: boolean;
  /** Which planted hard negative this is (payroll, merchant, own_transfer …), when `hardNegative`. */
  hardNegativeKind?: string;
  bank: string;
  /** Victims and exits: the rings whose traffic they carried. */
  rings?: string[];
  /** Victims: the fraud scheme. */
  scheme?: Scheme;
  /** Holds money from before the data starts (treasury, pension payer, lenders, senders abroad). */
  openingBalance?: boolean;
  /** "aml" world: the laundering schemes' typologies this account took part in (empty when none). */
  typologies?: Typology[];
  /** "aml" world: the account took part in at least one laundering scheme. */
  laundering?: boolean;
  /** "aml" world, laundering accounts: the ids of the schemes it took part in (keys of `Truth.schemes`). */
  schemes?: string[];
}

export interface TruthRing {
  members: string[];
  organisers: string[];
  hubs: string[];
  drops: string[];
  /** Mule hops from a victim to the cash-out (2–4): drop layers plus the hub. */
  depth: number;
  /** Drop and hub accounts by layer, first-line drops first, hubs last. */
  layers: string[][];
  victims: string[];
  /** Exit keys the ring's hubs paid into (account keys, wallets, ATM ids). */
  exits: string[];
  devices: string[];
  phones: string[];
  ips: string[];
  /** Per member: the share of received money it keeps (the rest is forwarded). */
  retention: Record<string, number>;
}

export interface TruthComplaint {
  victimAccount: string;
  stolenKzt: number;
  exitsKzt: Record<string, number>;
  holdingKzt: Record<string, number>;
  /** The victim's transfers that are the stolen money (their full amounts are traced). */
  seedTxIds: string[];
  scheme: Scheme;
  ring: string;
  /** Epoch ms. */
  incidentAt: number;
  registeredAt: number;
}

export interface TruthCounts {
  accounts: number;
  transfers: number;
  withdrawals: number;
  complaints: number;
  /** Distinct IINs printed (sole proprietors included). */
  persons: number;
  /** Distinct BINs printed plus sole proprietors (ИП) holding a business account. */
  companies: number;
  cards: number;
  rings: number;
  victims: number;
  watchlist: number;
  statements: number;
  registerRows: number;
  statementRows: number;
  linkageRows: number;
  files: number;
  /** "aml" world: laundering accounts, hard-negative accounts and laundering schemes. */
  laundering?: number;
  hardNegatives?: number;
  schemes?: number;
}

export interface TruthFile {
  name: string;
  kind: "statement" | "register" | "linkage" | "complaints" | "watchlist";
  encoding: "cp1251" | "utf8" | "utf8bom";
  rows: number;
  bytes: number;
}

export interface Truth {
  generator: {
    version: number;
    seed: number;
    accounts: number;
    days: number;
    start: string;
    /** Absent in cases written before the second world existed: those are "kazakh". */
    world?: World;
    /** "aml" world: the register's currency. */
    currency?: string;
  };
  /** The planted shape's stated bounds, which tests check every ring member against. */
  planted: {
    retentionMin: number;
    retentionMax: number;
    /** Every forwarded amount leaves within this many hours of the money it forwards. */
    forwardWithinHours: number;
    /** Calendar days from the last stolen payment's local date to the complaint's registration date. */
    complaintDelayDays: [number, number];
  };
  /** First and last transfer, epoch ms. */
  period: { from: number; to: number };
  counts: TruthCounts;
  accounts: Record<string, TruthAccount>;
  rings: Record<string, TruthRing>;
  complaints: Record<string, TruthComplaint>;
  files: TruthFile[];
  /** "aml" world: every laundering scheme by id (S0001 …). */
  schemes?: Record<string, TruthScheme>;
}

/** What `generateCase` reports. */
export interface GenerateSummary {
  out: string;
  exportsDir: string;
  truthPath: string;
  counts: TruthCounts;
  files: number;
  bytes: number;
  ms: number;
  /** Milliseconds per phase (cast, simulate, fifo, linkage, write, truth). */
  phases: Record<string, number>;
}
