import { describe, expect, it } from "vitest";
import { createProgressBar, formatProgress, renderBar } from "../../cli/progress.js";

/** A stand-in for process.stderr that records what is written. */
function recorder(columns = 120) {
  const writes: string[] = [];
  const stream = { columns, write: (s: string) => writes.push(s) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, writes };
}

describe("ingest progress bar", () => {
  it.each([
    [0, "[----------]"],
    [0.25, "[###-------]"],
    [0.5, "[#####-----]"],
    [1, "[##########]"],
    [1.7, "[##########]"],
    [-1, "[----------]"],
    [Number.NaN, "[----------]"],
  ])("draws %s as %s", (fraction, bar) => {
    expect(renderBar(fraction, 10)).toBe(bar);
  });

  it("shows percent, rows, records stored with their rate, and the file", () => {
    const line = formatProgress({
      bytesDone: 300,
      bytesTotal: 1200,
      file: "kaspi-register.csv",
      rowsRead: 1500,
      stored: 4000,
      elapsedMs: 2000,
    });
    expect(line).toBe(
      "[######------------------]  25%  1500 rows, 4000 records stored (2000/s)  kaspi-register.csv",
    );
    expect(
      formatProgress({ bytesDone: 0, bytesTotal: 0, file: "", rowsRead: 0, stored: 0, elapsedMs: 0 }, 20),
    ).toHaveLength(20);
  });

  it("writes nothing when disabled (no terminal, or --json)", () => {
    const { stream, writes } = recorder();
    const bar = createProgressBar({ stream, bytesTotal: 10, enabled: false });
    bar.update({ bytesDone: 5, file: "a.csv" });
    bar.clear();
    bar.done();
    expect(writes).toEqual([]);
  });

  it("redraws in place at most once per interval and ends the line when done", () => {
    const { stream, writes } = recorder();
    let t = 0;
    const bar = createProgressBar({ stream, bytesTotal: 100, enabled: true, intervalMs: 100, now: () => t });
    bar.update({ bytesDone: 10, file: "a.csv" });
    t = 50;
    bar.update({ bytesDone: 20 });
    t = 150;
    bar.update({ bytesDone: 100, rowsRead: 7, stored: 3 });
    bar.done();
    expect(writes).toHaveLength(4);
    expect(writes.slice(0, 3).every((w) => w.startsWith("\r\x1b[2K"))).toBe(true);
    expect(writes[0]).toContain(" 10%");
    expect(writes[1]).toContain("100%  7 rows, 3 records stored");
    expect(writes[3]).toBe("\n");
  });
});
