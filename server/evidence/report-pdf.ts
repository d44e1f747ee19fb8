/**
 * The report as a PDF (pdfkit): A4, DejaVu Sans so that Cyrillic and Kazakh names print, tables drawn row by row
 * with the header repeated on each page, the graph drawn from the same scene as the HTML report, and a footer with
 * the case number and page count. The font ships with the app (the dejavu-fonts-ttf package), so a fresh machine
 * prints Cyrillic without system fonts; if its files are missing it falls back to Helvetica with a warning: Latin text
 * still prints, Cyrillic does not.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import PDFDocument from "pdfkit";
import type { Scene } from "./picture.js";
import type { ReportBlock, ReportColumn, ReportDocument } from "./report-model.js";

const DEJAVU_DIR = path.join(
  path.dirname(createRequire(import.meta.url).resolve("dejavu-fonts-ttf/package.json")),
  "ttf",
);

/** DejaVu Sans from the dejavu-fonts-ttf package (the same files as Debian's fonts-dejavu-core). */
export const DEJAVU_FONTS = {
  regular: path.join(DEJAVU_DIR, "DejaVuSans.ttf"),
  bold: path.join(DEJAVU_DIR, "DejaVuSans-Bold.ttf"),
};

export interface PdfOptions {
  /** TrueType files for body and bold text; default DejaVu Sans (DEJAVU_FONTS). */
  fonts?: { regular: string; bold?: string };
  /** Told when the report falls back to a built-in font. */
  onWarning?: (message: string) => void;
}

export interface PdfMeta {
  author: string;
  /** Epoch ms: the PDF's creation date (fixed, so the same export gives the same bytes). */
  createdAt: number;
}

const MARGIN = 40;
const BODY = 9;
const SMALL = 7.5;
const PAD = 3;

type Doc = PDFKit.PDFDocument;

interface Fonts {
  regular: string;
  bold: string;
}

function loadFonts(doc: Doc, opts: PdfOptions): Fonts {
  const wanted = opts.fonts ?? DEJAVU_FONTS;
  if (existsSync(wanted.regular)) {
    doc.registerFont("body", wanted.regular);
    doc.registerFont("bold", wanted.bold && existsSync(wanted.bold) ? wanted.bold : wanted.regular);
    return { regular: "body", bold: "bold" };
  }
  opts.onWarning?.(
    `evidence/report-pdf: font ${wanted.regular} not found (reinstall the dejavu-fonts-ttf package: npm ci); ` +
      "using Helvetica, which cannot print Cyrillic: names in Cyrillic will be missing from the PDF",
  );
  return { regular: "Helvetica", bold: "Helvetica-Bold" };
}

class PdfWriter {
  private readonly width: number;

  constructor(
    private readonly doc: Doc,
    private readonly fonts: Fonts,
  ) {
    this.width = doc.page.width - 2 * MARGIN;
  }

  private get bottom(): number {
    return this.doc.page.height - MARGIN - 16;
  }

  /** Start a new page when fewer than `height` points are left. */
  private need(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  title(text: string, sub: string): void {
    this.doc.font(this.fonts.bold).fontSize(16).text(text, MARGIN, MARGIN, { width: this.width });
    this.doc.font(this.fonts.regular).fontSize(11).text(sub, { width: this.width });
    this.doc.moveDown(0.5);
  }

  /** A section title, kept on one page with `keepWith` points of what follows it. */
  heading(text: string, keepWith = 40): void {
    this.need(20 + keepWith);
    this.doc.moveDown(0.6);
    this.doc
      .font(this.fonts.bold)
      .fontSize(12)
      .fillColor("#000")
      .text(text, MARGIN, this.doc.y, { width: this.width });
    const y = this.doc.y + 1;
    this.doc
      .moveTo(MARGIN, y)
      .lineTo(MARGIN + this.width, y)
      .lineWidth(0.5)
      .strokeColor("#999")
      .stroke();
    this.doc.y = y + 4;
  }

  paragraph(text: string, opts: { size?: number; colour?: string } = {}): void {
    this.doc.font(this.fonts.regular).fontSize(opts.size ?? BODY);
    this.need(this.doc.heightOfString(text, { width: this.width }));
    this.doc.fillColor(opts.colour ?? "#000").text(text, MARGIN, this.doc.y, { width: this.width });
    this.doc.fillColor("#000").moveDown(0.4);
  }

  facts(rows: [string, string][]): void {
    const keyWidth = 130;
    const valueWidth = this.width - keyWidth - PAD;
    this.doc.fontSize(BODY);
    for (const [k, v] of rows) {
      this.doc.font(this.fonts.regular);
      const h = Math.max(
        this.doc.heightOfString(k, { width: keyWidth }),
        this.doc.heightOfString(v, { width: valueWidth }),
      );
      this.need(h + 2);
      const y = this.doc.y;
      this.doc.fillColor("#555").text(k, MARGIN, y, { width: keyWidth });
      this.doc.fillColor("#000").text(v, MARGIN + keyWidth + PAD, y, { width: valueWidth });
      this.doc.y = y + h + 2;
    }
    this.doc.moveDown(0.3);
  }

  private tableRow(
    cells: string[],
    columns: ReportColumn[],
    widths: number[],
    font: string,
    fill?: string,
  ): void {
    this.doc.font(font).fontSize(SMALL);
    const heights = cells.map((c, i) => this.doc.heightOfString(c || " ", { width: widths[i]! - 2 * PAD }));
    const h = Math.max(...heights) + 2 * PAD;
    const y = this.doc.y;
    let x = MARGIN;
    if (fill) this.doc.rect(MARGIN, y, this.width, h).fill(fill);
    this.doc.fillColor("#000");
    cells.forEach((c, i) => {
      const w = widths[i]!;
      this.doc.text(c, x + PAD, y + PAD, { width: w - 2 * PAD, align: columns[i]?.align ?? "left" });
      x += w;
    });
    this.doc
      .moveTo(MARGIN, y + h)
      .lineTo(MARGIN + this.width, y + h)
      .lineWidth(0.3)
      .strokeColor("#bbb")
      .stroke();
    this.doc.y = y + h;
  }

  private rowHeight(cells: string[], widths: number[], font: string): number {
    this.doc.font(font).fontSize(SMALL);
    return (
      Math.max(...cells.map((c, i) => this.doc.heightOfString(c || " ", { width: widths[i]! - 2 * PAD }))) +
      2 * PAD
    );
  }

  table(columns: ReportColumn[], rows: string[][], total?: string[], note?: string): void {
    const weights = columns.map((c) => c.weight ?? 1);
    const sum = weights.reduce((a, b) => a + b, 0);
    const widths = weights.map((w) => (w / sum) * this.width);
    const header = columns.map((c) => c.title);
    const drawHeader = () => this.tableRow(header, columns, widths, this.fonts.bold, "#eeeeee");
    this.need(
      this.rowHeight(header, widths, this.fonts.bold) +
        (rows[0] ? this.rowHeight(rows[0], widths, this.fonts.regular) : 0),
    );
    drawHeader();
    for (const row of [...rows, ...(total ? [total] : [])]) {
      const isTotal = row === total;
      const font = isTotal ? this.fonts.bold : this.fonts.regular;
      if (this.doc.y + this.rowHeight(row, widths, font) > this.bottom) {
        this.doc.addPage();
        drawHeader();
      }
      this.tableRow(row, columns, widths, font, isTotal ? "#f5f5f5" : undefined);
    }
    this.doc.moveDown(0.4);
    if (note) this.paragraph(note, { size: SMALL, colour: "#555" });
  }

  list(items: string[]): void {
    for (const item of items) this.paragraph(`• ${item}`);
  }

  picture(scene: Scene, caption: string): void {
    this.need(scene.height + 40);
    const ox = MARGIN + (this.width - scene.width) / 2;
    const oy = this.doc.y;
    const doc = this.doc;
    doc.save();
    doc.rect(ox, oy, scene.width, scene.height).lineWidth(0.5).strokeColor("#ccc").stroke();
    for (const e of scene.edges) {
      doc
        .moveTo(ox + e.x1, oy + e.y1)
        .lineTo(ox + e.x2, oy + e.y2)
        .lineWidth(e.width)
        .strokeColor(e.stroke, 0.8)
        .stroke();
      const [a, b, c] = e.arrow;
      doc
        .polygon([ox + a![0], oy + a![1]], [ox + b![0], oy + b![1]], [ox + c![0], oy + c![1]])
        .fillColor(e.stroke)
        .fill();
    }
    for (const node of scene.nodes) {
      doc
        .circle(ox + node.x, oy + node.y, node.r)
        .lineWidth(0.5)
        .fillColor(node.fill)
        .strokeColor("#ffffff")
        .fillAndStroke();
    }
    doc.font(this.fonts.regular).fontSize(6).fillColor("#000");
    for (const node of scene.nodes) {
      if (node.label) doc.text(node.label, ox + node.x + node.r + 1.5, oy + node.y - 3, { lineBreak: false });
    }
    doc.restore();
    doc.y = oy + scene.height + 6;
    let x = MARGIN;
    doc.font(this.fonts.regular).fontSize(SMALL);
    for (const l of scene.legend) {
      const w = doc.widthOfString(l.label) + 18;
      if (x + w > MARGIN + this.width) {
        x = MARGIN;
        doc.y += 11;
      }
      doc
        .circle(x + 4, doc.y + 4, 3.5)
        .fillColor(l.colour)
        .fill();
      doc.fillColor("#000").text(l.label, x + 10, doc.y, { lineBreak: false });
      x += w;
    }
    doc.y += 14;
    this.paragraph(caption, { size: SMALL, colour: "#555" });
  }

  block(b: ReportBlock): void {
    switch (b.kind) {
      case "facts":
        return this.facts(b.rows);
      case "paragraph":
        return this.paragraph(b.text);
      case "list":
        return this.list(b.items);
      case "table":
        return this.table(b.columns, b.rows, b.total, b.note);
      case "picture":
        return this.picture(b.scene, b.caption);
    }
  }

  footer(subject: string): void {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const bottomMargin = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0; // writing inside the margin must not start a new page
      this.doc
        .font(this.fonts.regular)
        .fontSize(SMALL)
        .fillColor("#555")
        .text(`${subject} — page ${i + 1} of ${range.count}`, MARGIN, this.doc.page.height - MARGIN + 6, {
          width: this.width,
          align: "center",
          lineBreak: false,
        });
      this.doc.page.margins.bottom = bottomMargin;
    }
  }
}

/** Render the report document as PDF bytes. */
export function renderReportPdf(
  report: ReportDocument,
  meta: PdfMeta,
  opts: PdfOptions = {},
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: `${report.subject} — ${report.title}`,
      Author: meta.author,
      Subject: report.subject,
      Creator: "Mulegraph",
      Producer: "Mulegraph (pdfkit)",
      CreationDate: new Date(meta.createdAt),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const writer = new PdfWriter(doc, loadFonts(doc, opts));
  writer.title(report.subject, report.title);
  for (const section of report.sections) {
    const first = section.blocks[0];
    writer.heading(section.title, first?.kind === "picture" ? first.scene.height + 40 : 40);
    for (const b of section.blocks) writer.block(b);
  }
  writer.footer(report.subject);
  doc.end();
  return done;
}
