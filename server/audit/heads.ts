/**
 * Signed tree heads of the audit trail and the append-only head log they are written to, outside the database (in
 * the manner of Certificate Transparency's STHs, RFC 9162 §4.10, with JSON instead of TLS encoding):
 *
 *   signed bytes = "mulegraph-audit-tree-head\n" + canonicalJson({ v, treeSize, rootHash, timestamp })
 *   signature    = Ed25519 over those bytes, with the key in the key file (PKCS#8 PEM, created mode 0600)
 *
 * Each head-log line is one SignedTreeHead as JSON and carries the public key, so a head kept elsewhere (exported
 * with `audit export-head`, or inside an evidence package) can be checked with nothing else. Someone who can write
 * the data folder can read the key and sign a head of their own: the defence is the head an investigator keeps,
 * whose key and tree must still match.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from "node:crypto";
import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  statSync,
  writeFileSync,
  writeSync,
  type Stats,
} from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { AuditHeadLogLocation } from "../store/ports/records.js";
import { canonicalJson } from "./canonical-json.js";
import { SignedTreeHeadSchema } from "./head-schema.js";

export type { AuditHeadLogLocation } from "../store/ports/records.js";

const DOMAIN = "mulegraph-audit-tree-head\n";

/** A tree head signed with the audit key. */
export interface SignedTreeHead {
  v: 1;
  /** Entries covered: the first `treeSize` entries, seq 1…treeSize. */
  treeSize: number;
  /** RFC 9162 Merkle tree head of those entries, hex. */
  rootHash: string;
  /** Epoch ms when it was signed. */
  timestamp: number;
  /** Ed25519 public key, SPKI DER in base64. */
  publicKey: string;
  /** Ed25519 signature of the signed bytes (module header), base64. */
  signature: string;
}

export { SignedTreeHeadSchema } from "./head-schema.js";

/** The key file or head log cannot be read, written or parsed. */
export class AuditHeadError extends Error {
  override name = "AuditHeadError";
}

function signedBytes(h: Pick<SignedTreeHead, "v" | "treeSize" | "rootHash" | "timestamp">): Buffer {
  const { v, treeSize, rootHash, timestamp } = h;
  return Buffer.from(DOMAIN + canonicalJson({ v, treeSize, rootHash, timestamp }), "utf8");
}

/** The signing key, loaded (or created on first use) from the key file. */
export interface AuditSigner {
  keyFile: string;
  /** SPKI DER base64, as heads carry it. */
  publicKey: string;
  signHead(treeSize: number, rootHash: string, timestamp?: number): SignedTreeHead;
}

function publicKeyText(key: KeyObject): string {
  return createPublicKey(key).export({ type: "spki", format: "der" }).toString("base64");
}

/**
 * Load the Ed25519 key from `keyFile`, creating it (mode 0600, never overwriting) when the file does not exist.
 * @throws AuditHeadError naming the file when it cannot be read, created or is not an Ed25519 private key
 */
export function loadSigner(keyFile: string, opts: { create?: boolean } = {}): AuditSigner {
  let pem: string;
  try {
    pem = readFileSync(keyFile, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT" || opts.create === false) {
      throw new AuditHeadError(
        `audit/heads: cannot read the signing key ${keyFile}: ${(err as Error).message}`,
      );
    }
    const { privateKey } = generateKeyPairSync("ed25519");
    pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    try {
      mkdirSync(path.dirname(keyFile), { recursive: true });
      writeFileSync(keyFile, pem, { mode: 0o600, flag: "wx" });
    } catch (werr) {
      // Another process created it first: use theirs.
      if ((werr as NodeJS.ErrnoException).code === "EEXIST") return loadSigner(keyFile, { create: false });
      throw new AuditHeadError(
        `audit/heads: cannot create the signing key ${keyFile}: ${(werr as Error).message}. ` +
          "Set MULEGRAPH_AUDIT_KEY_FILE to a writable place.",
      );
    }
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (err) {
    throw new AuditHeadError(`audit/heads: ${keyFile} is not a private key: ${(err as Error).message}`);
  }
  if (key.asymmetricKeyType !== "ed25519")
    throw new AuditHeadError(`audit/heads: ${keyFile} holds a ${key.asymmetricKeyType} key, not Ed25519`);
  const publicKey = publicKeyText(key);
  return {
    keyFile,
    publicKey,
    signHead(treeSize, rootHash, timestamp = Date.now()) {
      const unsigned = { v: 1 as const, treeSize, rootHash, timestamp };
      const signature = sign(null, signedBytes(unsigned), key).toString("base64");
      return { ...unsigned, publicKey, signature };
    },
  };
}

/** Public keys already decoded: a head log carries the same key on every line. */
const publicKeys = new Map<string, KeyObject | null>();

function publicKeyObject(text: string): KeyObject | null {
  let key = publicKeys.get(text);
  if (key === undefined) {
    try {
      key = createPublicKey({ key: Buffer.from(text, "base64"), format: "der", type: "spki" });
      if (key.asymmetricKeyType !== "ed25519") key = null;
    } catch {
      key = null;
    }
    if (publicKeys.size > 100) publicKeys.clear();
    publicKeys.set(text, key);
  }
  return key;
}

/** Is the head's signature good for the key it carries (and, when given, is that key the expected one)? */
export function headSignatureValid(head: SignedTreeHead, expectedPublicKey?: string): boolean {
  if (expectedPublicKey !== undefined && head.publicKey !== expectedPublicKey) return false;
  const key = publicKeyObject(head.publicKey);
  if (!key) return false;
  try {
    return verify(null, signedBytes(head), key, Buffer.from(head.signature, "base64"));
  } catch {
    return false;
  }
}

/**
 * Parse a signed head from JSON text (an exported head, a package's head).
 * @throws AuditHeadError naming `where` and what is wrong
 */
export function parseHead(text: string, where: string): SignedTreeHead {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new AuditHeadError(`audit/heads: ${where} is not JSON: ${(err as Error).message}`);
  }
  const parsed = SignedTreeHeadSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
      .join("; ");
    throw new AuditHeadError(`audit/heads: ${where} is not a signed tree head: ${problems}`);
  }
  return parsed.data as SignedTreeHead;
}

/** A head log this process keeps open for appending (appendHead). */
interface OpenHeadLog {
  fd: number;
  dev: number;
  ino: number;
  /** The file's size right after this process's last append, -1 before the first. */
  end: number;
}

/** Head logs kept open, by path; at most OPEN_HEAD_LOGS_MAX (tests open many, a server one). */
const openHeadLogs = new Map<string, OpenHeadLog>();
const OPEN_HEAD_LOGS_MAX = 8;

function forgetHeadLog(headLog: string): void {
  const h = openHeadLogs.get(headLog);
  if (!h) return;
  openHeadLogs.delete(headLog);
  try {
    closeSync(h.fd);
  } catch {
    // Already closed: nothing to release.
  }
}

/**
 * The open head log at `headLog` with the file's current size, (re)opened when it was never opened, or was removed or
 * replaced by another file since (its inode changed): a deleted log is created anew, as on the first append.
 */
function headLogFor(headLog: string): { h: OpenHeadLog; size: number } {
  let st: Stats | null = null;
  try {
    st = statSync(headLog);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  let h = openHeadLogs.get(headLog);
  if (h && (!st || st.ino !== h.ino || st.dev !== h.dev)) {
    forgetHeadLog(headLog);
    h = undefined;
  }
  if (!h) {
    mkdirSync(path.dirname(headLog), { recursive: true });
    // O_APPEND: each line lands whole at the end, even with a CLI writing next to the server.
    const fd = openSync(headLog, "a+", 0o644);
    st = fstatSync(fd);
    h = { fd, dev: st.dev, ino: st.ino, end: -1 };
    if (openHeadLogs.size >= OPEN_HEAD_LOGS_MAX) forgetHeadLog(openHeadLogs.keys().next().value!);
    openHeadLogs.set(headLog, h);
  }
  return { h, size: st!.size };
}

/**
 * Append one head as a line of the head log (the folder is created when missing). The file stays open between
 * appends (one stat and one write per head instead of mkdir, open, stat, read and close: docs/SCALE.md § API under
 * load); the stat notices a log that was removed or replaced (reopened by name) and one that someone else wrote to
 * since this process's last line, whose last byte is then checked for a line cut short by a crash. The write is as
 * durable as the store's own commits (synchronous = NORMAL): the line is in the kernel when this returns, so a
 * killed process loses nothing; neither is flushed to disk per request.
 */
export async function appendHead(headLog: string, head: SignedTreeHead): Promise<void> {
  try {
    const { h, size } = headLogFor(headLog);
    // A line cut short by a crash is closed first, so that it does not swallow this one. When the file ends where
    // this process's last line ended, that line was whole.
    let torn = false;
    if (size > 0 && size !== h.end) {
      const last = Buffer.alloc(1);
      readSync(h.fd, last, 0, 1, size - 1);
      torn = last[0] !== 0x0a;
    }
    const line = Buffer.from((torn ? "\n" : "") + JSON.stringify(head) + "\n", "utf8");
    let written = 0;
    try {
      while (written < line.length) written += writeSync(h.fd, line, written, line.length - written);
    } catch (err) {
      // Whatever part was written is a torn line the next append closes; the next append also reopens the file.
      forgetHeadLog(headLog);
      throw err;
    }
    // Another writer's line may have landed before ours: then the size will not match, and the next append looks.
    h.end = size + line.length;
  } catch (err) {
    throw new AuditHeadError(
      `audit/heads: cannot append to the head log ${headLog}: ${(err as Error).message}. ` +
        "Set MULEGRAPH_AUDIT_HEAD_LOG to a writable place.",
    );
  }
}

export interface HeadLogRead {
  /** The file did not exist. */
  missing: boolean;
  heads: { line: number; head: SignedTreeHead }[];
  /** Lines that are not signed heads. */
  bad: { line: number; reason: string }[];
  /** Lines cut short by a crash while being written (no newline, not a head): no sign of tampering by themselves. */
  torn: number[];
}

/** Read every line of the head log; a missing file reads as no heads. */
export async function readHeadLog(headLog: string): Promise<HeadLogRead> {
  let text: string;
  try {
    text = await readFile(headLog, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT")
      return { missing: true, heads: [], bad: [], torn: [] };
    throw new AuditHeadError(`audit/heads: cannot read the head log ${headLog}: ${(err as Error).message}`);
  }
  const out: HeadLogRead = { missing: false, heads: [], bad: [], torn: [] };
  const lines = text.split("\n");
  lines.forEach((l, i) => {
    const last = i === lines.length - 1;
    if (l === "" && last) return;
    try {
      out.heads.push({ line: i + 1, head: parseHead(l, `line ${i + 1}`) });
    } catch (err) {
      // A write cut short by a crash: the final line without its newline, or a line the next append closed (it
      // then holds a fragment of JSON that does not parse, and was followed by a good head).
      if (last || (!l.endsWith("}") && l.startsWith('{"v":'))) out.torn.push(i + 1);
      else out.bad.push({ line: i + 1, reason: (err as Error).message });
    }
  });
  return out;
}

/** The default head log and key file of a data folder: next to the database, never inside it. */
export function defaultHeadLogLocation(dataDir: string): AuditHeadLogLocation {
  return {
    headLog: path.join(dataDir, "audit-heads.log"),
    keyFile: path.join(dataDir, "audit-signing.key"),
  };
}
