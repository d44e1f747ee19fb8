import { readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { ingestFiles } from "../../ingest/index.js";
import { makeKzIban } from "../../model/identifiers.js";
import type { CanonicalRecord } from "../../model/records.js";
import { formatLocal } from "../../model/time.js";
import { collector, ofKind, tempDir, writeCp1251 } from "./fixtures.js";

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ACCOUNTS = Array.from({ length: 40 }, (_, i) => makeKzIban("722", `S${String(i).padStart(12, "0")}`));

/**
 * A register of `rows` transfers, big enough to span many 256 KiB reads: Cyrillic purposes (multi-byte in UTF-8),
 * every 97th purpose quoted over two lines, every 101st row followed by a blank line, every 89th an all-empty row.
 */
function registerText(rows: number, quoted = true): string {
  const lines = ["Референс;Дата операции;Счет отправителя;Счет получателя;Сумма;Валюта;Назначение платежа"];
  for (let i = 0; i < rows; i++) {
    const purpose =
      quoted && i % 97 === 0 ? `"Перевод №${i}\nвторая строка"` : `Перевод средств по договору №${i} — ёжик`;
    const from = ACCOUNTS[i % ACCOUNTS.length]!;
    const to = ACCOUNTS[(i * 7 + 1) % ACCOUNTS.length]!;
    const ts = formatLocal(Date.UTC(2024, 1, 1) + i * 60_000);
    lines.push(
      `T${i};${ts};${from};${to === from ? ACCOUNTS[(i + 1) % 40] : to};${i + 1} 000,${String(i % 100).padStart(2, "0")};KZT;${purpose}`,
    );
    if (i % 101 === 0) lines.push("");
    if (i % 89 === 0) lines.push(";;;;;;");
  }
  return lines.join("\n") + "\n";
}

/** Check that each transfer's source line is the line where its row starts. */
function expectLinesMatch(records: CanonicalRecord[], fileLines: string[]): void {
  for (const t of ofKind(records, "transfer")) {
    expect(fileLines[t.sources[0]!.line - 1]!.startsWith(`${t.txId};`)).toBe(true);
  }
}

describe("streaming big files", () => {
  const ROWS = 30_000;
  const text = registerText(ROWS);

  it("gives every row of a multi-chunk UTF-8 file its own line number, across quoted line breaks and blank lines", async () => {
    const p = join(dir, "big-utf8.csv");
    writeFileSync(p, text);
    expect(statSync(p).size).toBeGreaterThan(4 * 256 * 1024);
    const c = collector();
    const s = await ingestFiles([p], { onBatch: c.onBatch });
    expect(s.files[0]).toMatchObject({ rowsRead: ROWS, accepted: ROWS, rejected: 0 });
    const transfers = ofKind(c.records, "transfer");
    expect(transfers).toHaveLength(ROWS);
    expectLinesMatch(c.records, readFileSync(p, "utf8").split("\n"));
    expect(transfers[97]!.purpose).toBe("Перевод №97\nвторая строка");
    expect(transfers[98]!.purpose).toBe("Перевод средств по договору №98 — ёжик");
  });

  it("does the same for a Windows-1251 file with CRLF line ends", async () => {
    const p = writeCp1251(join(dir, "big-cp1251.csv"), text);
    const c = collector();
    const s = await ingestFiles([p], { onBatch: c.onBatch });
    expect(s.files[0]).toMatchObject({ encoding: "cp1251", rowsRead: ROWS, accepted: ROWS });
    expectLinesMatch(c.records, readFileSync(p, "latin1").split("\r\n"));
    expect(ofKind(c.records, "transfer")[98]!.purpose).toBe("Перевод средств по договору №98 — ёжик");
  });

  it("hands records over in batches of the configured size, with the source-file record last", async () => {
    const p = join(dir, "batches.csv");
    writeFileSync(p, registerText(2_000));
    const c = collector();
    await ingestFiles([p], { onBatch: c.onBatch, batchSize: 100 });
    // A row adds up to 5 records (transfer, two accounts): a batch closes at the first row that reaches the size.
    expect(Math.max(...c.batches)).toBeLessThan(100 + 5);
    expect(c.batches.length).toBeGreaterThan(20);
    expect(c.records[c.records.length - 1]!.kind).toBe("sourceFile");
  });

  it("does not parse ahead while onBatch is still working (backpressure)", async () => {
    const p = join(dir, "slow.csv");
    writeFileSync(p, registerText(3_000));
    let inFlight = false;
    let progressDuringBatch = 0;
    let batches = 0;
    await ingestFiles([p], {
      batchSize: 500,
      onBatch: async () => {
        inFlight = true;
        batches++;
        await sleep(2);
        inFlight = false;
      },
      onProgress: () => {
        if (inFlight) progressDuringBatch++;
      },
    });
    expect(batches).toBeGreaterThan(3);
    expect(progressDuringBatch).toBe(0);
  });

  it("stops and rethrows when onBatch fails (a lost database connection)", async () => {
    const p = join(dir, "fail.csv");
    writeFileSync(p, registerText(3_000));
    let calls = 0;
    // Driver errors carry a code (Neo4j: ServiceUnavailable); it must come back as it is, not as a file problem.
    const err = Object.assign(new Error("connection lost"), { code: "ServiceUnavailable" });
    await expect(
      ingestFiles([p], {
        batchSize: 200,
        onBatch: async () => {
          calls++;
          if (calls === 2) throw err;
        },
      }),
    ).rejects.toBe(err);
    expect(calls).toBe(2);
  });

  it("reports progress up to the whole file", async () => {
    const p = join(dir, "progress.csv");
    writeFileSync(p, registerText(5_000));
    const seen: { bytesRead: number; bytesTotal: number; rowsRead: number }[] = [];
    await ingestFiles([p], { onProgress: (x) => seen.push(x) });
    const last = seen[seen.length - 1]!;
    expect(last).toMatchObject({
      bytesRead: statSync(p).size,
      bytesTotal: statSync(p).size,
      rowsRead: 5_000,
    });
    for (let i = 1; i < seen.length; i++)
      expect(seen[i]!.bytesRead).toBeGreaterThanOrEqual(seen[i - 1]!.bytesRead);
  });

  it("rejects a never-closed quote with the range of lines it swallowed, without holding them in memory", async () => {
    const body = registerText(20_000, false).split("\n");
    // Row T1 opens a quote that never closes; everything after it is one unreadable value (over 1 MiB).
    const at = body.findIndex((l) => l.startsWith("T1;"));
    body[at] = body[at]!.replace(/;KZT;.*$/, ';KZT;"никогда не закрывается');
    const p = join(dir, "runaway.csv");
    writeFileSync(p, body.join("\n"));
    const c = collector();
    const s = await ingestFiles([p], { onBatch: c.onBatch });
    const f = s.files[0]!;
    expect(f).toMatchObject({ rowsRead: 2, accepted: 1, rejected: 1 });
    expect(f.rejects[0]!.line).toBe(at + 1);
    expect(f.rejects[0]!.reason).toMatch(/never closed/);
    // The file ends with a newline, so its last line is body.length - 1.
    expect(f.rejects[0]!.reason).toContain(`lines ${at + 1}–${body.length - 1} `);
  });
});
