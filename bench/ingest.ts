/**
 * `npm run bench:ingest`: parse+validate throughput of the ingest pipeline on a 1M-row transfer register, against
 * bare csv-parse streaming (array rows) on the same file as the reference, measured in the same script.
 *
 * The register is written to a temp dir: UTF-8, `;`, decimal commas with spaced thousands, DD.MM.YYYY HH:MM:SS
 * times on both sides of Almaty's 2024-03-01 offset change, 8 columns (reference, time, both accounts, both
 * IIN/BINs, amount, purpose; about 1% of purposes name a TRON wallet). Each measurement runs in its own child
 * process so that its peak RSS is its own; reference and pipeline alternate, RUNS times each (default 3), and the
 * medians are reported.
 *
 * Then the same for the structured formats of ingest/formats, each against its bare parsing library on the same file:
 * an Excel .xlsx register (date cells, number amounts; reference: exceljs streaming the workbook and visiting every
 * row) and a camt.053.001.08 statement of one account (one TxDtls per entry; reference: fast-xml-parser parsing
 * it). These readers parse the whole file at prepare time, so their sizes are smaller by default.
 *
 * Env: ROWS (default 1000000), RUNS (default 3), KEEP=1 keeps the generated files; FORMAT_ROWS (default 100000)
 * rows of the .xlsx and camt.053 files; PARTS (default "csv,xlsx,camt") which parts to run.
 */
import { spawnSync } from "node:child_process";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { once } from "node:events";
import { parse } from "csv-parse";
import ExcelJS from "exceljs";
import { XMLParser } from "fast-xml-parser";
import { makeIin, makeKzIban } from "../model/identifiers.js";
import { formatLocal } from "../model/time.js";
import { makeTronAddress } from "../model/wallets.js";

interface Measurement {
  rows: number;
  ms: number;
  /** CPU time (user + system) of the child: steadier than wall time on a shared machine. */
  cpuMs: number;
  maxRssMb: number;
  extra?: Record<string, number>;
}

/** Deterministic PRNG (mulberry32) so every run benchmarks the same file. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function spacedAmount(cents: number): string {
  const whole = Math.floor(cents / 100);
  const frac = String(cents % 100).padStart(2, "0");
  return `${whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, " ")},${frac}`;
}

async function writeRegister(file: string, rows: number): Promise<void> {
  const rand = rng(20240301);
  const ACCOUNTS = 50_000;
  const banks = ["722", "601", "998", "826", "914"];
  const ibans: string[] = [];
  const iins: string[] = [];
  for (let i = 0; i < ACCOUNTS; i++) {
    ibans.push(makeKzIban(banks[i % banks.length]!, `S${String(i).padStart(12, "0")}`));
    let serial = i % 10_000;
    for (;;) {
      try {
        iins.push(makeIin({ year: 1960 + (i % 45), month: 1 + (i % 12), day: 1 + (i % 28) }, serial));
        break;
      } catch {
        serial = (serial + 1) % 10_000;
      }
    }
  }
  const purposes = [
    "Перевод средств",
    "Оплата по договору №15",
    "Возврат долга",
    "Пополнение счета",
    "Заработная плата",
  ];
  const wallet = makeTronAddress(new Uint8Array(20).fill(7));
  const start = Date.UTC(2024, 0, 1);
  const span = 180 * 86_400_000;
  const out = createWriteStream(file);
  out.write(
    "Референс;Дата операции;Счет отправителя;ИИН/БИН отправителя;Счет получателя;ИИН/БИН получателя;Сумма;Назначение платежа\n",
  );
  let buf: string[] = [];
  for (let i = 0; i < rows; i++) {
    const a = Math.floor(rand() * ACCOUNTS);
    let b = Math.floor(rand() * ACCOUNTS);
    if (b === a) b = (b + 1) % ACCOUNTS;
    const ts = start + Math.floor((i / rows) * span) + Math.floor(rand() * 60_000);
    const cents = Math.floor(rand() * 50_000_000) + 100;
    const purpose = rand() < 0.01 ? `USDT ${wallet}` : purposes[i % purposes.length]!;
    buf.push(
      `REF${String(i).padStart(9, "0")};${formatLocal(ts)};${ibans[a]};${iins[a]};${ibans[b]};${iins[b]};${spacedAmount(cents)};${purpose}`,
    );
    if (buf.length === 10_000) {
      if (!out.write(buf.join("\n") + "\n")) await once(out, "drain");
      buf = [];
    }
  }
  if (buf.length) out.write(buf.join("\n") + "\n");
  out.end();
  await once(out, "finish");
}

/** Accounts for the structured-format files. */
function accounts(): string[] {
  const ibans: string[] = [];
  for (let i = 0; i < 5_000; i++)
    ibans.push(makeKzIban(["722", "601", "998"][i % 3]!, `X${String(i).padStart(12, "0")}`));
  return ibans;
}

/** An Excel register: the CSV register's columns, times as date cells, amounts as numbers (streamed to disk). */
async function writeXlsx(file: string, rows: number): Promise<void> {
  const rand = rng(20240302);
  const ibans = accounts();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useStyles: true,
    useSharedStrings: false,
  });
  const ws = wb.addWorksheet("Register");
  ws.addRow([
    "Референс",
    "Дата операции",
    "Счет отправителя",
    "Счет получателя",
    "Сумма",
    "Назначение платежа",
  ]).commit();
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < rows; i++) {
    const a = Math.floor(rand() * ibans.length);
    const b = (a + 1 + Math.floor(rand() * (ibans.length - 1))) % ibans.length;
    const row = ws.addRow([
      `XREF${String(i).padStart(9, "0")}`,
      new Date(start + i * 37_000),
      ibans[a],
      ibans[b],
      Math.floor(rand() * 50_000_000 + 100) / 100,
      "Перевод средств",
    ]);
    row.getCell(2).numFmt = "dd.mm.yyyy hh:mm:ss";
    row.commit();
  }
  await wb.commit();
}

/** A camt.053.001.08 statement of one KZ account: `rows` booked entries, each with its counterparty. */
async function writeCamt(file: string, rows: number): Promise<void> {
  const rand = rng(20240303);
  const ibans = accounts();
  const out = createWriteStream(file);
  out.write(
    '<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">' +
      "<BkToCstmrStmt><GrpHdr><MsgId>BENCH</MsgId><CreDtTm>2024-07-01T00:00:00+05:00</CreDtTm></GrpHdr>" +
      `<Stmt><Id>BENCH-1</Id><Acct><Id><IBAN>${ibans[0]}</IBAN></Id><Ccy>KZT</Ccy></Acct>\n`,
  );
  const start = Date.UTC(2024, 0, 1);
  let buf: string[] = [];
  for (let i = 0; i < rows; i++) {
    const cp = ibans[1 + Math.floor(rand() * (ibans.length - 1))]!;
    const debit = rand() < 0.5;
    const amt = (Math.floor(rand() * 50_000_000 + 100) / 100).toFixed(2);
    const ts = new Date(start + i * 37_000).toISOString().slice(0, 19);
    const side = debit ? "Cdtr" : "Dbtr";
    buf.push(
      `<Ntry><Amt Ccy="KZT">${amt}</Amt><CdtDbtInd>${debit ? "DBIT" : "CRDT"}</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>` +
        `<BookgDt><DtTm>${ts}+05:00</DtTm></BookgDt><AcctSvcrRef>C${String(i).padStart(9, "0")}</AcctSvcrRef>` +
        `<NtryDtls><TxDtls><RltdPties><${side}><Pty><Nm>Holder ${i % 997}</Nm></Pty></${side}><${side}Acct><Id><IBAN>` +
        `${cp}</IBAN></Id></${side}Acct></RltdPties><RmtInf><Ustrd>Перевод средств</Ustrd></RmtInf></TxDtls>` +
        `</NtryDtls></Ntry>`,
    );
    if (buf.length === 10_000) {
      if (!out.write(buf.join("\n") + "\n")) await once(out, "drain");
      buf = [];
    }
  }
  out.write(buf.join("\n") + "\n</Stmt></BkToCstmrStmt></Document>\n");
  out.end();
  await once(out, "finish");
}

/** Bare exceljs: stream the workbook (WorkbookReader, as ingest does) and visit every row's values. */
async function childXlsxReference(file: string): Promise<Measurement> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: "cache", styles: "cache" });
  let rows = 0;
  for await (const ws of reader) for await (const row of ws) if (row.values) rows++;
  return {
    rows: rows - 1,
    ms: performance.now() - t0,
    cpuMs: cpuSince(c0),
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

/** Bare fast-xml-parser: parse the statement and count its entries. */
async function childCamtReference(file: string): Promise<Measurement> {
  const { readFile } = await import("node:fs/promises");
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const doc = new XMLParser({ ignoreAttributes: false, removeNSPrefix: true, parseTagValue: false }).parse(
    await readFile(file, "utf8"),
  ) as { Document: { BkToCstmrStmt: { Stmt: { Ntry: unknown[] } } } };
  const rows = doc.Document.BkToCstmrStmt.Stmt.Ntry.length;
  return {
    rows,
    ms: performance.now() - t0,
    cpuMs: cpuSince(c0),
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1000;
}

async function childReference(file: string): Promise<Measurement> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let rows = 0;
  const parser = createReadStream(file).pipe(parse({ delimiter: ";" }));
  for await (const _row of parser) rows++;
  return {
    rows: rows - 1,
    ms: performance.now() - t0,
    cpuMs: cpuSince(c0),
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

async function childPipeline(file: string): Promise<Measurement> {
  const { ingestFiles } = await import("../ingest/index.js");
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let records = 0;
  const summary = await ingestFiles([file], {
    onBatch: async (batch) => {
      records += batch.length;
    },
  });
  const ms = performance.now() - t0;
  const cpuMs = cpuSince(c0);
  const f = summary.files[0]!;
  return {
    rows: f.rowsRead,
    ms,
    cpuMs,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    extra: { accepted: f.accepted, duplicates: f.duplicates, rejected: f.rejected, records },
  };
}

type ChildMode = "reference" | "pipeline" | "xlsx-reference" | "camt-reference";

function runChild(mode: ChildMode, file: string): Measurement {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ["--import", "tsx", self, "--child", mode, file], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`bench/ingest: ${mode} child failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as Measurement;
}

function rate(rows: number, ms: number): string {
  return (rows / (ms / 1000)).toFixed(0);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** One structured format: write its file, then alternate reference and pipeline children; print the medians. */
async function formatPart(
  name: string,
  reference: string,
  file: string,
  write: (file: string, rows: number) => Promise<void>,
  mode: ChildMode,
  rows: number,
  runs: number,
): Promise<void> {
  const tg = performance.now();
  await write(file, rows);
  const size = (await stat(file)).size;
  console.log(
    `${name}: ${rows} rows, ${(size / 1e6).toFixed(1)} MB, written in ${((performance.now() - tg) / 1000).toFixed(1)} s`,
  );
  const ref: Measurement[] = [];
  const pipe: Measurement[] = [];
  for (let i = 0; i < runs; i++) {
    ref.push(runChild(mode, file));
    pipe.push(runChild("pipeline", file));
  }
  const last = pipe[pipe.length - 1]!;
  console.log(`${name} pipeline counts: rowsRead ${last.rows}, ${JSON.stringify(last.extra)}`);
  const refRate = median(ref.map((m) => m.rows / (m.ms / 1000)));
  const pipeRate = median(pipe.map((m) => m.rows / (m.ms / 1000)));
  const refCpu = median(ref.map((m) => m.rows / (m.cpuMs / 1000)));
  const pipeCpu = median(pipe.map((m) => m.rows / (m.cpuMs / 1000)));
  console.log(`${name} medians of ${runs} runs    wall rows/s   CPU rows/s   peak RSS`);
  console.log(
    `reference (${reference})`.padEnd(28) +
      `${refRate.toFixed(0).padStart(12)} ${refCpu.toFixed(0).padStart(12)} ${Math.max(
        ...ref.map((m) => m.maxRssMb),
      )
        .toFixed(0)
        .padStart(7)} MB`,
  );
  console.log(
    "pipeline (parse+validate)".padEnd(28) +
      `${pipeRate.toFixed(0).padStart(12)} ${pipeCpu.toFixed(0).padStart(12)} ${Math.max(
        ...pipe.map((m) => m.maxRssMb),
      )
        .toFixed(0)
        .padStart(7)} MB`,
  );
  console.log(`${name} ratio: ${((pipeRate / refRate) * 100).toFixed(1)}% wall of the bare reader`);
}

async function main(): Promise<void> {
  const rows = Number(process.env.ROWS ?? 1_000_000);
  const runs = Number(process.env.RUNS ?? 3);
  const formatRows = Number(process.env.FORMAT_ROWS ?? 100_000);
  const parts = new Set((process.env.PARTS ?? "csv,xlsx,camt").split(","));
  const dir = await mkdtemp(join(tmpdir(), "mulegraph-bench-ingest-"));
  const file = join(dir, "register.csv");
  try {
    if (parts.has("csv")) await csvPart(file, rows, runs);
    if (parts.has("xlsx"))
      await formatPart(
        "xlsx",
        "bare exceljs",
        join(dir, "register.xlsx"),
        writeXlsx,
        "xlsx-reference",
        formatRows,
        runs,
      );
    if (parts.has("camt"))
      await formatPart(
        "camt.053",
        "bare fast-xml-parser",
        join(dir, "statement.xml"),
        writeCamt,
        "camt-reference",
        formatRows,
        runs,
      );
  } finally {
    if (process.env.KEEP === "1") console.log(`kept ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  }
}

/** The CSV register against bare csv-parse (the figures this bench has always printed). */
async function csvPart(file: string, rows: number, runs: number): Promise<void> {
  const tg = performance.now();
  await writeRegister(file, rows);
  const size = (await stat(file)).size;
  console.log(
    `register: ${rows} rows, ${(size / 1e6).toFixed(1)} MB, written in ${((performance.now() - tg) / 1000).toFixed(1)} s`,
  );
  const ref: Measurement[] = [];
  const pipe: Measurement[] = [];
  for (let i = 0; i < runs; i++) {
    ref.push(runChild("reference", file));
    pipe.push(runChild("pipeline", file));
    const r = ref[i]!;
    const p = pipe[i]!;
    console.log(
      `run ${i + 1}: csv-parse ${rate(r.rows, r.ms)} rows/s wall, ${rate(r.rows, r.cpuMs)} rows/s CPU, ` +
        `RSS ${r.maxRssMb.toFixed(0)} MB | pipeline ${rate(p.rows, p.ms)} rows/s wall, ` +
        `${rate(p.rows, p.cpuMs)} rows/s CPU, RSS ${p.maxRssMb.toFixed(0)} MB`,
    );
  }
  const refRate = median(ref.map((m) => m.rows / (m.ms / 1000)));
  const pipeRate = median(pipe.map((m) => m.rows / (m.ms / 1000)));
  const refCpu = median(ref.map((m) => m.rows / (m.cpuMs / 1000)));
  const pipeCpu = median(pipe.map((m) => m.rows / (m.cpuMs / 1000)));
  const rss = Math.max(...pipe.map((m) => m.maxRssMb));
  const last = pipe[pipe.length - 1]!;
  console.log(`pipeline counts: rowsRead ${last.rows}, ${JSON.stringify(last.extra)}`);
  console.log(
    `load average at the end: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")} on ${cpus().length} cores`,
  );
  console.log(`medians of ${runs} runs          wall rows/s   CPU rows/s`);
  console.log(
    `reference (bare csv-parse)  ${refRate.toFixed(0).padStart(12)} ${refCpu.toFixed(0).padStart(12)}`,
  );
  console.log(
    `pipeline (parse+validate)   ${pipeRate.toFixed(0).padStart(12)} ${pipeCpu.toFixed(0).padStart(12)}`,
  );
  console.log(
    `ratio: ${((pipeRate / refRate) * 100).toFixed(1)}% wall, ${((pipeCpu / refCpu) * 100).toFixed(1)}% CPU ` +
      `of bare csv-parse (target >= 40%)`,
  );
  console.log(`peak RSS of the pipeline: ${rss.toFixed(0)} MB (target < 400 MB)`);
}

const childAt = process.argv.indexOf("--child");
if (childAt >= 0) {
  const mode = process.argv[childAt + 1];
  const file = process.argv[childAt + 2]!;
  const m =
    mode === "reference"
      ? await childReference(file)
      : mode === "xlsx-reference"
        ? await childXlsxReference(file)
        : mode === "camt-reference"
          ? await childCamtReference(file)
          : await childPipeline(file);
  console.log(JSON.stringify(m));
} else {
  await main();
}
