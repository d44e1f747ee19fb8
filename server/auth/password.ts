/**
 * Password hashing with Node's scrypt (memory-hard KDF, RFC 7914), a per-user random salt and a constant-time compare.
 *
 * Encoded form: `scrypt$<logN>$<r>$<p>$<salt base64url>$<hash base64url>`, so the cost can be raised later without
 * breaking stored hashes. The default (N=2^15, r=8, p=3: 32 MiB per hash) is one of OWASP's equivalent scrypt settings
 * (Password Storage Cheat Sheet), chosen over N=2^17 to keep concurrent logins from taking gigabytes.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

export interface ScryptCost {
  logN: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT_COST: ScryptCost = { logN: 15, r: 8, p: 3 };

const KEY_BYTES = 32;
const SALT_BYTES = 16;

/** Thrown for a stored hash that is not in the format above. */
export class PasswordHashFormatError extends Error {
  override name = "PasswordHashFormatError";
}

/** Passwords shorter than this are refused when set (NIST SP 800-63B asks for at least 8; we ask for 10). */
export const MIN_PASSWORD_LENGTH = 10;

function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const N = 2 ** cost.logN;
  // scrypt needs 128·N·r bytes; allow twice that so Node's default 32 MiB cap does not reject our own cost.
  const options: ScryptOptions = { N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFKC"), salt, KEY_BYTES, options, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** Hash a password for storage (StoredUser.passwordHash). */
export async function hashPassword(
  password: string,
  cost: ScryptCost = DEFAULT_SCRYPT_COST,
): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, cost);
  return ["scrypt", cost.logN, cost.r, cost.p, salt.toString("base64url"), key.toString("base64url")].join(
    "$",
  );
}

function decode(encoded: string): { cost: ScryptCost; salt: Buffer; key: Buffer } {
  const parts = encoded.split("$");
  const [scheme, logN, r, p, salt, key] = parts;
  if (parts.length !== 6 || scheme !== "scrypt" || !salt || !key) {
    throw new PasswordHashFormatError(
      "auth/password: stored hash is not in the scrypt$logN$r$p$salt$hash format",
    );
  }
  const cost = { logN: Number(logN), r: Number(r), p: Number(p) };
  if (![cost.logN, cost.r, cost.p].every((n) => Number.isInteger(n) && n > 0) || cost.logN > 22) {
    throw new PasswordHashFormatError("auth/password: stored hash has invalid scrypt parameters");
  }
  return { cost, salt: Buffer.from(salt, "base64url"), key: Buffer.from(key, "base64url") };
}

/** Does `password` match the stored hash? Constant-time in the key comparison. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const { cost, salt, key } = decode(encoded);
  const candidate = await derive(password, salt, cost);
  return candidate.length === key.length && timingSafeEqual(candidate, key);
}

let dummyHash: Promise<string> | null = null;

/**
 * Spend the same time as a real verification, for logins naming an unknown user, so response times do not reveal
 * which usernames exist.
 */
export async function burnVerification(password: string): Promise<void> {
  dummyHash ??= hashPassword("mulegraph-dummy-password");
  await verifyPassword(password, await dummyHash);
}
