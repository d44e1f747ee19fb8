/**
 * The known case every port's contract reads (test/store/store.fixtures.ts written as batches), and what the stores
 * must answer about it: its transfers as TransferEdge values, its nodes and edges with their sources. Shared by the
 * contract files in this folder; test/store/contract.ts says what the suite pins.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { GraphEdge, GraphNode, Subgraph, TransferEdge } from "../../../model/graph.js";
import type { GraphWritePort } from "../../../server/store/ports/graph.js";
import {
  ACC,
  ATM,
  CARD,
  CASE,
  DEVICE,
  FILE,
  fixtureBatches,
  ID,
  IP,
  PHONE_D1,
  src,
  T,
  WALLET,
} from "../store.fixtures.js";

/** What every contract needs of a store besides its port: closing it. */
export type Closable = { close(): Promise<void> };

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

export const a = (key: string) => `account:${key}`;
export const ids = (xs: { id: string }[]) => xs.map((x) => x.id);

/** The fixture's transfers as TransferEdge values (what transfers/projection return). */
export const TX: Record<string, TransferEdge> = {
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
export const tx = (...txIds: string[]) => txIds.map((t) => TX[t]!);

/** Expected nodes (GraphNode without analytics) and their sources, one per entity type. */
export const NODES: Record<string, { node: GraphNode; sources: { file: string; line: number }[] }> = {
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
export const EDGES: Record<string, GraphEdge & { sources: { file: string; line: number }[] }> = {
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
export const edges = (...edgeIds: string[]) =>
  edgeIds.map((id) => {
    const e = EDGES[id];
    if (!e) throw new Error(`contract: no expected edge ${id}`);
    return e;
  });

/** Strip analytics-free nodes down to what the neighbourhood tests compare. */
export function shape(g: Subgraph): { nodes: string[]; edges: string[]; truncated: boolean } {
  return { nodes: ids(g.nodes), edges: ids(g.edges), truncated: g.truncated };
}

export async function openFresh<S>(open: () => Promise<S>, reset?: (s: S) => Promise<void>): Promise<S> {
  const store = await open();
  if (reset) await reset(store);
  return store;
}

export async function writeFixture(store: GraphWritePort): Promise<void> {
  for (const batch of fixtureBatches) await store.writeBatch(batch);
}
