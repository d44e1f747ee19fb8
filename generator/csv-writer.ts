/**
 * Writes one CSV file in a bank's encoding (Windows-1251 through iconv-lite, UTF-8, UTF-8 with BOM), buffering
 * rows into large chunks so that million-row registers stream to disk in near-constant memory.
 */
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import path from "node:path";
import iconv from "iconv-lite";

const CHUNK_CHARS = 1 << 20;

export type Encoding = "cp1251" | "utf8" | "utf8bom";

export class CsvWriter {
  private fd: number;
  /** Pending text as pieces: joining once gives a flat string, which the encoders walk much faster than a rope. */
  private chunk: string[] = [];
  private chunkChars = 0;
  private readonly special: RegExp;
  rows = 0;
  bytes = 0;

  constructor(
    readonly file: string,
    readonly encoding: Encoding,
    private readonly eol: string,
    private readonly delimiter: string,
  ) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.fd = openSync(file, "w");
    this.special = delimiter === ";" ? /[;"\r\n]/ : delimiter === "," ? /[,"\r\n]/ : /[\t"\r\n]/;
    if (encoding === "utf8bom") this.writeBytes(Buffer.from([0xef, 0xbb, 0xbf]));
  }

  /** A row of cells, quoted where needed. */
  row(cells: readonly string[]): void {
    let line = "";
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i]!;
      if (i > 0) line += this.delimiter;
      line += this.special.test(c) ? `"${c.replaceAll('"', '""')}"` : c;
    }
    this.chunk.push(line, this.eol);
    this.chunkChars += line.length + 2;
    this.rows++;
    if (this.chunkChars >= CHUNK_CHARS) this.flush();
  }

  /** A preamble line written as is (title, period, account). */
  line(text: string): void {
    this.chunk.push(text, this.eol);
    this.chunkChars += text.length + 2;
    if (this.chunkChars >= CHUNK_CHARS) this.flush();
  }

  private flush(): void {
    if (this.chunk.length === 0) return;
    const text = this.chunk.join("");
    const buf = this.encoding === "cp1251" ? iconv.encode(text, "win1251") : Buffer.from(text, "utf8");
    this.chunk = [];
    this.chunkChars = 0;
    this.writeBytes(buf);
  }

  private writeBytes(buf: Buffer): void {
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off);
    this.bytes += buf.length;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/** `15000000` tiyn → "150 000,00" (with the bank's thousands separator, decimal comma). */
export function formatAmount(tiyn: number, thousands: string): string {
  const neg = tiyn < 0;
  const abs = Math.abs(Math.round(tiyn));
  const whole = Math.floor(abs / 100);
  const frac = abs % 100;
  let int = String(whole);
  if (thousands) int = int.replace(/\B(?=(\d{3})+(?!\d))/g, thousands);
  return `${neg ? "-" : ""}${int},${frac < 10 ? "0" : ""}${frac}`;
}
