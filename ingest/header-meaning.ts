/**
 * Header recognition by meaning (docs/FORMATS.md, "Recognition by meaning"): every column is scored against every
 * canonical field of a kind, from the role and type its words name (ingest/header-words.ts); the best consistent
 * assignment gives each field at most one column. An exact header from docs/FORMATS.md scores 1.
 *
 * Scores are not probabilities; they order the choices and say how sure the choice is:
 *   1     an exact documented header, or the mapping file's choice;
 *   0.9   the field's type and role in plain words ("Beneficiary IBAN", "ИИК получателя", "orig_acct");
 *   0.75  the role only from the column to the left (IBM AMLworld's `From Bank, Account`);
 *   −0.05 per word of no known meaning, −0.2 for a vague word ("Type", a posting date), −0.2 for the receiving
 *         side's amount or currency in a register that prints both.
 * Below MIN_SCORE a column takes no field. Two columns within AMBIGUITY_MARGIN of each other for the same field are
 * ambiguous: the first is used, the report lists both, and a required field in that state stops detection so that
 * a person decides (`--mapping`), never a silent guess.
 */
import type { ExportKind } from "../model/records.js";
import { analyseHeader, type HeaderWords, type Role, type WordType } from "./header-words.js";
import type { AmbiguousField, ColumnGuess } from "./types.js";

/** A column scoring below this takes no field. */
export const MIN_SCORE = 0.5;
/** Two columns whose scores for one field differ by no more than this compete for it. */
export const AMBIGUITY_MARGIN = 0.05;

interface FieldSpec {
  /** Types that name the field (the column's first type must be one of them). */
  types: readonly WordType[];
  /** The role the column must name; "own" also accepts no role; undefined: no role expected. */
  role?: Role;
  /** A role noun alone ("Sender", "Контрагент") names this field. */
  party?: boolean;
  /** A role with a bare "ID" ("Sender ID") names this field. */
  roleId?: boolean;
}

const S = (types: WordType | readonly WordType[], rest: Omit<FieldSpec, "types"> = {}): FieldSpec => ({
  types: typeof types === "string" ? [types] : types,
  ...rest,
});
const TS = S(["date", "time"]);
const SIDE = (role: Role) => ({
  account: S("account", { role }),
  bank: S("bank", { role }),
  name: S("name", { role, party: true }),
  id: S("taxId", { role, roleId: true }),
});
const FROM = SIDE("from");
const TO = SIDE("to");
const CP = SIDE("cp");
const VICTIM = SIDE("victim");

/** What names each canonical field of each kind, by meaning. */
const SPECS: Readonly<Record<ExportKind, Readonly<Record<string, FieldSpec>>>> = {
  register: {
    txId: S("txId"),
    ts: TS,
    fromAccount: FROM.account,
    fromBank: FROM.bank,
    fromName: FROM.name,
    fromId: FROM.id,
    toAccount: TO.account,
    toBank: TO.bank,
    toName: TO.name,
    toId: TO.id,
    amount: S("amount"),
    currency: S("currency"),
    rate: S("rate"),
    channel: S("channel"),
    purpose: S("purpose"),
    knp: S("knp"),
    atmId: S("atm"),
    country: S("country"),
  },
  statement: {
    account: S("account", { role: "own" }),
    ts: TS,
    txId: S("txId"),
    debit: S("debit"),
    credit: S("credit"),
    amount: S("amount"),
    currency: S("currency"),
    counterpartyName: CP.name,
    counterpartyId: CP.id,
    counterpartyAccount: CP.account,
    counterpartyBank: CP.bank,
    fromAccount: FROM.account,
    fromBank: FROM.bank,
    fromName: FROM.name,
    fromId: FROM.id,
    toAccount: TO.account,
    toBank: TO.bank,
    toName: TO.name,
    toId: TO.id,
    purpose: S("purpose"),
    knp: S("knp"),
    atmId: S("atm"),
    country: S("country"),
  },
  linkage: {
    ts: TS,
    iin: S("taxId"),
    card: S("card"),
    account: S("account"),
    phone: S("phone"),
    deviceId: S("device"),
    ip: S("ip"),
    event: S("event"),
  },
  complaints: {
    caseNo: S("caseNo"),
    registeredAt: S("registered"),
    victimIin: VICTIM.id,
    victimName: VICTIM.name,
    victimAccount: VICTIM.account,
    loss: S("loss"),
    currency: S("currency"),
    scheme: S("scheme"),
    incidentAt: S("incident"),
  },
  watchlist: {
    account: S("account"),
    bank: S("bank"),
    name: S("name"),
    category: S("category"),
  },
};

/** Types that are never a canonical field's: the column is read by nobody. */
const NOT_READ = new Set<WordType>(["rowNo", "fee", "balance", "status"]);

const round = (x: number) => Math.round(Math.max(0, Math.min(1, x)) * 100) / 100;

/**
 * How well a header names one field of a kind, 0..1 (0: not at all). `left` is the header of the column to its
 * left, whose role a bare "Account" inherits.
 */
export function scoreField(spec: FieldSpec, h: HeaderWords, left: HeaderWords | undefined): number {
  const penalty = Math.min(0.25, h.unknown * 0.05) + (h.weak ? 0.2 : 0);
  const primary = h.types[0];
  if (primary === undefined) {
    if (spec.role && h.role === spec.role) {
      if (spec.party && h.roleIsParty) return round(0.85 - penalty);
      if (spec.roleId && h.hasId && h.roleIsParty) return round(0.8 - penalty);
    }
    // A lone "ID" or "№" names the row's reference when nothing better does.
    if (spec.types.includes("txId") && h.hasId && !h.role) return round(0.6 - penalty);
    return 0;
  }
  if (NOT_READ.has(primary) || !spec.types.includes(primary)) return 0;
  let base: number;
  if (spec.role === undefined) {
    if (h.role === undefined || h.role === "own") base = 0.9;
    else if (h.role === "from") base = 0.8;
    else base = 0.6;
  } else if (spec.role === "own") {
    base = h.role === undefined || h.role === "own" ? 0.85 : 0;
  } else if (h.role === spec.role) base = 0.9;
  else if (h.role === undefined && left?.role === spec.role && !left.roleIsParty) base = 0.75;
  else if (h.role === undefined && left?.role === spec.role) base = 0.7;
  else base = 0;
  if (base === 0) return 0;
  // A register printing both sides' amounts: the canonical amount is what the payer paid.
  if (h.direction === "in" && (primary === "amount" || primary === "currency")) base -= 0.2;
  return round(base - penalty);
}

export interface Recognition {
  /** Column index → field (undefined: not read). */
  fields: (string | undefined)[];
  columns: ColumnGuess[];
  ambiguous: AmbiguousField[];
  /** A time column whose value is appended to the `ts` column's date (split date and time columns). */
  tsTime?: number;
}

/** The fields of a kind that recognition knows (same as the synonym tables'). */
export function specFields(kind: ExportKind): string[] {
  return Object.keys(SPECS[kind]);
}

/**
 * Recognise a header row as a kind: `exact(i)` is the field an exact documented header names (score 1);
 * `fixed` maps column indexes to a mapping file's choice (a field, or null to ignore the column).
 */
export function recognise(
  kind: ExportKind,
  headers: readonly string[],
  exact: (i: number) => string | undefined,
  fixed: ReadonlyMap<number, string | null>,
): Recognition {
  const specs = SPECS[kind];
  const names = Object.keys(specs);
  const words = headers.map((h) => analyseHeader(h));
  // scores[i][field]
  const scores: Map<string, number>[] = headers.map((h, i) => {
    const m = new Map<string, number>();
    if (h.trim() === "") return m;
    const ex = exact(i);
    for (const f of names) {
      const s = f === ex ? 1 : scoreField(specs[f]!, words[i]!, i > 0 ? words[i - 1] : undefined);
      if (s > 0) m.set(f, s);
    }
    return m;
  });

  const fields: (string | undefined)[] = headers.map(() => undefined);
  const conf: number[] = headers.map(() => 0);
  const taken = new Map<string, number>();
  let tsTime: number | undefined;
  for (const [i, f] of fixed) {
    if (f === null) continue;
    if (taken.has(f)) {
      // Two columns mapped to the timestamp: a date column and a time column.
      if (f === "ts" && tsTime === undefined) tsTime = i;
      continue;
    }
    fields[i] = f;
    conf[i] = 1;
    taken.set(f, i);
  }
  const pairs: { i: number; f: string; s: number; order: number }[] = [];
  scores.forEach((m, i) => {
    if (fixed.has(i)) return;
    for (const [f, s] of m) if (s >= MIN_SCORE) pairs.push({ i, f, s, order: names.indexOf(f) });
  });
  pairs.sort((a, b) => b.s - a.s || a.i - b.i || a.order - b.order);
  for (const p of pairs) {
    if (fields[p.i] !== undefined || taken.has(p.f) || p.i === tsTime) continue;
    fields[p.i] = p.f;
    conf[p.i] = p.s;
    taken.set(p.f, p.i);
  }

  // Split date and time columns ("Дата", "Время"): the time is appended to the date.
  const tsCol = taken.get("ts");
  if (tsCol !== undefined && tsTime === undefined && !fixed.has(tsCol)) {
    const isDateOnly = (i: number) => words[i]!.types[0] === "date" && !words[i]!.types.includes("time");
    const isTimeOnly = (i: number) => words[i]!.types[0] === "time" && !words[i]!.types.includes("date");
    const free = (i: number) => fields[i] === undefined && !fixed.has(i) && (scores[i]!.get("ts") ?? 0) > 0;
    const other = headers.findIndex((_, i) =>
      i === tsCol
        ? false
        : free(i) && (isDateOnly(tsCol) ? isTimeOnly(i) : isTimeOnly(tsCol) && isDateOnly(i)),
    );
    if (other >= 0 && !/timestamp|datetime/.test(words[other]!.words.join(" "))) {
      if (isDateOnly(tsCol)) tsTime = other;
      else {
        // The date column leads: it becomes `ts`, the time column is appended.
        fields[other] = "ts";
        conf[other] = Math.min(conf[tsCol]!, scores[other]!.get("ts")!);
        fields[tsCol] = undefined;
        conf[tsCol] = 0;
        taken.set("ts", other);
        tsTime = tsCol;
      }
    }
  }

  const ambiguous: AmbiguousField[] = [];
  for (const [f, i] of taken) {
    const s = conf[i]!;
    if (s >= 1) continue;
    const rivals = headers
      .map((_, j) => j)
      .filter(
        (j) =>
          j !== i &&
          j !== tsTime &&
          fields[j] === undefined &&
          !fixed.has(j) &&
          (scores[j]!.get(f) ?? 0) >= s - AMBIGUITY_MARGIN,
      );
    if (rivals.length > 0) ambiguous.push({ field: f, columns: [i, ...rivals].map((j) => headers[j]!) });
  }

  const columns: ColumnGuess[] = headers.map((header, i) => {
    const candidates = [...scores[i]!.entries()]
      .sort((a, b) => b[1] - a[1] || names.indexOf(a[0]) - names.indexOf(b[0]))
      .slice(0, 3)
      .map(([field, confidence]) => ({ field, confidence }));
    if (i === tsTime)
      return { index: i, header, field: "ts", confidence: conf[taken.get("ts")!]!, candidates };
    const f = fields[i];
    if (fixed.has(i)) {
      const c = f === undefined ? [] : [{ field: f, confidence: 1 }];
      return { index: i, header, field: f ?? null, confidence: f === undefined ? 0 : 1, candidates: c };
    }
    return { index: i, header, field: f ?? null, confidence: f === undefined ? 0 : conf[i]!, candidates };
  });
  const out: Recognition = { fields, columns, ambiguous };
  if (tsTime !== undefined) out.tsTime = tsTime;
  return out;
}
