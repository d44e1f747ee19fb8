/**
 * Emitting the entities a row mentions (accounts, persons, companies, ownership, cards) into the current batch,
 * once per file for each distinct version of an entity: a hub account that appears on 100k rows is written once
 * (with the source line of its first appearance in the file), and again only when a row tells more about it.
 * Stores merge entity records, so repeating one would only cost time.
 */
import { getHeapStatistics } from "node:v8";
import { accountCountry, type ResolvedAccount } from "../model/identifiers.js";
import type { AccountKind, AccountRecord, CanonicalRecord, CompanyKind, Source } from "../model/records.js";

/** The batch being filled; replaced after each onBatch call. */
export class Batch {
  records: CanonicalRecord[] = [];
  push(r: CanonicalRecord): void {
    this.records.push(r);
  }
}

/** A holder as an export names it: IIN (person, maybe a sole proprietor) or BIN (legal entity). */
export interface Party {
  id: string;
  isBin: boolean;
  name?: string;
}

const SOLE_PROPRIETOR =
  /^(ип|и\.п\.|индивидуальный предприниматель|жк|жеке кәсіпкер|ip|individual entrepreneur)(\s|["«“]|$)/i;

/** "ИП Иванов", "ЖК Ахметов", "IP Smith": a sole proprietor's trade name. */
export function isSoleProprietorName(name: string): boolean {
  return SOLE_PROPRIETOR.test(name.trim());
}

/** The person's own name inside a sole proprietor's trade name ("ИП Иванов И.И." → "Иванов И.И."). */
function stripProprietorPrefix(name: string): string {
  return (
    name
      .trim()
      .replace(SOLE_PROPRIETOR, "")
      .replace(/^["«“\s]+|["»”\s]+$/g, "")
      .trim() || name.trim()
  );
}

/** How a party holds an account. */
export interface Holder {
  ownerId: string;
  ownerType: "person" | "company";
  accountKind: "personal" | "business";
}

export interface AccountExtra {
  currency?: string;
  holder?: Holder;
  holderId?: string;
  holderName?: string;
  openedAt?: number;
  watchlist?: AccountRecord["watchlist"];
}

/**
 * Entries remembered per map before it is cleared: bounds memory; a cleared entity is simply written again, which
 * costs the store a random-key upsert and a provenance row per mention. A bank's register in a 10M-transfer case
 * names 0.5–1.3M accounts; remembering 200 000 of them re-emitted the account, holder and ownership of nearly every
 * row (bcc's register: 4.0M such records instead of 1.5M, docs/SCALE.md). 1.3M accounts with their holders take about
 * 0.7 GiB (540 bytes each across the maps; 600 allowed below), so up to a quarter of the heap is given to the memo.
 */
const REMEMBER = Math.max(
  200_000,
  Math.min(4_000_000, Math.floor(getHeapStatistics().heap_size_limit / 4 / 600)),
);

/** Remember `value` under `key`; true when it differs from what was remembered (so the record must be emitted). */
function changed<V>(map: Map<string, V>, key: string, value: V): boolean {
  if (map.get(key) === value) return false;
  if (map.size >= REMEMBER) map.clear();
  map.set(key, value);
  return true;
}

export class EntitySink {
  private readonly accounts = new Map<string, AccountRecord>();
  private readonly persons = new Map<string, string>();
  private readonly companies = new Map<string, string>();
  private readonly controls = new Map<string, boolean>();
  private readonly owners = new Map<string, string>();
  private readonly cards = new Map<string, string>();
  private readonly held = new Map<
    string,
    { partyId?: string; holderName?: string; currency?: string; bank?: string }
  >();

  constructor(private readonly batch: () => Batch) {}

  /** Emit an account record (once per distinct content per file). */
  account(acc: ResolvedAccount, extra: AccountExtra, src: Source): void {
    let kind: AccountKind | undefined;
    if (extra.watchlist) kind = extra.watchlist === "exchange" ? "exchange" : "merchant";
    else {
      const country = accountCountry(acc.iban, acc.bank);
      if (country !== undefined && country !== "KZ") kind = "foreign";
      else if (extra.holder) kind = extra.holder.accountKind;
    }
    const currency = extra.currency || undefined;
    const holderId = extra.holderId || undefined;
    const holderName = extra.holderName || undefined;
    const prev = this.accounts.get(acc.key);
    if (
      prev !== undefined &&
      prev.bank === acc.bank &&
      prev.currency === currency &&
      prev.accountKind === kind &&
      prev.holderId === holderId &&
      prev.holderName === holderName &&
      prev.openedAt === extra.openedAt &&
      prev.watchlist === extra.watchlist
    ) {
      return;
    }
    const r: AccountRecord = { kind: "account", key: acc.key, sources: [src] };
    if (acc.iban) r.iban = acc.iban;
    if (acc.number) r.number = acc.number;
    if (acc.bank) r.bank = acc.bank;
    if (currency) r.currency = currency;
    if (kind) r.accountKind = kind;
    if (holderId) r.holderId = holderId;
    if (holderName) r.holderName = holderName;
    if (extra.openedAt !== undefined) r.openedAt = extra.openedAt;
    if (extra.watchlist) r.watchlist = extra.watchlist;
    if (this.accounts.size >= REMEMBER) this.accounts.clear();
    this.accounts.set(acc.key, r);
    this.batch().push(r);
  }

  person(iin: string, name: string | undefined, src: Source): void {
    if (!changed(this.persons, iin, name ?? "")) return;
    this.batch().push(
      name ? { kind: "person", iin, name, sources: [src] } : { kind: "person", iin, sources: [src] },
    );
  }

  private company(bin: string, name: string | undefined, companyKind: CompanyKind, src: Source): void {
    if (!changed(this.companies, bin, name ?? "")) return;
    this.batch().push({ kind: "company", bin, ...(name ? { name } : {}), companyKind, sources: [src] });
  }

  /**
   * Emit the records a holder implies: a person (IIN); a legal entity (BIN); or for a sole proprietor ("ИП …" with
   * an IIN) the person, the proprietorship as a company with the same 12 digits, and CONTROLS between them.
   */
  party(p: Party, src: Source): Holder {
    if (p.isBin) {
      const soleProp = p.name !== undefined && isSoleProprietorName(p.name);
      this.company(p.id, p.name, soleProp ? "sole_proprietor" : "legal_entity", src);
      return { ownerId: p.id, ownerType: "company", accountKind: "business" };
    }
    if (p.name !== undefined && isSoleProprietorName(p.name)) {
      this.person(p.id, stripProprietorPrefix(p.name), src);
      this.company(p.id, p.name, "sole_proprietor", src);
      if (changed(this.controls, p.id, true))
        this.batch().push({ kind: "control", iin: p.id, bin: p.id, sources: [src] });
      return { ownerId: p.id, ownerType: "company", accountKind: "business" };
    }
    this.person(p.id, p.name, src);
    return { ownerId: p.id, ownerType: "person", accountKind: "personal" };
  }

  ownership(holder: Holder, account: string, src: Source): void {
    if (!changed(this.owners, account, holder.ownerId)) return;
    this.batch().push({
      kind: "ownership",
      ownerId: holder.ownerId,
      ownerType: holder.ownerType,
      account,
      sources: [src],
    });
  }

  card(cardId: string, account: string | undefined, holderIin: string | undefined, src: Source): void {
    if (!changed(this.cards, cardId, `${account ?? ""}|${holderIin ?? ""}`)) return;
    this.batch().push({
      kind: "card",
      cardId,
      ...(account ? { account } : {}),
      ...(holderIin ? { holderIin } : {}),
      sources: [src],
    });
  }

  /** An account with its holder: the account record, the holder's records and OWNS. */
  heldAccount(
    acc: ResolvedAccount,
    party: Party | undefined,
    name: string | undefined,
    currency: string | undefined,
    src: Source,
  ): void {
    // Shortcut for the common case of an account seen before with the same holder: one lookup instead of three.
    const partyId = party?.id;
    const holderName = party ? party.name : name;
    const prev = this.held.get(acc.key);
    if (
      prev !== undefined &&
      prev.partyId === partyId &&
      prev.holderName === holderName &&
      prev.currency === currency &&
      prev.bank === acc.bank
    ) {
      return;
    }
    if (this.held.size >= REMEMBER) this.held.clear();
    this.held.set(acc.key, { partyId, holderName, currency, bank: acc.bank });
    if (!party) {
      this.account(acc, name ? { currency, holderName: name } : { currency }, src);
      return;
    }
    const holder = this.party(party, src);
    this.account(acc, { currency, holder, holderId: party.id, holderName: party.name }, src);
    this.ownership(holder, acc.key, src);
  }
}
