/**
 * Amounts, currencies and conversion to KZT.
 *
 * Amounts come as `150 000,00` (space, no-break or thin space as thousands separators, decimal comma),
 * `150000.00`, `1,234.56`, `1.234,56`, `-150,00`. A lone separator followed by exactly three digits (`1,234`) could
 * be a thousands separator or a decimal one; for money that ambiguity is an error rather than a guess that can be
 * wrong by a factor of 1000.
 */
import { InvalidValueError, quoteValue } from "./invalid-value.js";

/** Round to 2 decimals (the minor unit of every currency we see), half away from zero. */
export function round2(x: number): number {
  return (Math.sign(x) * Math.round(Math.abs(x) * 100 + 1e-7)) / 100;
}

function isSpace(c: number): boolean {
  // space, no-break space, thin space, narrow no-break space, figure space, apostrophe (Swiss style)
  return c === 32 || c === 0xa0 || c === 0x2009 || c === 0x202f || c === 0x2007 || c === 39;
}

function notANumber(raw: string, what: string): InvalidValueError {
  return new InvalidValueError(`${what} ${quoteValue(raw)} is not a number`, raw);
}

/**
 * Parse a decimal number as printed in an export. With `amountRules`, a lone separator followed by exactly three
 * digits is ambiguous (an error); for rates a lone separator is always the decimal one.
 */
function parseDecimal(raw: string, what: string, amountRules: boolean): number {
  let body = "";
  let neg = false;
  let commas = 0;
  let dots = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 48 && c <= 57) body += raw[i];
    else if (c === 44) {
      commas++;
      body += ",";
    } else if (c === 46) {
      dots++;
      body += ".";
    } else if (isSpace(c)) continue;
    else if ((c === 45 || c === 0x2212) && body === "" && !neg) neg = true;
    else if (c === 43 && body === "" && !neg) continue;
    else throw notANumber(raw, what);
  }
  if (!/[0-9]/.test(body)) throw notANumber(raw, what);
  let intPart = body;
  let fracPart = "";
  if (commas + dots > 0) {
    const lastChar = body[Math.max(body.lastIndexOf(","), body.lastIndexOf("."))]!;
    // The decimal separator: the last one when both kinds appear, or a separator that appears exactly once.
    const decimal = commas > 0 && dots > 0 ? lastChar : commas + dots === 1 ? lastChar : "";
    if (decimal !== "") {
      const at = body.lastIndexOf(decimal);
      if (body.indexOf(decimal) !== at) throw notANumber(raw, what);
      intPart = body.slice(0, at);
      fracPart = body.slice(at + 1);
      if (!/^[0-9]+$/.test(fracPart)) throw notANumber(raw, what);
      if (amountRules && commas + dots === 1 && fracPart.length === 3 && /^[1-9][0-9]{0,2}$/.test(intPart)) {
        throw new InvalidValueError(
          `${what} ${quoteValue(raw)} is ambiguous: "${decimal}" could separate thousands or decimals`,
          raw,
        );
      }
    }
    if (intPart.includes(",") || intPart.includes(".")) {
      // Thousands groups: 1 to 3 digits, then groups of exactly three.
      if (!/^[0-9]{1,3}([,.][0-9]{3})+$/.test(intPart)) throw notANumber(raw, what);
      intPart = intPart.replace(/[,.]/g, "");
    }
    if (intPart === "" && fracPart === "") throw notANumber(raw, what);
  }
  const v = Number(fracPart ? `${intPart || "0"}.${fracPart}` : intPart);
  if (!Number.isFinite(v)) throw notANumber(raw, what);
  return neg ? -v : v;
}

/**
 * Fast path for the common shapes (`150000`, `150 000,00`, `150000.00`, no-break or thin spaces between digit
 * groups): whole units as digits and spaces, then optionally a separator and exactly two digits. Returns NaN when the
 * value has any other shape, leaving it to the full parser.
 */
function parseSimpleAmount(raw: string): number {
  const n = raw.length;
  if (n === 0 || n > 20) return NaN;
  let units = 0;
  let digits = 0;
  let i = 0;
  for (; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      units = units * 10 + (c - 48);
      digits++;
    } else if (c === 32 || c === 0xa0 || c === 0x202f || c === 0x2009) {
      if (digits === 0) return NaN;
    } else break;
  }
  if (digits === 0 || digits > 15) return NaN;
  if (i === n) return raw.charCodeAt(n - 1) >= 48 ? units : NaN;
  const sep = raw.charCodeAt(i);
  if ((sep !== 44 && sep !== 46) || i !== n - 3) return NaN;
  const a = raw.charCodeAt(n - 2) - 48;
  const b = raw.charCodeAt(n - 1) - 48;
  if (a < 0 || a > 9 || b < 0 || b > 9) return NaN;
  return (units * 100 + a * 10 + b) / 100;
}

/** Parse an amount (see module header); rounded to 2 decimals. Throws InvalidValueError. */
export function parseAmount(raw: string): number {
  const v = parseSimpleAmount(raw);
  if (v === v) return v; // not NaN
  return round2(parseDecimal(raw, "amount", true));
}

/** Parse an exchange rate (KZT per unit); any number of decimals. Throws InvalidValueError unless > 0. */
export function parseRate(raw: string): number {
  const v = parseDecimal(raw, "rate", false);
  if (!(v > 0)) throw new InvalidValueError(`rate ${quoteValue(raw)} must be above zero`, raw);
  return v;
}

// ---------------------------------------------------------------------------------------------------------------
// Currencies

let isoCodes: Set<string> | null = null;
function iso4217(): Set<string> {
  isoCodes ??= new Set(Intl.supportedValuesOf("currency"));
  return isoCodes;
}

/** Printed forms banks use instead of the ISO code. */
const CURRENCY_ALIASES: Readonly<Record<string, string>> = {
  "₸": "KZT",
  ТЕНГЕ: "KZT",
  ТГ: "KZT",
  "ТГ.": "KZT",
  ТҢГ: "KZT",
  "398": "KZT",
  $: "USD",
  "840": "USD",
  "€": "EUR",
  "978": "EUR",
  "₽": "RUB",
  // English names as some registers print them (IBM AMLworld, SAML-D).
  "US DOLLAR": "USD",
  "US DOLLARS": "USD",
  EURO: "EUR",
  EUROS: "EUR",
  "UK POUND": "GBP",
  "UK POUNDS": "GBP",
  "POUND STERLING": "GBP",
  RUBLE: "RUB",
  ROUBLE: "RUB",
  YUAN: "CNY",
  YEN: "JPY",
  "SWISS FRANC": "CHF",
  РУБ: "RUB",
  "РУБ.": "RUB",
  RUR: "RUB",
  "643": "RUB",
  "810": "RUB",
};

/** Normalise a currency to its ISO 4217 code. Throws InvalidValueError for anything that is not one. */
export function normaliseCurrency(raw: string): string {
  const up = raw.trim().toUpperCase();
  if (up.length === 3 && up >= "AAA" && up <= "ZZZ" && iso4217().has(up)) return up;
  const alias = CURRENCY_ALIASES[up];
  if (alias) return alias;
  throw new InvalidValueError(`currency ${quoteValue(raw)} is not an ISO 4217 code`, raw);
}

/**
 * KZT per unit used when an export has no rate column. Rough 2024 averages of the National Bank of Kazakhstan's
 * official rates; override them per run with the `fxTable` ingest option.
 */
export const DEFAULT_FX_TABLE: Readonly<Record<string, number>> = { USD: 470, EUR: 508, RUB: 5.1 };

/** Amount in KZT and where the rate came from. */
export interface KztAmount {
  amountKzt: number;
  rateSource: "kzt" | "data" | "table";
}

/**
 * Convert to KZT: KZT as is; else the row's own rate ("data") when given; else the configured table ("table").
 * Throws InvalidValueError when neither knows the currency.
 */
export function toKzt(
  amount: number,
  currency: string,
  rate: number | undefined,
  table: Readonly<Record<string, number>> = DEFAULT_FX_TABLE,
): KztAmount {
  if (currency === "KZT") return { amountKzt: amount, rateSource: "kzt" };
  if (rate !== undefined) return { amountKzt: round2(amount * rate), rateSource: "data" };
  const r = table[currency];
  if (r === undefined) {
    throw new InvalidValueError(
      `no KZT rate for ${currency}: add a rate column or an fxTable entry`,
      currency,
    );
  }
  return { amountKzt: round2(amount * r), rateSource: "table" };
}
