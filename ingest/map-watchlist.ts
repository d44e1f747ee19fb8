/**
 * Watch-list rows (exchanges, P2P merchants, card-to-crypto services the analyst flags) → accounts carrying their
 * watch-list category. Categories accept the English names of docs/FORMATS.md and common Russian ones.
 */
import { InvalidValueError, quoteValue } from "../model/invalid-value.js";
import type { AccountRecord, Source } from "../model/records.js";
import { FieldReader } from "./fields.js";
import { AccountResolver, claimOther, readAccount, type MapContext, type RowMapper } from "./map-common.js";

type Category = NonNullable<AccountRecord["watchlist"]>;

const CATEGORIES: Readonly<Record<string, Category>> = {
  exchange: "exchange",
  биржа: "exchange",
  криптобиржа: "exchange",
  обменник: "exchange",
  p2p: "p2p",
  "p2p-мерчант": "p2p",
  "p2p merchant": "p2p",
  card2crypto: "card2crypto",
  "card-to-crypto": "card2crypto",
  "карта-крипто": "card2crypto",
};

/** Watch-list category from its printed name; throws InvalidValueError for an unknown one. */
export function parseCategory(raw: string): Category {
  const c = CATEGORIES[raw.trim().toLowerCase()];
  if (!c) throw new InvalidValueError(`category ${quoteValue(raw)} is not exchange, p2p or card2crypto`, raw);
  return c;
}

export function watchlistMapper(ctx: MapContext): RowMapper {
  const r = ctx.reader;
  const c = {
    account: r.col("account"),
    bank: r.col("bank"),
    name: r.col("name"),
    category: r.col("category"),
  };
  const resolver = new AccountResolver();

  return (row: string[], src: Source) => {
    const account = readAccount(ctx, resolver, row, c.account, c.bank, "account");
    const category = r.parse(r.required(row, c.category, "category"), "category", parseCategory);
    const name = FieldReader.cell(row, c.name) || undefined;
    const claim = claimOther(ctx, `w|${account.key}`, category);
    if (claim === "conflict")
      throw r.reject("category", `account ${account.key} is already listed with another category`);
    if (claim === "duplicate") return "duplicate";
    ctx.entities.account(account, { watchlist: category, ...(name ? { holderName: name } : {}) }, src);
    return "accepted";
  };
}
