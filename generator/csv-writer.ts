/**
 * Writes one CSV file in a bank's encoding (Windows-1251 through iconv-lite, UTF-8, UTF-8 with BOM). Rows are
 * buffered into large chunks and written asynchronously in order, so that million-row registers stream to disk in
 * near-constant memory while the next rows are being built, and thousands of small statements do not wait for each
 * file's open one after another.
 */
import { mkdir, open, type FileHandle } from "node:fs/promises";
import path from "node:path";
import iconv from "iconv-lite";

const CHUNK_CHARS = 1 << 20;

export type Encoding = "cp1251" | "utf8" | "utf8bom";

/** Quote a cell when it holds the delimiter, a quote or a line break. */
export function csvCell(cell: string, delimiter: string): string {
  const special = delimiter === ";" ? /[;"\r\n]/ : delimiter === "," ? /[,"\r\n]/ : /[\t"\r\n]/;
  return special.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

export class CsvWriter {
  private readonly handle: Promise<FileHandle>;
  /** Pending text as pieces: joining once gives a flat string, which the encoders walk much faster than a rope. */
  private chunk: string[] = [];
  private chunkChars = 0;
  private readonly special: RegExp;
  /** Writes chained in order; `queued` counts bytes handed over but not yet written. */
  private writing: Promise<void> = Promise.resolve();
  private queued = 0;
  rows = 0;
  bytes = 0;

  constructor(
    readonly file: string,
    readonly encoding: Encoding,
    private readonly eol: string,
    private readonly delimiter: string,
    /** Folders already being made, shared by the writers of one case (saves a mkdir per statement). */
    madeDirs: Map<string, Promise<unknown>> = new Map(),
  ) {
    const dir = path.dirname(file);
    let made = madeDirs.get(dir);
    if (!made) madeDirs.set(dir, (made = mkdir(dir, { recursive: true })));
    this.handle = made.then(() => open(file, "w"));
    this.special = delimiter === ";" ? /[;"\r\n]/ : delimiter === "," ? /[,"\r\n]/ : /[\t"\r\n]/;
    if (encoding === "utf8bom") this.enqueue(Buffer.from([0xef, 0xbb, 0xbf]));
  }

  /** A row of cells, quoted where needed. */
  row(cells: readonly string[]): void {
    let line = "";
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i]!;
      if (i > 0) line += this.delimiter;
      line += this.special.test(c) ? `"${c.replaceAll('"', '""')}"` : c;
    }
    this.rowText(line);
  }

  /** A row already joined by the caller, its cells quoted with `csvCell` where needed. */
  rowText(line: string): void {
    this.chunk.push(line, this.eol);
    this.chunkChars += line.length + 2;
    this.rows++;
    if (this.chunkChars >= CHUNK_CHARS) this.flush();
  }

  /**
   * A row from `cells` picked in `order` (cells quoted already with `csvCell`). Pushing the cells themselves, not a
   * concatenated line, keeps the chunk made of flat strings, which is what makes the final join cheap.
   */
  rowPicked(cells: readonly string[], order: readonly number[]): void {
    const chunk = this.chunk;
    let n = 0;
    for (let c = 0; c < order.length; c++) {
      const cell = cells[order[c]!]!;
      if (c > 0) chunk.push(this.delimiter);
      chunk.push(cell);
      n += cell.length + 1;
    }
    chunk.push(this.eol);
    this.chunkChars += n + 2;
    this.rows++;
    if (this.chunkChars >= CHUNK_CHARS) this.flush();
  }

  /** A preamble line written as is (title, period, account). */
  line(text: string): void {
    this.chunk.push(text, this.eol);
    this.chunkChars += text.length + 2;
    if (this.chunkChars >= CHUNK_CHARS) this.flush();
  }

  /** Bytes encoded but not yet on disk: callers producing many rows wait on `drain()` when this grows. */
  get backlog(): number {
    return this.queued;
  }

  /** Resolves when everything handed over so far is written. */
  drain(): Promise<void> {
    return this.writing;
  }

  private flush(): void {
    if (this.chunk.length === 0) return;
    const text = this.chunk.join("");
    this.chunk = [];
    this.chunkChars = 0;
    this.enqueue(this.encoding === "cp1251" ? iconv.encode(text, "win1251") : Buffer.from(text, "utf8"));
  }

  private enqueue(buf: Buffer): void {
    this.bytes += buf.length;
    this.queued += buf.length;
    this.writing = this.writing.then(async () => {
      const fh = await this.handle;
      let off = 0;
      while (off < buf.length) off += (await fh.write(buf, off, buf.length - off)).bytesWritten;
      this.queued -= buf.length;
    });
  }

  /** Flush the rest; `bytes` and `rows` are final as soon as this is called. Resolves once the file is closed. */
  close(): Promise<void> {
    this.flush();
    return this.writing.then(async () => (await this.handle).close());
  }
}

/** `15000000` tiyn → "150 000,00" (with the bank's thousands separator, decimal comma). */
export function formatAmount(tiyn: number, thousands: string): string {
  const neg = tiyn < 0;
  const abs = Math.abs(Math.round(tiyn));
  const whole = Math.floor(abs / 100);
  const frac = abs % 100;
  let int = String(whole);
  if (thousands && int.length > 3) {
    let out = int.slice(0, int.length % 3 || 3);
    for (let i = out.length; i < int.length; i += 3) out += thousands + int.slice(i, i + 3);
    int = out;
  }
  return `${neg ? "-" : ""}${int},${frac < 10 ? "0" : ""}${frac}`;
}
