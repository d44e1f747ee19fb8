/**
 * The text of a PDF, line by line, read with Mozilla's PDF.js (pdfjs-dist) so that tests need no system tool
 * (pdftotext). Text runs are grouped into lines by their baseline and ordered left to right, like
 * `pdftotext -layout` without the column padding: one space between runs that do not touch.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

/** PDF.js's metrics of the 14 standard fonts (a report that fell back to Helvetica uses them). */
const STANDARD_FONTS =
  path.join(
    path.dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json")),
    "standard_fonts",
  ) + path.sep;

interface Run {
  x: number;
  y: number;
  width: number;
  str: string;
}

/** Lines of text of every page, pages separated by a form feed like pdftotext. */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  // PDF.js detaches the buffer it is given: hand it a copy.
  const doc = await getDocument({
    data: new Uint8Array(pdf),
    useSystemFonts: false,
    isEvalSupported: false,
    standardFontDataUrl: STANDARD_FONTS,
  }).promise;
  const pages: string[] = [];
  try {
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      const runs: Run[] = [];
      for (const item of content.items) {
        if (!("str" in item) || item.str === "") continue;
        runs.push({
          x: item.transform[4] as number,
          y: item.transform[5] as number,
          width: item.width,
          str: item.str,
        });
      }
      pages.push(toLines(runs).join("\n"));
    }
  } finally {
    await doc.destroy();
  }
  return pages.join("\n\f");
}

/** Runs whose baselines lie within 2 points of each other form one line; lines top to bottom. */
function toLines(runs: Run[]): string[] {
  const sorted = [...runs].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: Run[][] = [];
  for (const r of sorted) {
    const line = lines[lines.length - 1];
    if (line && Math.abs(line[0]!.y - r.y) <= 2) line.push(r);
    else lines.push([r]);
  }
  return lines.map((line) => {
    line.sort((a, b) => a.x - b.x);
    let out = "";
    let end = -Infinity;
    for (const r of line) {
      if (out !== "" && r.x - end > 1) out += " ";
      out += r.str;
      end = r.x + r.width;
    }
    return out;
  });
}
