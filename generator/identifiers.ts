/**
 * Makers for the identifiers the generator prints: IBANs (ISO 13616 mod-97), IIN/BIN (Kazakh mod-11 check digit),
 * phones, masked card numbers, device ids, IP addresses and crypto wallet addresses.
 *
 * Private to generator/: the ingest side validates with its own code (model/identifiers.ts), so a bug here shows up
 * as a rejected row instead of being shared by both sides.
 */
import { createHash } from "node:crypto";
import type { Rng } from "./prng.js";

/** ISO 13616 check digits for `country` + `bban`. */
export function ibanCheckDigits(country: string, bban: string): string {
  const rearranged = bban + country + "00";
  let rem = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    // Letters count as two digits (A=10 … Z=35), digits as one.
    const value = code >= 65 && code <= 90 ? String(code - 55) : ch;
    for (const d of value) rem = (rem * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return String(98 - rem).padStart(2, "0");
}

/** A full IBAN from country and BBAN. */
export function makeIban(country: string, bban: string): string {
  return country + ibanCheckDigits(country, bban) + bban;
}

/** True when the IBAN's check digits are right (used by the generator's own self-checks and tests). */
export function ibanIsValid(iban: string): boolean {
  return ibanCheckDigits(iban.slice(0, 2), iban.slice(4)) === iban.slice(2, 4);
}

/** The Kazakh IIN/BIN check digit of the first 11 digits, or -1 when no valid digit exists. */
export function kzCheckDigit(first11: string): number {
  const digits = Array.from(first11, (c) => c.charCodeAt(0) - 48);
  let sum = 0;
  for (let i = 0; i < 11; i++) sum += digits[i]! * (i + 1);
  let check = sum % 11;
  if (check !== 10) return check;
  sum = 0;
  for (let i = 0; i < 11; i++) sum += digits[i]! * (((i + 2) % 11) + 1);
  check = sum % 11;
  return check === 10 ? -1 : check;
}

/**
 * An IIN: YYMMDD, century/sex digit (3/4 for 1900s, 5/6 for 2000s), a 4-digit serial, check digit.
 * `serial` makes it unique; serials that give no valid check digit are skipped by the caller's retry.
 */
export function makeIin(
  birth: { y: number; m: number; d: number },
  male: boolean,
  serial: number,
): string | null {
  const centuryDigit = (birth.y >= 2000 ? 5 : 3) + (male ? 0 : 1);
  const body =
    String(birth.y % 100).padStart(2, "0") +
    String(birth.m).padStart(2, "0") +
    String(birth.d).padStart(2, "0") +
    String(centuryDigit) +
    String(serial % 10000).padStart(4, "0");
  const c = kzCheckDigit(body);
  return c < 0 ? null : body + String(c);
}

/** A BIN: YYMM of registration, 4 (resident legal entity), 0 (head office), a 5-digit serial, check digit. */
export function makeBin(reg: { y: number; m: number }, serial: number): string | null {
  const body =
    String(reg.y % 100).padStart(2, "0") +
    String(reg.m).padStart(2, "0") +
    "40" +
    String(serial % 100000).padStart(5, "0");
  const c = kzCheckDigit(body);
  return c < 0 ? null : body + String(c);
}

/** A Kazakh mobile number in E.164 (+77xx…); `operator` is the 3-digit code after +7. */
export function makePhone(operator: string, subscriber: number): string {
  return `+7${operator}${String(subscriber % 10000000).padStart(7, "0")}`;
}

/** Print an E.164 Kazakh number the way a bank's export does. */
export function formatPhone(e164: string, style: "e164" | "eight" | "brackets"): string {
  const op = e164.slice(2, 5);
  const a = e164.slice(5, 8);
  const b = e164.slice(8, 10);
  const c = e164.slice(10, 12);
  if (style === "eight") return `8 ${op} ${a} ${b} ${c}`;
  if (style === "brackets") return `+7 (${op}) ${a}-${b}-${c}`;
  return e164;
}

/** A masked PAN as banks print it: `4400 43** **** 1234`. */
export function maskedPan(bin6: string, last4: number): string {
  return `${bin6.slice(0, 4)} ${bin6.slice(4, 6)}** **** ${String(last4 % 10000).padStart(4, "0")}`;
}

/** A mobile-app device id (Android id or iOS vendor id shape). */
export function makeDeviceId(rng: Rng): string {
  const hex = (n: number) => Array.from({ length: n }, () => "0123456789abcdef"[rng.int(0, 15)]).join("");
  if (rng.chance(0.6)) return `and-${hex(16)}`;
  return `ios-${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`.toUpperCase().replace("IOS-", "ios-");
}

/** An IPv4 address inside one of the given /16 prefixes ("2.132", "37.150" …). */
export function makeIp(rng: Rng, prefixes: readonly string[]): string {
  return `${rng.pick(prefixes)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

const BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

function base58(bytes: Uint8Array): string {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  let out = "";
  while (n > 0n) {
    out = BASE58[Number(n % 58n)] + out;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    out = "1" + out;
  }
  return out;
}

function base58check(payload: Uint8Array): string {
  const h1 = createHash("sha256").update(payload).digest();
  const h2 = createHash("sha256").update(h1).digest();
  const full = new Uint8Array(payload.length + 4);
  full.set(payload);
  full.set(h2.subarray(0, 4), payload.length);
  return base58(full);
}

function randomBytes(rng: Rng, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.int(0, 255);
  return out;
}

/** A TRON address: base58check of 0x41 + 20 bytes (34 characters, starts with T). */
export function makeTronAddress(rng: Rng): string {
  const payload = new Uint8Array(21);
  payload[0] = 0x41;
  payload.set(randomBytes(rng, 20), 1);
  return base58check(payload);
}

/** An Ethereum address: 0x + 40 lowercase hex digits. */
export function makeEthAddress(rng: Rng): string {
  return "0x" + Array.from(randomBytes(rng, 20), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A legacy Bitcoin P2PKH address: base58check of 0x00 + 20 bytes (starts with 1). */
export function makeBtcAddress(rng: Rng): string {
  const payload = new Uint8Array(21);
  payload.set(randomBytes(rng, 20), 1);
  return base58check(payload);
}
