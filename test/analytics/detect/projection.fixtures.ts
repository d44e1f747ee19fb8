/**
 * Hand-built projections for detection tests. The shapes follow docs/DETECTION.md's typologies (gather-scatter drops,
 * cash-out hubs) and its ordinary negatives (merchants, payroll, own money between own banks); amounts and times are
 * chosen by hand, not generated. Times are minutes after a fixed start (2024-03-04 00:00 UTC).
 */
import type {
  IdentifierLink,
  Projection,
  ProjectionAccount,
  ProjectionComplaint,
} from "../../../model/analysis.js";
import type { TransferEdge } from "../../../model/graph.js";

export const T0 = Date.UTC(2024, 2, 4);
export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

/** A tiny builder for projections: accounts appear when first named. */
export class ProjectionBuilder {
  private accounts = new Map<string, ProjectionAccount>();
  private transfers: TransferEdge[] = [];
  private identifiers: IdentifierLink[] = [];
  private complaints: ProjectionComplaint[] = [];
  private seq = 0;

  account(key: string, props: Omit<ProjectionAccount, "key"> = {}): this {
    this.accounts.set(key, { ...this.accounts.get(key), key, ...props });
    return this;
  }

  /** A transfer `minutes` after T0. */
  pay(from: string, to: string, amountKzt: number, minutes: number, extra: Partial<TransferEdge> = {}): this {
    if (!this.accounts.has(from)) this.account(from);
    if (!this.accounts.has(to)) this.account(to);
    this.transfers.push({
      txId: `tx${String(++this.seq).padStart(6, "0")}`,
      from,
      to,
      ts: T0 + minutes * MIN,
      amount: amountKzt,
      currency: "KZT",
      amountKzt,
      ...extra,
    });
    return this;
  }

  withdraw(from: string, atmId: string, country: string, amountKzt: number, minutes: number): this {
    return this.pay(from, `atm:${atmId}`, amountKzt, minutes, { atm: { atmId, country } });
  }

  share(type: IdentifierLink["type"], value: string, ...accounts: string[]): this {
    for (const account of accounts) this.identifiers.push({ account, type, value });
    return this;
  }

  complaint(caseNo: string, victimAccount: string, incidentMinutes: number, lossKzt: number): this {
    this.complaints.push({
      caseNo,
      victimAccount,
      incidentAt: T0 + incidentMinutes * MIN,
      registeredAt: T0 + incidentMinutes * MIN + 5 * DAY,
      lossKzt,
    });
    return this;
  }

  build(): Projection {
    return {
      accounts: [...this.accounts.values()].filter((a) => !a.key.startsWith("atm:")),
      transfers: [...this.transfers],
      identifiers: [...this.identifiers],
      complaints: [...this.complaints],
    };
  }
}

/** Ordinary life around the cases: salaries spent slowly over a month, so nothing looks like pass-through. */
export function ordinaryLife(b: ProjectionBuilder, people = 6): ProjectionBuilder {
  b.account("employer", { holderKind: "legal_entity", accountKind: "business" });
  for (let i = 0; i < people; i++) {
    const p = `person${i}`;
    b.account(p, { holderKind: "person" });
    b.pay("funding", "employer", 400_000, -60 * 24 * 40 + i);
    b.pay("employer", p, 350_000, -60 * 24 * 30 + i);
    for (let d = 0; d < 10; d++) b.pay(p, "grocery", 9_000 + 100 * i, -60 * 24 * (28 - 2 * d) + 13 * i);
  }
  return b;
}

/**
 * Five reported victims pay one drop within 2 h; the drop forwards ~90% to a watch-listed exchange within 30 min of
 * each payment and keeps the rest.
 */
export function pureDropCase(): ProjectionBuilder {
  const b = ordinaryLife(new ProjectionBuilder());
  b.account("exchange", { watchlist: "exchange", accountKind: "exchange" });
  b.account("drop", { holderKind: "person", openedAt: T0 - 10 * DAY });
  for (let i = 0; i < 5; i++) {
    const v = `victim${i}`;
    b.pay("employer", v, 600_000, -60 * 24 * 20 + i);
    b.pay(v, "drop", 200_000 + 10_000 * i, 20 * i);
    b.pay("drop", "exchange", Math.round((200_000 + 10_000 * i) * 0.9), 20 * i + 15);
    b.complaint(`24750000${i}`, v, 20 * i - 5, 200_000 + 10_000 * i);
  }
  return b;
}

/**
 * A ring: four drops each fed by three (unreported) victims, all forwarding to one hub within an hour; the hub sends
 * most of it to an exchange and withdraws cash at an ATM abroad. The drops share a device.
 */
export function hubRingCase(
  opts: { prefix?: string; identifiers?: boolean; watchlist?: boolean } = {},
): ProjectionBuilder {
  const x = opts.prefix ?? "";
  const b = ordinaryLife(new ProjectionBuilder());
  b.account(`${x}exchange`, opts.watchlist === false ? {} : { watchlist: "p2p", accountKind: "exchange" });
  let minute = 0;
  for (let d = 0; d < 4; d++) {
    const drop = `${x}drop${d}`;
    let received = 0;
    for (let v = 0; v < 3; v++) {
      const victim = `${x}victim${d}-${v}`;
      b.pay("employer", victim, 500_000, -60 * 24 * 25 + v);
      const amount = 150_000 + 20_000 * v + 5_000 * d;
      b.pay(victim, drop, amount, minute);
      received += amount;
      minute += 7;
    }
    b.pay(drop, `${x}hub`, Math.round(received * 0.92), minute + 20);
    minute += 30;
    if (opts.identifiers !== false) b.share("device", `${x}D-77`, drop);
  }
  b.pay(`${x}hub`, `${x}exchange`, 1_600_000, minute + 60);
  b.withdraw(`${x}hub`, `${x}ATM-TR-1`, "TR", 300_000, minute + 90);
  return b;
}

/** A merchant paid by 60 customers over 30 days, sweeping its takings daily to its owner's account. */
export function merchantCase(b = ordinaryLife(new ProjectionBuilder())): ProjectionBuilder {
  b.account("merchant", { holderKind: "legal_entity", accountKind: "merchant" });
  for (let day = 0; day < 30; day++) {
    let takings = 0;
    for (let k = 0; k < 6; k++) {
      const c = `customer${(day * 7 + k * 11) % 60}`;
      b.pay("employer", c, 50_000, -60 * 24 * 40 + k);
      const amount = 5_000 + ((day * 13 + k * 29) % 20) * 1_000;
      b.pay(c, "merchant", amount, 60 * 24 * day + 60 * (9 + k));
      takings += amount;
    }
    b.pay("merchant", "merchant-owner", takings, 60 * 24 * day + 60 * 20);
  }
  return b;
}

/** A payroll account funded by its parent company and emptied within an hour into 40 employees' accounts. */
export function payrollCase(b = ordinaryLife(new ProjectionBuilder())): ProjectionBuilder {
  b.account("payroll", { holderKind: "legal_entity", accountKind: "business" });
  for (let month = 0; month < 2; month++) {
    b.pay("parent-company", "payroll", 12_000_000, 60 * 24 * 30 * month);
    for (let e = 0; e < 40; e++) b.pay("payroll", `employee${e}`, 295_000, 60 * 24 * 30 * month + 30 + e);
  }
  return b;
}

/** A person moving each salary at once from one bank to their own account at another bank. */
export function ownMoneyCase(b = ordinaryLife(new ProjectionBuilder())): ProjectionBuilder {
  b.account("own-kaspi", { holderKind: "person", holderId: "900101300123" });
  b.account("own-halyk", { holderKind: "person", holderId: "900101300123" });
  b.share("owner", "900101300123", "own-kaspi", "own-halyk");
  for (let month = 0; month < 3; month++) {
    b.pay("employer", "own-kaspi", 450_000, 60 * 24 * 30 * month);
    b.pay("own-kaspi", "own-halyk", 440_000, 60 * 24 * 30 * month + 12);
  }
  return b;
}

/**
 * What an analyst with only a transfer register has: the same transfers, accounts renamed to non-IBAN keys
 * (`<BIC>:<n>`, the bank kept when known, else CASPKZKA), and no complaints, watch-list, identifiers, holders or
 * opening dates. Returns the renaming too (old key → new key).
 */
export function transfersOnly(p: Projection): { projection: Projection; rename: Map<string, string> } {
  const bankOf = new Map(p.accounts.map((a) => [a.key, a.bank]));
  const rename = new Map<string, string>();
  const banks = new Map<string, string>();
  const key = (k: string) => {
    if (k.startsWith("atm:")) return k;
    let r = rename.get(k);
    if (!r) {
      const bank = bankOf.get(k) ?? "CASPKZKA";
      rename.set(k, (r = `${bank}:${String(rename.size + 1).padStart(8, "0")}`));
      banks.set(r, bank);
    }
    return r;
  };
  const transfers = p.transfers.map((t) => ({ ...t, from: key(t.from), to: key(t.to) }));
  return {
    projection: {
      accounts: [...rename.values()].sort().map((k) => ({ key: k, bank: banks.get(k) })),
      transfers,
      identifiers: [],
      complaints: [],
    },
    rename,
  };
}

/** A person whose salary lands at one bank, is moved at once to their own account at another, and drawn abroad. */
export function touristCase(b = ordinaryLife(new ProjectionBuilder())): ProjectionBuilder {
  b.account("tourist-main", { holderKind: "person", holderId: "850505300111" });
  b.account("tourist-spend", { holderKind: "person", holderId: "850505300111", openedAt: T0 - 20 * DAY });
  b.share("owner", "850505300111", "tourist-main", "tourist-spend");
  b.pay("employer", "tourist-main", 420_000, 0);
  b.pay("tourist-main", "tourist-spend", 410_000, 90);
  for (let k = 0; k < 3; k++) b.withdraw("tourist-spend", "IST20001", "TR", 120_000, 200 + 60 * k);
  return b;
}

/** A person who buys crypto at a watch-listed exchange with most of each salary. */
export function cryptoBuyerCase(b = ordinaryLife(new ProjectionBuilder())): ProjectionBuilder {
  b.account("exchange", { watchlist: "exchange", accountKind: "exchange" });
  b.account("crypto-buyer", { holderKind: "person" });
  for (let month = 0; month < 2; month++) {
    b.pay("employer", "crypto-buyer", 380_000, 60 * 24 * 30 * month);
    b.pay("crypto-buyer", "exchange", 330_000, 60 * 24 * 30 * month + 300);
  }
  return b;
}

/**
 * A remote-access loan: a lender pays a loan into the victim's account and the fraudster, in the victim's app,
 * sends it on within minutes to a drop, which forwards it with other victims' money to an exchange.
 */
export function remoteLoanCase(b = ordinaryLife(new ProjectionBuilder())): ProjectionBuilder {
  b.account("exchange", { watchlist: "exchange", accountKind: "exchange" });
  b.pay("lender", "loan-victim", 500_000, 0, { purpose: "Выдача микрокредита по договору №700123" });
  b.pay("loan-victim", "drop", 500_000, 6);
  b.pay("drop", "exchange", 460_000, 40);
  for (let i = 0; i < 3; i++) {
    b.pay(`victim${i}`, "drop", 150_000, 100 + 10 * i);
    b.complaint(`L${i}`, `victim${i}`, 95 + 10 * i, 150_000);
  }
  b.pay("drop", "exchange", 410_000, 160);
  return b;
}

/** The same data in a unit of money k times smaller: every transfer's and withdrawal's amount and every loss times k. */
export function scaleAmounts(projection: Projection, k: number): Projection {
  return {
    ...projection,
    transfers: projection.transfers.map((t) => ({ ...t, amount: t.amount * k, amountKzt: t.amountKzt * k })),
    complaints: projection.complaints.map((x) => ({ ...x, lossKzt: x.lossKzt * k })),
  };
}
