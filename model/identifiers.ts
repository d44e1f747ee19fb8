/**
 * Identifier validators and normalisers: IBAN (ISO 13616 mod-97), account keys, IIN/BIN (Kazakh 12-digit numbers
 * with the mod-11 check digit), BIC, E.164 phones and masked card numbers. Pure functions, cheap enough for the
 * ingest hot path. Also makers of valid sample identifiers for the generator and tests.
 *
 * Invalid values throw InvalidValueError (model/invalid-value.ts); `is…` predicates never throw.
 */
import { InvalidValueError, quoteValue } from "./invalid-value.js";

// ---------------------------------------------------------------------------------------------------------------
// IBAN

/**
 * IBAN lengths per country from the SWIFT IBAN registry. A country missing here is still accepted when its check
 * digits pass and its length is within ISO 13616's 15..34.
 */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28, CH: 21, CR: 22, CY: 28,
  CZ: 24, DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18,
  GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32,
  LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24,
  PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31, SE: 24, SI: 19, SK: 24, SM: 27, ST: 25,
  SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
}; // prettier-ignore

/** Two letters, two digits, 11..30 alphanumerics (FORMATS.md "Identifiers"). */
const IBAN_SHAPE = /^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/;

/** Uppercase and drop spaces / hyphens, the way IBANs are printed in groups of four. */
export function compactIdentifier(raw: string): string {
  let s = raw.trim();
  if (s.indexOf(" ") >= 0 || s.indexOf("-") >= 0 || s.indexOf("\u00a0") >= 0)
    s = s.replace(/[\s\u00a0-]+/g, "");
  return s.toUpperCase();
}

/** Does the (compacted) value claim to be an IBAN? Such a value must then pass its check digits. */
export function looksLikeIban(compact: string): boolean {
  return IBAN_SHAPE.test(compact);
}

/** ISO 7064 mod 97-10 over the rearranged IBAN (country + check digits moved to the end, letters as 10..35). */
function ibanRemainder(compact: string): number {
  let rem = 0;
  const n = compact.length;
  for (let k = 0; k < n; k++) {
    const c = compact.charCodeAt((k + 4) % n);
    if (c >= 48 && c <= 57) rem = (rem * 10 + (c - 48)) % 97;
    else if (c >= 65 && c <= 90) rem = (rem * 100 + (c - 55)) % 97;
    else return -1;
  }
  return rem;
}

/** Is this (compacted, uppercase) string a valid IBAN: shape, country length, mod-97 check digits? */
export function isValidIban(compact: string): boolean {
  if (!IBAN_SHAPE.test(compact)) return false;
  const len = IBAN_LENGTHS[compact.slice(0, 2)];
  if (len !== undefined && compact.length !== len) return false;
  return ibanRemainder(compact) === 1;
}

/**
 * Normalise and validate an IBAN; throws InvalidValueError naming what is wrong (shape, length for the country, or
 * check digits).
 */
export function parseIban(raw: string): string {
  const compact = compactIdentifier(raw);
  if (!IBAN_SHAPE.test(compact)) throw new InvalidValueError(`${quoteValue(raw)} is not an IBAN`, raw);
  const country = compact.slice(0, 2);
  const len = IBAN_LENGTHS[country];
  if (len !== undefined && compact.length !== len) {
    throw new InvalidValueError(
      `IBAN ${quoteValue(raw)} has ${compact.length} characters; ${country} IBANs have ${len}`,
      raw,
    );
  }
  if (ibanRemainder(compact) !== 1) {
    throw new InvalidValueError(`IBAN ${quoteValue(raw)} fails its check digits (mod-97)`, raw);
  }
  return compact;
}

/** The two check digits that make `country + cd + bban` a valid IBAN. */
export function ibanCheckDigits(country: string, bban: string): string {
  const probe = `${country.toUpperCase()}00${bban.toUpperCase()}`;
  const rem = ibanRemainder(probe);
  if (rem < 0)
    throw new InvalidValueError(`BBAN ${quoteValue(bban)} has characters other than A-Z and 0-9`, bban);
  return String(98 - rem).padStart(2, "0");
}

/** Build a valid IBAN from a country code and a BBAN. */
export function makeIban(country: string, bban: string): string {
  const c = country.toUpperCase();
  const b = bban.toUpperCase();
  const iban = `${c}${ibanCheckDigits(c, b)}${b}`;
  const len = IBAN_LENGTHS[c];
  if (len !== undefined && iban.length !== len) {
    throw new InvalidValueError(`makeIban: ${c} IBANs have ${len} characters, got ${iban.length}`, bban);
  }
  return iban;
}

/**
 * A valid Kazakh IBAN: `KZ` + check digits + 3-digit bank code + 13-character account number
 * (e.g. makeKzIban("125", "KZT5004100100") → "KZ86125KZT5004100100").
 */
export function makeKzIban(bankCode: string, accountNumber: string): string {
  if (!/^[0-9]{3}$/.test(bankCode))
    throw new InvalidValueError(`makeKzIban: bank code must be 3 digits`, bankCode);
  if (!/^[A-Za-z0-9]{13}$/.test(accountNumber)) {
    throw new InvalidValueError(`makeKzIban: account number must be 13 letters/digits`, accountNumber);
  }
  return makeIban("KZ", bankCode + accountNumber);
}

// ---------------------------------------------------------------------------------------------------------------
// BIC and account keys

const BIC_SHAPE = /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/;

/** SWIFT BIC: 4-letter institution, 2-letter country, 2 location characters, optional 3-character branch. */
export function isBic(compact: string): boolean {
  return BIC_SHAPE.test(compact);
}

/** Country of an account: the IBAN's first two letters, else a BIC's country letters, else undefined. */
export function accountCountry(iban: string | undefined, bank: string | undefined): string | undefined {
  if (iban) return iban.slice(0, 2);
  if (bank && BIC_SHAPE.test(bank)) return bank.slice(4, 6);
  return undefined;
}

/** A bank as printed: BICs uppercased, names trimmed with inner whitespace collapsed. */
export function normaliseBank(raw: string): string {
  const t = raw.trim();
  if (t === "") return "";
  const up = t.toUpperCase();
  if (BIC_SHAPE.test(up)) return up;
  return t.replace(/\s+/g, " ");
}

/** What an account value resolves to: the key and, when it is one, the IBAN; otherwise the printed number. */
export interface ResolvedAccount {
  key: string;
  iban?: string;
  number?: string;
  bank?: string;
}

/**
 * Resolve an account as printed in an export. An IBAN-shaped value must pass its check digits and becomes the key;
 * any other number is keyed `${bank}:${number}` and needs the bank.
 */
export function resolveAccount(rawNumber: string, rawBank?: string): ResolvedAccount {
  // Fast path: an IBAN printed compact and uppercase, the usual case in exports.
  if (IBAN_SHAPE.test(rawNumber)) {
    const len = IBAN_LENGTHS[rawNumber.slice(0, 2)];
    if ((len === undefined || rawNumber.length === len) && ibanRemainder(rawNumber) === 1) {
      const bank = rawBank ? normaliseBank(rawBank) : "";
      return bank ? { key: rawNumber, iban: rawNumber, bank } : { key: rawNumber, iban: rawNumber };
    }
  }
  const compact = compactIdentifier(rawNumber);
  if (compact === "") throw new InvalidValueError("account is empty", rawNumber);
  const bank = rawBank ? normaliseBank(rawBank) : "";
  if (IBAN_SHAPE.test(compact)) {
    const iban = parseIban(compact);
    return bank ? { key: iban, iban, bank } : { key: iban, iban };
  }
  if (!/^[A-Z0-9./]+$/.test(compact)) {
    throw new InvalidValueError(
      `account ${quoteValue(rawNumber)} has characters an account number cannot have`,
      rawNumber,
    );
  }
  if (!bank) {
    throw new InvalidValueError(
      `account ${quoteValue(rawNumber)} is not an IBAN and no bank is given, so it cannot be keyed`,
      rawNumber,
    );
  }
  return { key: `${bank}:${compact}`, number: compact, bank };
}

/**
 * The key of an account: its IBAN when valid, else `${bank}:${number}`. A value that looks like an IBAN but fails
 * its check digits is an error, as is a non-IBAN number without a bank.
 */
export function accountKey(parts: { iban?: string; bank?: string; number?: string }): string {
  if (parts.iban && parts.iban.trim() !== "") return parseIban(parts.iban);
  if (parts.number === undefined) throw new InvalidValueError("account has neither IBAN nor number", "");
  return resolveAccount(parts.number, parts.bank).key;
}

// ---------------------------------------------------------------------------------------------------------------
// IIN / BIN

const W1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const W2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/**
 * The mod-11 check digit of the first 11 digits of an IIN/BIN: weights 1..11; when that gives 10, weights
 * 3..11,1,2; when that gives 10 again the number is never issued (null).
 */
export function iinCheckDigit(first11: string): number | null {
  if (first11.length !== 11) return null;
  return checkDigitOf(first11);
}

/** Check digit over the first 11 characters of `s` (which must be digits), or null. */
function checkDigitOf(s: string): number | null {
  let sum = 0;
  for (let i = 0; i < 11; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return null;
    sum += d * W1[i]!;
  }
  let c = sum % 11;
  if (c === 10) {
    sum = 0;
    for (let i = 0; i < 11; i++) sum += (s.charCodeAt(i) - 48) * W2[i]!;
    c = sum % 11;
    if (c === 10) return null;
  }
  return c;
}

/** 12 digits with a correct check digit (IIN of a person or BIN of a legal entity). */
export function isValidIinBin(value: string): boolean {
  if (value.length !== 12) return false;
  const last = value.charCodeAt(11) - 48;
  if (last < 0 || last > 9) return false;
  return checkDigitOf(value) === last;
}

/**
 * A BIN (legal entity) has 4, 5 or 6 as its 5th digit (the entity type); an IIN has the first digit of the day of
 * birth (0..3) there. Only meaningful for values that pass isValidIinBin.
 */
export function isBin(value: string): boolean {
  const d = value.charCodeAt(4) - 48;
  return d >= 4 && d <= 6;
}

/** Normalise and validate an IIN/BIN; returns the 12 digits and whether it is a BIN. */
export function parseIinBin(raw: string): { id: string; isBin: boolean } {
  if (raw.length === 12 && isValidIinBin(raw)) {
    const d5 = raw.charCodeAt(4) - 48;
    if (d5 <= 6) return { id: raw, isBin: d5 >= 4 };
  }
  const id = raw.trim().replace(/[\s\u00a0]+/g, "");
  if (!/^[0-9]{12}$/.test(id))
    throw new InvalidValueError(`IIN/BIN ${quoteValue(raw)} is not 12 digits`, raw);
  if (!isValidIinBin(id))
    throw new InvalidValueError(`IIN/BIN ${quoteValue(raw)} fails its check digit (mod-11)`, raw);
  const d5 = id.charCodeAt(4) - 48;
  if (d5 > 6)
    throw new InvalidValueError(
      `IIN/BIN ${quoteValue(raw)}: 5th digit ${d5} is neither a day nor an entity type`,
      raw,
    );
  return { id, isBin: d5 >= 4 };
}

/** Append the check digit to 11 digits; throws when those 11 digits have none (about 1 in 120 serials). */
function withCheckDigit(first11: string, what: string): string {
  const c = iinCheckDigit(first11);
  if (c === null)
    throw new InvalidValueError(`${what}: ${first11} has no valid check digit; use another serial`, first11);
  return first11 + String(c);
}

/**
 * A valid IIN: YYMMDD, the century/sex digit (1/2 born 1800s, 3/4 1900s, 5/6 2000s; odd = male), a 4-digit serial
 * and the check digit. Throws when that serial has no valid check digit (about 1 in 120): pick another serial.
 */
export function makeIin(
  birth: { year: number; month: number; day: number },
  serial: number,
  male = true,
): string {
  const { year, month, day } = birth;
  if (year < 1800 || year > 2099)
    throw new InvalidValueError(`makeIin: year ${year} out of range`, String(year));
  if (!Number.isInteger(serial) || serial < 0 || serial > 9999) {
    throw new InvalidValueError(`makeIin: serial must be 0..9999`, String(serial));
  }
  const century = Math.floor(year / 100) - 18; // 0, 1, 2
  const cs = century * 2 + (male ? 1 : 2);
  const p2 = (n: number) => String(n).padStart(2, "0");
  const first11 = `${p2(year % 100)}${p2(month)}${p2(day)}${cs}${String(serial).padStart(4, "0")}`;
  return withCheckDigit(first11, "makeIin");
}

/**
 * A valid BIN: YYMM of registration, the entity type (4 resident legal entity, 5 non-resident, 6 sole
 * proprietorship with a joint venture), an attribute digit (0 head office, 1 branch, 2 representative office…),
 * a 5-digit serial and the check digit. Throws when the serial has no valid check digit.
 */
export function makeBin(
  registered: { year: number; month: number },
  serial: number,
  type: 4 | 5 | 6 = 4,
  attribute = 0,
): string {
  if (!Number.isInteger(serial) || serial < 0 || serial > 99999) {
    throw new InvalidValueError(`makeBin: serial must be 0..99999`, String(serial));
  }
  const p2 = (n: number) => String(n).padStart(2, "0");
  const first11 = `${p2(registered.year % 100)}${p2(registered.month)}${type}${attribute % 10}${String(serial).padStart(5, "0")}`;
  return withCheckDigit(first11, "makeBin");
}

// ---------------------------------------------------------------------------------------------------------------
// Phones

/**
 * Normalise a phone number to E.164. Kazakh/Russian forms: `8 701 123 45 67`, `+7 (701) 123-45-67`,
 * `87011234567`, `77011234567`, `7011234567` → `+77011234567`. Other countries need a `+` or `00` prefix.
 */
export function normalisePhone(raw: string): string {
  let digits = "";
  let plus = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 48 && c <= 57) digits += raw[i];
    else if (c === 43 /* + */ && digits === "" && !plus) plus = true;
    else if (c === 32 || c === 40 || c === 41 || c === 45 || c === 46 || c === 0xa0 || c === 9) continue;
    else
      throw new InvalidValueError(`phone ${quoteValue(raw)} has characters a phone number cannot have`, raw);
  }
  if (!plus && digits.startsWith("00")) {
    plus = true;
    digits = digits.slice(2);
  }
  if (plus) {
    if (digits.startsWith("7") && digits.length !== 11) {
      throw new InvalidValueError(
        `phone ${quoteValue(raw)}: +7 numbers have 10 digits after the country code`,
        raw,
      );
    }
    if (digits.length < 8 || digits.length > 15 || digits.startsWith("0")) {
      throw new InvalidValueError(
        `phone ${quoteValue(raw)} is not an international number (8..15 digits)`,
        raw,
      );
    }
    return `+${digits}`;
  }
  if (digits.length === 11 && (digits.startsWith("8") || digits.startsWith("7")))
    return `+7${digits.slice(1)}`;
  if (digits.length === 10 && (digits.startsWith("7") || digits.startsWith("9"))) return `+7${digits}`;
  throw new InvalidValueError(
    `phone ${quoteValue(raw)} is neither a Kazakh number nor in +country format`,
    raw,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Cards

/**
 * Card id from a masked PAN: `4400 43** **** 1234` → `440043******1234`. Mask characters `*`, `X`, `x`, `•`, `#`
 * become `*`. A full (unmasked) PAN is masked to its first 6 and last 4 digits so no full card number is stored.
 */
export function cardIdFromPan(raw: string): string {
  let out = "";
  let masked = 0;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch >= "0" && ch <= "9") out += ch;
    else if (ch === "*" || ch === "X" || ch === "x" || ch === "•" || ch === "#" || ch === "Х" || ch === "х") {
      out += "*";
      masked++;
    } else if (ch === " " || ch === "-" || ch === "\u00a0") continue;
    else throw new InvalidValueError(`card ${quoteValue(raw)} has characters a card number cannot have`, raw);
  }
  if (out.length < 13 || out.length > 19) {
    throw new InvalidValueError(
      `card ${quoteValue(raw)} has ${out.length} digits; card numbers have 13..19`,
      raw,
    );
  }
  if (!/^[0-9]{4,}/.test(out) || !/[0-9]{4}$/.test(out)) {
    throw new InvalidValueError(
      `card ${quoteValue(raw)} must show at least its first 4 and last 4 digits`,
      raw,
    );
  }
  if (masked === 0) return out.slice(0, 6) + "*".repeat(out.length - 10) + out.slice(-4);
  return out;
}
