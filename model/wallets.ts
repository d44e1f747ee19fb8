/**
 * Crypto wallet addresses inside payment-purpose text (the crypto exit of docs/DETECTION.md R5).
 *
 * Recognised, as whole tokens only (no letter or digit directly before or after):
 * - TRON: `T` + 33 base58 characters, a base58check payload of 21 bytes starting 0x41;
 * - Ethereum: `0x` + 40 hex digits;
 * - Bitcoin: legacy P2PKH `1…` / P2SH `3…` base58check (version 0x00 / 0x05), and `bc1…` bech32 / bech32m
 *   (BIP 173 / BIP 350).
 * Base58 and bech32 addresses must pass their checksums, which keeps false positives (document numbers, hashes,
 * random tokens) close to zero. Ethereum has no checksum without Keccak-256, so any 40-hex token counts.
 */
import { createHash } from "node:crypto";
import type { WalletChain } from "./records.js";

export interface WalletAddress {
  address: string;
  chain: WalletChain;
}

const B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const B58_INDEX = new Int8Array(128).fill(-1);
for (let i = 0; i < B58.length; i++) B58_INDEX[B58.charCodeAt(i)] = i;

/** Decode base58 (Bitcoin alphabet) to bytes; null on a character outside the alphabet. */
export function base58Decode(s: string): Uint8Array | null {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? B58_INDEX[c]! : -1;
    if (v < 0) return null;
    let carry = v;
    for (let j = 0; j < bytes.length; j++) {
      carry += bytes[j]! * 58;
      bytes[j] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  for (let i = 0; i < s.length && s[i] === "1"; i++) bytes.push(0);
  return Uint8Array.from(bytes.reverse());
}

/** Encode bytes as base58 (Bitcoin alphabet). */
export function base58Encode(data: Uint8Array): string {
  const digits: number[] = [];
  for (const byte of data) {
    let carry = byte;
    for (let j = 0; j < digits.length; j++) {
      carry += digits[j]! << 8;
      digits[j] = carry % 58;
      carry = Math.floor(carry / 58);
    }
    while (carry > 0) {
      digits.push(carry % 58);
      carry = Math.floor(carry / 58);
    }
  }
  let out = "";
  for (let i = 0; i < data.length && data[i] === 0; i++) out += "1";
  for (let i = digits.length - 1; i >= 0; i--) out += B58[digits[i]!];
  return out;
}

function sha256d(data: Uint8Array): Buffer {
  return createHash("sha256").update(createHash("sha256").update(data).digest()).digest();
}

/** Payload of a base58check string, or null when its 4-byte checksum does not match. */
function base58CheckPayload(s: string): Uint8Array | null {
  const raw = base58Decode(s);
  if (!raw || raw.length < 5) return null;
  const payload = raw.subarray(0, raw.length - 4);
  const sum = sha256d(payload);
  for (let i = 0; i < 4; i++) if (sum[i] !== raw[raw.length - 4 + i]) return null;
  return payload;
}

/** base58check(payload) = base58(payload ‖ first 4 bytes of SHA-256(SHA-256(payload))). */
export function base58CheckEncode(payload: Uint8Array): string {
  const sum = sha256d(payload);
  const all = new Uint8Array(payload.length + 4);
  all.set(payload);
  all.set(sum.subarray(0, 4), payload.length);
  return base58Encode(all);
}

// ---------------------------------------------------------------------------------------------------------------
// bech32 / bech32m (BIP 173, BIP 350)

const BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const BECH32_CONST = 1;
const BECH32M_CONST = 0x2bc830a3;

function polymod(values: number[]): number {
  const G = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= G[i]!;
  }
  return chk >>> 0;
}

function hrpExpand(hrp: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < hrp.length; i++) out.push(hrp.charCodeAt(i) >> 5);
  out.push(0);
  for (let i = 0; i < hrp.length; i++) out.push(hrp.charCodeAt(i) & 31);
  return out;
}

/** Is `addr` a valid Bitcoin mainnet segwit address (bech32 for v0, bech32m for v1+)? */
function isSegwitAddress(addr: string): boolean {
  const lower = addr.toLowerCase();
  if (addr !== lower && addr !== addr.toUpperCase()) return false; // mixed case is invalid in bech32
  if (!lower.startsWith("bc1") || lower.length < 14 || lower.length > 74) return false;
  const data: number[] = [];
  for (let i = 3; i < lower.length; i++) {
    const v = BECH32.indexOf(lower[i]!);
    if (v < 0) return false;
    data.push(v);
  }
  const check = polymod([...hrpExpand("bc"), ...data]);
  const version = data[0]!;
  if (version > 16) return false;
  const programLen = Math.floor(((data.length - 7) * 5) / 8);
  if (programLen < 2 || programLen > 40) return false;
  if (version === 0) return check === BECH32_CONST && (programLen === 20 || programLen === 32);
  return check === BECH32M_CONST;
}

/** Encode a segwit program as a mainnet `bc1…` address (bech32 for v0, bech32m otherwise). */
export function encodeSegwitAddress(version: number, program: Uint8Array): string {
  const data = [version];
  let acc = 0;
  let bits = 0;
  for (const b of program) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      data.push((acc >> bits) & 31);
    }
  }
  if (bits > 0) data.push((acc << (5 - bits)) & 31);
  const mod =
    polymod([...hrpExpand("bc"), ...data, 0, 0, 0, 0, 0, 0]) ^ (version === 0 ? BECH32_CONST : BECH32M_CONST);
  let out = "bc1";
  for (const d of data) out += BECH32[d];
  for (let i = 0; i < 6; i++) out += BECH32[(mod >>> (5 * (5 - i))) & 31];
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Extraction

const CANDIDATE =
  /(?<![A-Za-z0-9])(T[1-9A-HJ-NP-Za-km-z]{33}|0x[0-9a-fA-F]{40}|[13][1-9A-HJ-NP-Za-km-z]{25,34}|bc1[02-9ac-hj-np-z]{11,71}|BC1[02-9AC-HJ-NP-Z]{11,71})(?![A-Za-z0-9])/g;
/** Cheap pre-filter: no run of 25 letters/digits, no address. */
const LONG_TOKEN = /[A-Za-z0-9]{25}/;

/** Classify one whole token; null when it is not a valid address. */
export function classifyWallet(token: string): WalletAddress | null {
  const c = token[0];
  if (c === "0" && token.length === 42 && /^0x[0-9a-fA-F]{40}$/.test(token)) {
    return { address: token.toLowerCase(), chain: "ethereum" };
  }
  if (c === "T" && token.length === 34) {
    const p = base58CheckPayload(token);
    return p && p.length === 21 && p[0] === 0x41 ? { address: token, chain: "tron" } : null;
  }
  if ((c === "1" || c === "3") && token.length >= 26 && token.length <= 35) {
    const p = base58CheckPayload(token);
    const ok = p && p.length === 21 && p[0] === (c === "1" ? 0x00 : 0x05);
    return ok ? { address: token, chain: "bitcoin" } : null;
  }
  if ((c === "b" || c === "B") && isSegwitAddress(token))
    return { address: token.toLowerCase(), chain: "bitcoin" };
  return null;
}

/** Wallet addresses named in a payment purpose, in order of appearance, without repeats. */
export function extractWallets(text: string): WalletAddress[] {
  if (text.length < 26 || !LONG_TOKEN.test(text)) return [];
  const out: WalletAddress[] = [];
  for (const m of text.matchAll(CANDIDATE)) {
    const w = classifyWallet(m[1]!);
    if (w && !out.some((o) => o.address === w.address)) out.push(w);
  }
  return out;
}

/** A valid TRON address for a 20-byte account id (sample data). */
export function makeTronAddress(account20: Uint8Array): string {
  if (account20.length !== 20) throw new RangeError("makeTronAddress: account id must be 20 bytes");
  const payload = new Uint8Array(21);
  payload[0] = 0x41;
  payload.set(account20, 1);
  return base58CheckEncode(payload);
}

/** A valid Bitcoin legacy address (P2PKH `1…`, or P2SH `3…`) for a 20-byte hash (sample data). */
export function makeBitcoinAddress(hash20: Uint8Array, p2sh = false): string {
  if (hash20.length !== 20) throw new RangeError("makeBitcoinAddress: hash must be 20 bytes");
  const payload = new Uint8Array(21);
  payload[0] = p2sh ? 0x05 : 0x00;
  payload.set(hash20, 1);
  return base58CheckEncode(payload);
}

/** An Ethereum address for a 20-byte account id (lowercase hex, sample data). */
export function makeEthereumAddress(account20: Uint8Array): string {
  if (account20.length !== 20) throw new RangeError("makeEthereumAddress: account id must be 20 bytes");
  return "0x" + Buffer.from(account20).toString("hex");
}
