import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatKzt } from "../../server/evidence/format.js";
import { renderReportHtml } from "../../server/evidence/report-html.js";
import { buildReport, type ReportBlock } from "../../server/evidence/report-model.js";
import { renderReportPdf } from "../../server/evidence/report-pdf.js";
import type { ReportInput } from "../../server/evidence/types.js";
import { DROP_1, DROP_2, evidenceSubgraph, FILE_A } from "./subgraph.fixtures.js";
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

/** A cluster export of the two drops, as `mulegraph export --cluster` builds it (caseNo null unless given). */
function clusterInput(caseNo: string | null): ReportInput {
  return {
    ...input(),
    caseNo,
    resolved: {
      selection: { cluster: "c-7" },
      subgraph: evidenceSubgraph(),
      cluster: {
        id: "c-7",
        rank: 1,
        score: 0.912,
        members: [DROP_1, DROP_2],
        reasons: ["receives money from 1 reported victim", "passes on 90% of inflow within 40 minutes"],
        typologies: ["fan_in", "cash_out"],
      },
      analysisRun: {
        runId: "run-1",
        startedAt: Date.UTC(2024, 5, 1),
        finishedAt: Date.UTC(2024, 5, 1, 0, 1),
        params: {
          louvainResolution: 1.25,
          seed: 42,
          dwellMinutes: 90,
          caveats: [
            {
              kind: "thin-history",
              text: "47% of the accounts (6685 of 14222) dealt with no counterparty twice in the data's 89 days",
              accounts: 14222,
              withoutRepeat: 6685,
              share: 0.47,
              spanDays: 89,
            },
          ],
        },
      },
    },
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

  describe("of a cluster", () => {
    it("opens with the case number and the cluster's summary, and keeps the parameters for the appendix at the end", async () => {
      const text = await pdfText(
        await renderReportPdf(buildReport(clusterInput(CASE_NO)), { author: "p", createdAt: 0 }),
      );
      const lines = text.split("\n");
      expect(lines[0]).toBe(`Case ${CASE_NO}`);
      const at = (needle: string) => {
        const i = text.indexOf(needle);
        expect(i, `"${needle}" in the PDF`).toBeGreaterThanOrEqual(0);
        return i;
      };
      const firstPage = text.split("\f")[0]!;
      for (const fact of [
        "Roles",
        "Money in (from outside)",
        "Money out (to outside)",
        "Typologies",
        "Top accounts",
      ])
        expect(firstPage).toContain(fact);
      expect(firstPage).toContain("receives money from 1 reported victim");
      // Typologies by their labels (model/typologies.ts), an unknown name with spaces for underscores.
      expect(firstPage).toContain("fan-in, cash out");
      expect(firstPage).not.toContain("louvainResolution");
      // The run's caveat about its data is read with the findings, in words, and not again as a parameter.
      expect(firstPage).toContain("Caveat about the data");
      expect(firstPage).toContain("47% of the accounts (6685 of 14222) dealt with no counterparty twice");
      expect(text).not.toContain("thin-history");
      // The appendix is the last section: after the method, with every parameter of the run.
      const appendix = at("Appendix: parameters and export record");
      expect(appendix).toBeGreaterThan(at("Method"));
      expect(at("louvainResolution")).toBeGreaterThan(appendix);
      expect(at("dwellMinutes")).toBeGreaterThan(appendix);
    });

    it("names each account's typologies beside its reasons in the Accounts section", () => {
      const input = clusterInput(null);
      const drop = input.resolved.subgraph.nodes.find((n) => n.key === DROP_1)!;
      drop.typologies = ["gather_scatter", "random"];
      const items = buildReport(input)
        .sections.find((s) => s.title === "Accounts")!
        .blocks.flatMap((b) => (b.kind === "list" ? b.items : []));
      expect(items.find((i) => i.startsWith(DROP_1))).toMatch(
        new RegExp(`^${DROP_1} \\(gather-scatter, layering chain\\): .+`),
      );
      expect(items.filter((i) => i.includes("layering chain"))).toHaveLength(1);
    });

    it("counts the money that entered the cluster from outside and left it", () => {
      const doc = buildReport(clusterInput(null));
      const [facts] = doc.sections[0]!.blocks.filter((b) => b.kind === "facts").slice(1);
      const rows = new Map(facts!.kind === "facts" ? facts.rows : []);
      // The victim's two transfers in; out: DROP_2 to the exchange; the internal DROP_1 → DROP_2 counts neither way.
      expect(rows.get("Money in (from outside)")).toBe(`${formatKzt(1_500_000.5)} in 2 transfers`);
      expect(rows.get("Money out (to outside)")).toBe(`${formatKzt(1_000_000)} in 1 transfer`);
      expect(rows.get("Cash withdrawn")).toBe(`${formatKzt(300_000)} in 1 withdrawal`);
      expect(rows.get("Roles")).toBe("drop 1, hub 1");
      const top = doc.sections[0]!.blocks.find((b) => b.kind === "table");
      expect(top?.kind === "table" && top.rows.map((r) => r[0])).toEqual([DROP_2, DROP_1]);
    });

    it('names the cluster in the title when there is no case number, never a bare "Case —"', async () => {
      const doc = buildReport(clusterInput(null));
      expect(doc.subject).toBe("Cluster c-7");
      const text = await pdfText(await renderReportPdf(doc, { author: "p", createdAt: 0 }));
      expect(text.split("\n")[0]).toBe("Cluster c-7");
      expect(text).not.toContain("Case —");
      expect(text).toContain("Cluster c-7 — page 1 of");
      expect(renderReportHtml(doc)).toContain("<h1>Cluster c-7</h1>");
    });
  });
});
