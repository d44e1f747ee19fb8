import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatKzt } from "../../server/evidence/format.js";
import { renderReportHtml } from "../../server/evidence/report-html.js";
import { buildReport, type ReportBlock } from "../../server/evidence/report-model.js";
import { renderReportPdf } from "../../server/evidence/report-pdf.js";
import type { ReportInput } from "../../server/evidence/types.js";
import { evidenceSubgraph, FILE_A } from "./subgraph.fixtures.js";
import { pdfText } from "../support/pdf-text.js";
import { CASE_NO, evidenceTrace } from "./trace.fixtures.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "mulegraph-report-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function input(): ReportInput {
  return {
    resolved: { selection: { trace: CASE_NO }, subgraph: evidenceSubgraph(), trace: evidenceTrace() },
    caseNo: CASE_NO,
    actor: "prosecutor <b>1</b>",
    exportedAt: Date.UTC(2024, 5, 1, 6, 30),
    appVersion: "9.9.9",
    sourceFiles: [{ sha256: FILE_A, name: "выписка.csv", bytes: 100, exportKind: "statement", rowsRead: 4 }],
    auditHead: null,
  };
}

const tables = (blocks: ReportBlock[]) => blocks.filter((b) => b.kind === "table");

describe("evidence report", () => {
  it("totals the exits and the freeze list of the trace", () => {
    const trace = evidenceTrace();
    const doc = buildReport(input());
    const section = (title: string) => doc.sections.find((s) => s.title === title)!;
    const [exits] = tables(section("Exits").blocks);
    const [freeze] = tables(section("Freeze list").blocks);
    const sum = (xs: { amountKzt: number }[]) => xs.reduce((s, x) => s + x.amountKzt, 0);
    expect(exits!.total).toContain(formatKzt(sum(trace.exits)));
    expect(freeze!.total).toContain(formatKzt(sum(trace.freezeList)));
    expect(freeze!.rows).toHaveLength(trace.freezeList.length);
  });

  it("prints the case number, the freeze-list total and Cyrillic names in the PDF", async () => {
    const trace = evidenceTrace();
    const text = await pdfText(await renderReportPdf(buildReport(input()), { author: "p", createdAt: 0 }));
    expect(text).toContain(CASE_NO);
    expect(text).toContain(formatKzt(trace.freezeList.reduce((s, f) => s + f.amountKzt, 0)));
    expect(text).toContain("Ахметова Айгерим");
  });

  it("renders the same PDF bytes for the same report", async () => {
    const doc = buildReport(input());
    const a = await renderReportPdf(doc, { author: "p", createdAt: 0 });
    const b = await renderReportPdf(doc, { author: "p", createdAt: 0 });
    expect(a.equals(b)).toBe(true);
  });

  it("falls back to a built-in font with a warning when the TrueType font is missing", async () => {
    const warnings: string[] = [];
    const pdf = await renderReportPdf(
      buildReport(input()),
      { author: "p", createdAt: 0 },
      { fonts: { regular: path.join(dir, "no-such-font.ttf") }, onWarning: (m) => warnings.push(m) },
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("dejavu-fonts-ttf");
    expect(await pdfText(pdf)).toContain(CASE_NO);
  });

  it("escapes every user value in the HTML and loads nothing from outside", () => {
    const html = renderReportHtml(buildReport(input()));
    expect(html).not.toContain("<b>1</b>");
    expect(html).toContain("prosecutor &lt;b&gt;1&lt;/b&gt;");
    expect(html).toContain("=HYPERLINK(&quot;http://evil.example&quot;");
    expect(html).not.toMatch(/<script|src=|href=/i);
    expect(html).toContain("default-src 'none'");
  });
});
