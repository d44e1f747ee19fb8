/**
 * The per-chunk pre-check of the per-row encoding check (ingest/encoding.ts ChunkEncodingCheck): rows are checked
 * only in chunks that may hold another encoding, so it must never call such a chunk clean, wherever the chunk
 * boundaries fall, and a file far larger than one read chunk still gets every foreign row rejected.
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import iconv from "iconv-lite";
import { afterAll, describe, expect, it } from "vitest";
import { ChunkEncodingCheck } from "../../ingest/encoding.js";
import { ingestFiles } from "../../ingest/index.js";
import { HEADER, IVANOV, mixedRegister, PETROV, row } from "../hostile/hostile.fixtures.js";
import { tempDir } from "./fixtures.js";

const dir = tempDir("mulegraph-enc-chunks-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Feed `bytes` in chunks cut at `cuts`; which chunks were suspect, and at the end. */
function feed(check: ChunkEncodingCheck, bytes: Buffer, cuts: number[], cp1251 = false): boolean[] {
  const points = [...new Set([0, ...cuts.filter((c) => c > 0 && c < bytes.length), bytes.length])].sort(
    (a, b) => a - b,
  );
  const decoder = cp1251 ? iconv.getDecoder("win1251") : null;
  const out: boolean[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const raw = bytes.subarray(points[i], points[i + 1]);
    out.push(check.suspect(raw, decoder ? decoder.write(raw) : undefined));
  }
  out.push(check.suspectAtEnd());
  return out;
}

const cyrillic = fc.string({
  unit: fc.constantFrom(..."абвгдеёжзийклмнопрстуфхцчшщъыьэюяӘәҒғҚқҢңӨөҰұҮүҺһІі 0123;"),
  maxLength: 200,
});

describe("chunk encoding pre-check", () => {
  it("calls no chunk of well-formed UTF-8 suspect, wherever the chunks are cut (inside a letter too)", () => {
    fc.assert(
      fc.property(cyrillic, fc.array(fc.nat(600), { maxLength: 8 }), (text, cuts) => {
        const suspects = feed(new ChunkEncodingCheck("utf8"), Buffer.from(text, "utf8"), cuts);
        expect(suspects.every((s) => !s)).toBe(true);
      }),
    );
  });

  it("calls the chunk that holds a Windows-1251 byte suspect, even when the byte ends the file", () => {
    fc.assert(
      fc.property(cyrillic, cyrillic, fc.array(fc.nat(900), { maxLength: 8 }), (a, b, cuts) => {
        const bytes = Buffer.concat([
          Buffer.from(a, "utf8"),
          iconv.encode("Иван", "win1251"),
          Buffer.from(b, "utf8"),
        ]);
        expect(feed(new ChunkEncodingCheck("utf8"), bytes, cuts).some((s) => s)).toBe(true);
      }),
    );
    const last = feed(
      new ChunkEncodingCheck("utf8"),
      Buffer.concat([Buffer.from("ok;"), Buffer.from([0xc8])]),
      [],
    );
    expect(last.at(-1)).toBe(true);
  });

  it("calls a Windows-1251 chunk suspect when a UTF-8 word straddles its start", () => {
    const bytes = Buffer.concat([iconv.encode("Отправитель;", "win1251"), Buffer.from("Иванов", "utf8")]);
    const seam = iconv.encode("Отправитель;", "win1251").length + 1; // between the two bytes of "И"
    const suspects = feed(new ChunkEncodingCheck("cp1251"), bytes, [seam], true);
    expect(suspects.slice(0, 2).some((s) => s)).toBe(true);
  });

  it("rejects every foreign row of a file many read chunks long, and only those", async () => {
    const filler = Array.from({ length: 6000 }, (_, i) =>
      row(`F-${i}`, "04.03.2024 09:00:00", i % 2 ? IVANOV : PETROV, `${i + 1},00`),
    );
    const lines = [HEADER, ...filler];
    const bad = [2, 1500, 2600, 4001, lines.length];
    const bytes = Buffer.concat(
      lines.map((l, i) => iconv.encode(l + "\r\n", bad.includes(i + 1) ? "win1251" : "utf8")),
    );
    expect(bytes.length).toBeGreaterThan(4 * 256 * 1024);
    const file = join(dir, "long-mixed.csv");
    writeFileSync(file, bytes);
    const summary = await ingestFiles([file]);
    const f = summary.files[0]!;
    expect(f).toMatchObject({ encoding: "utf8", rowsRead: 6000, rejected: bad.length });
    expect(f.rejects.map((r) => r.line)).toEqual(bad);
  });

  it("rejects a UTF-8 row deep inside a long Windows-1251 file", async () => {
    const filler = Array.from({ length: 5000 }, (_, i) =>
      row(`W-${i}`, "04.03.2024 09:00:00", IVANOV, `${i + 1},00`),
    );
    const lines = [HEADER, ...filler];
    const file = join(dir, "long-1251.csv");
    writeFileSync(file, mixedRegister(lines, 3777, "win1251", "utf8"));
    const f = (await ingestFiles([file])).files[0]!;
    expect(f).toMatchObject({ encoding: "cp1251", rejected: 1 });
    expect(f.rejects.map((r) => r.line)).toEqual([3777]);
  });
});
