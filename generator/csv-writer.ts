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
  private chunk = "";
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
    if (encoding === "utf8bom") this.writeBytes(Buffer.from([0xef, 0xbb, 0xbf]));
  }

  /** A row of cells, quoted where needed. */
  row(cells: readonly string[]): void {
    let line = "";
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i]!;
      if (i > 0) line += this.delimiter;
      line += needsQuotes(c, this.delimiter) ? `"${c.replaceAll('"', '""')}"` : c;
    }
    this.chunk += line + this.eol;
    this.rows++;
    if (this.chunk.length >= CHUNK_CHARS) this.flush();
  }

  /** A preamble line written as is (title, period, account). */
  line(text: string): void {
    this.chunk += text + this.eol;
    if (this.chunk.length >= CHUNK_CHARS) this.flush();
  }

  private flush(): void {
    if (this.chunk.length === 0) return;
    const buf =
      this.encoding === "cp1251" ? iconv.encode(this.chunk, "win1251") : Buffer.from(this.chunk, "utf8");
    this.chunk = "";
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

function needsQuotes(cell: string, delimiter: string): boolean {
  return cell.includes(delimiter) || cell.includes('"') || cell.includes("\n") || cell.includes("\r");
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
