/**
 * The freeze request letter as a PDF (pdfkit, A4), in DejaVu Sans so Cyrillic and Kazakh names print (the font the
 * evidence report uses, server/evidence/report-pdf.ts DEJAVU_FONTS). Its creation date is the request's, so the
 * same request gives the same bytes and its hash can be checked again.
 */
import { existsSync } from "node:fs";
import PDFDocument from "pdfkit";
import { formatLocal } from "../../model/time.js";
import { DEJAVU_FONTS } from "../evidence/report-pdf.js";
import type { FreezeRequestDocument } from "./documents.js";

const MARGIN = 50;

const kzt = (x: number): string => {
  const [whole, cents] = Math.abs(x).toFixed(2).split(".");
  return `${x < 0 ? "-" : ""}${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, " ")}.${cents}`;
};

/** Render the letter; `onWarning` is told when the DejaVu font is missing and Helvetica (no Cyrillic) is used. */
export function renderLetterPdf(
  d: FreezeRequestDocument,
  opts: { onWarning?: (message: string) => void } = {},
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    info: {
      Title: `Freeze request ${d.requestNumber}`,
      Author: d.createdBy,
      Subject: `Complaints ${d.complaints.map((c) => c.caseNo).join(", ")}`,
      Creator: "Mulegraph",
      Producer: "Mulegraph (pdfkit)",
      CreationDate: new Date(d.createdAt),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  let regular = "Helvetica";
  let bold = "Helvetica-Bold";
  if (existsSync(DEJAVU_FONTS.regular)) {
    doc.registerFont("body", DEJAVU_FONTS.regular);
    doc.registerFont("bold", existsSync(DEJAVU_FONTS.bold) ? DEJAVU_FONTS.bold : DEJAVU_FONTS.regular);
    regular = "body";
    bold = "bold";
  } else {
    opts.onWarning?.(
      `recovery/letter-pdf: font ${DEJAVU_FONTS.regular} not found (reinstall the dejavu-fonts-ttf package: npm ci); ` +
        "using Helvetica, which cannot print Cyrillic",
    );
  }
  const width = doc.page.width - 2 * MARGIN;

  doc.font(bold).fontSize(15).text(`Freeze request ${d.requestNumber}`);
  doc
    .font(regular)
    .fontSize(10)
    .fillColor("#444")
    .text("Запрос о приостановлении расходных операций по счетам");
  doc.moveDown(0.8).fillColor("black").fontSize(10);
  doc.text(`To: ${d.bank}`);
  doc.text(`From: ${d.createdBy}`);
  doc.text(`Date: ${formatLocal(d.createdAt)} (Asia/Almaty)`);
  doc.text(`Money traced as of: ${formatLocal(d.asOf)} (Asia/Almaty)`);
  doc.moveDown(0.8);
  doc.text(
    `Money stolen from the victims of the complaints listed below was traced, transfer by transfer (first in, first ` +
      `out), into the accounts at your bank listed below, where it was still held at the end of the data. We ask you ` +
      `to suspend outgoing operations on these accounts up to the amounts given, and to answer with what was frozen ` +
      `or why not, in the CSV attached to this request (columns status, amount_kzt, reason).`,
    { width, align: "left" },
  );
  doc.moveDown(0.8);

  doc.font(bold).text("Accounts");
  doc.font(regular);
  for (const a of d.accounts) {
    doc.moveDown(0.3);
    doc.font(bold).text(`${a.account}: ${kzt(a.amountKzt)} KZT`, { continued: false });
    doc.font(regular).text(
      `held since ${formatLocal(a.since)}; complaints ${Object.entries(a.byComplaint)
        .map(([c, v]) => `${c} (${kzt(v)} KZT)`)
        .join(", ")}`,
      { width },
    );
    if (a.complaintsOverlap) {
      doc.text(
        `The complaints overlap on the same money (one victim's stolen payment carried another victim's money): ` +
          `their claims add up to ${kzt(a.claimedKzt)} KZT; the account holds ${kzt(a.amountKzt)} KZT of it, ` +
          `the amount asked.`,
        { width },
      );
    }
    doc
      .fillColor("#444")
      .text(`incoming transfers: ${a.txIds.join(", ")}`, { width })
      .fillColor("black");
  }
  doc
    .moveDown(0.5)
    .font(bold)
    .text(`Total: ${kzt(d.totalKzt)} KZT`);
  doc.moveDown(0.8).text("Complaints");
  doc.font(regular);
  for (const c of d.complaints) {
    doc.text(
      `${c.caseNo}: victim account ${c.victimAccount}, registered ${formatLocal(c.registeredAt)}` +
        (c.incidentAt !== undefined ? `, incident ${formatLocal(c.incidentAt)}` : ""),
      { width },
    );
  }
  doc.moveDown(0.8).font(bold).text("Transactions");
  doc.font(regular).fontSize(8);
  for (const t of d.transactions) {
    doc.text(
      `${t.txId}  ${formatLocal(t.ts)}  ${t.from} → ${t.to}  ${kzt(t.amount)} ${t.currency}` +
        (t.currency !== "KZT" ? ` (${kzt(t.amountKzt)} KZT)` : ""),
      { width },
    );
  }
  doc.moveDown(1).fontSize(8).fillColor("#444");
  doc.text(`SHA-256 of the machine-readable request ${d.requestNumber}.json: ${d.jsonSha256}`, { width });
  doc.end();
  return done;
}
