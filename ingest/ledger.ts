/**
 * Dedupe across every file of one ingestFiles call. A transfer (or withdrawal, complaint, session event, watch-list
 * entry) is identified by its id; the first row with an id is "new", later rows with the same id and the same
 * content are "duplicate", and a later row that reuses the id for different content (another payer, payee, amount
 * or currency) is a "conflict": a bank reference that is not unique, which the caller rejects rather than let one
 * transfer overwrite another.
 *
 * Memory: one map entry per distinct id with a 30-bit fingerprint of the content (about 80 bytes per transfer).
 */

export type Claim = "new" | "duplicate" | "conflict";

/** FNV-1a over strings (with a separator between them), folded to 30 bits so it stays a small integer in V8. */
export function fingerprint(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const text = typeof part === "string" ? part : String(part);
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0x1f;
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 2) & 0x3fffffff;
}

export class Ledger {
  private readonly seen = new Map<string, number>();

  /** Register `id` with content `print` (see fingerprint). */
  claim(id: string, print: number): Claim {
    const prev = this.seen.get(id);
    if (prev === undefined) {
      this.seen.set(id, print);
      return "new";
    }
    return prev === print ? "duplicate" : "conflict";
  }

  get size(): number {
    return this.seen.size;
  }
}
