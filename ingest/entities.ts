/**
 * Emitting the entities a row mentions (accounts, persons, companies, ownership, cards) into the current batch,
 * once per file for each distinct version of an entity: a hub account that appears on 100k rows is written once
 * (with the source line of its first appearance in the file), and again only when a row tells more about it.
 * Stores merge entity records, so repeating one would only cost time.
 */
import { accountCountry, type ResolvedAccount } from "../model/identifiers.js";
import type { AccountKind, AccountRecord, CanonicalRecord, Source } from "../model/records.js";

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

export class EntitySink {
  private readonly seen = new Set<string>();

  constructor(private readonly batch: () => Batch) {}

  private once(key: string): boolean {
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }

  /** Emit an account record (once per distinct content per file). */
  account(acc: ResolvedAccount, extra: AccountExtra, src: Source): void {
    let kind: AccountKind | undefined;
    if (extra.watchlist) kind = extra.watchlist === "exchange" ? "exchange" : "merchant";
    else {
      const country = accountCountry(acc.iban, acc.bank);
      if (country !== undefined && country !== "KZ") kind = "foreign";
      else if (extra.holder) kind = extra.holder.accountKind;
    }
    const sig = `a|${acc.key}|${acc.bank ?? ""}|${extra.currency ?? ""}|${kind ?? ""}|${extra.holderId ?? ""}|${extra.holderName ?? ""}|${extra.openedAt ?? ""}|${extra.watchlist ?? ""}`;
    if (!this.once(sig)) return;
    const r: AccountRecord = { kind: "account", key: acc.key, sources: [src] };
    if (acc.iban) r.iban = acc.iban;
    if (acc.number) r.number = acc.number;
    if (acc.bank) r.bank = acc.bank;
    if (extra.currency) r.currency = extra.currency;
    if (kind) r.accountKind = kind;
    if (extra.holderId) r.holderId = extra.holderId;
    if (extra.holderName) r.holderName = extra.holderName;
    if (extra.openedAt !== undefined) r.openedAt = extra.openedAt;
    if (extra.watchlist) r.watchlist = extra.watchlist;
    this.batch().push(r);
  }

  person(iin: string, name: string | undefined, src: Source): void {
    if (!this.once(`p|${iin}|${name ?? ""}`)) return;
    this.batch().push(
      name ? { kind: "person", iin, name, sources: [src] } : { kind: "person", iin, sources: [src] },
    );
  }

  /**
   * Emit the records a holder implies: a person (IIN); a legal entity (BIN); or for a sole proprietor ("ИП …" with
   * an IIN) the person, the proprietorship as a company with the same 12 digits, and CONTROLS between them.
   */
  party(p: Party, src: Source): Holder {
    if (p.isBin) {
      if (this.once(`c|${p.id}|${p.name ?? ""}`)) {
        const soleProp = p.name !== undefined && isSoleProprietorName(p.name);
        this.batch().push({
          kind: "company",
          bin: p.id,
          ...(p.name ? { name: p.name } : {}),
          companyKind: soleProp ? "sole_proprietor" : "legal_entity",
          sources: [src],
        });
      }
      return { ownerId: p.id, ownerType: "company", accountKind: "business" };
    }
    if (p.name !== undefined && isSoleProprietorName(p.name)) {
      this.person(p.id, stripProprietorPrefix(p.name), src);
      if (this.once(`c|${p.id}|${p.name}`)) {
        this.batch().push({
          kind: "company",
          bin: p.id,
          name: p.name,
          companyKind: "sole_proprietor",
          sources: [src],
        });
      }
      if (this.once(`k|${p.id}`))
        this.batch().push({ kind: "control", iin: p.id, bin: p.id, sources: [src] });
      return { ownerId: p.id, ownerType: "company", accountKind: "business" };
    }
    this.person(p.id, p.name, src);
    return { ownerId: p.id, ownerType: "person", accountKind: "personal" };
  }

  ownership(holder: Holder, account: string, src: Source): void {
    if (!this.once(`o|${holder.ownerId}|${account}`)) return;
    this.batch().push({
      kind: "ownership",
      ownerId: holder.ownerId,
      ownerType: holder.ownerType,
      account,
      sources: [src],
    });
  }

  card(cardId: string, account: string | undefined, holderIin: string | undefined, src: Source): void {
    if (!this.once(`d|${cardId}|${account ?? ""}|${holderIin ?? ""}`)) return;
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
    if (!party) {
      this.account(acc, name ? { currency, holderName: name } : { currency }, src);
      return;
    }
    const holder = this.party(party, src);
    this.account(acc, { currency, holder, holderId: party.id, holderName: party.name }, src);
    this.ownership(holder, acc.key, src);
  }
}
