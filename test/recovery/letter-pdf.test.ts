/**
 * The freeze request letter: its text (read back with pdfjs-dist, test/support/pdf-text.ts) names the request, the
 * bank, every account with its amount and complaints, the transactions and the JSON file's hash, and prints
 * Cyrillic; the same request gives the same bytes.
 */
import { describe, expect, it } from "vitest";
import type { FreezeRequestDocument } from "../../server/recovery/index.js";
import { renderLetterPdf } from "../../server/recovery/letter-pdf.js";
import { pdfText } from "../support/pdf-text.js";

const doc: FreezeRequestDocument = {
  requestNumber: "FR-2026-0007",
  bank: "HSBKKZKX",
  createdAt: Date.UTC(2026, 11, 4, 10, 0),
  createdBy: "Иванов",
  asOf: Date.UTC(2024, 3, 13, 17, 0),
  complaints: [
    { caseNo: "247511031000008", victimAccount: "KZ17601KZT4171060080", registeredAt: Date.UTC(2024, 4, 4) },
  ],
  accounts: [
    {
      account: "KZ88722S229135889412",
      amountKzt: 93_700,
      claimedKzt: 93_700,
      complaintsOverlap: false,
      since: Date.UTC(2024, 1, 22, 6, 12),
      txIds: ["R-1001", "R-1002"],
      byComplaint: { "247511031000008": 93_700 },
    },
  ],
  transactions: [
    {
      txId: "R-1001",
      from: "KZ17601KZT4171060080",
      to: "KZ88722S229135889412",
      ts: Date.UTC(2024, 1, 22, 6, 12),
      amount: 500,
      currency: "USD",
      amountKzt: 235_000,
    },
  ],
  totalKzt: 93_700,
  jsonSha256: "ab".repeat(32),
};

describe("freeze request letter", () => {
  it("names the request, the bank, the accounts, the complaints, the transactions and the JSON hash", async () => {
    const warnings: string[] = [];
    const text = (await pdfText(await renderLetterPdf(doc, { onWarning: (m) => warnings.push(m) }))).replace(
      /\s+/g,
      " ",
    );
    expect(warnings).toEqual([]);
    for (const part of [
      "Freeze request FR-2026-0007",
      "Запрос о приостановлении",
      "To: HSBKKZKX",
      "From: Иванов",
      "KZ88722S229135889412: 93 700.00 KZT",
      "247511031000008 (93 700.00 KZT)",
      "R-1001",
      "500.00 USD (235 000.00 KZT)",
      "ab".repeat(32),
    ]) {
      expect(text).toContain(part);
    }
  });

  it("says when the complaints overlap on the money of an account, with their claims and the amount asked", async () => {
    const overlapping: FreezeRequestDocument = {
      ...doc,
      accounts: [
        {
          ...doc.accounts[0]!,
          amountKzt: 40_000,
          claimedKzt: 53_000,
          complaintsOverlap: true,
          byComplaint: { "247511031000008": 40_000, "247511031000009": 13_000 },
        },
      ],
      totalKzt: 40_000,
    };
    const text = (await pdfText(await renderLetterPdf(overlapping))).replace(/\s+/g, " ");
    expect(text).toContain("KZ88722S229135889412: 40 000.00 KZT");
    expect(text).toContain("The complaints overlap on the same money");
    expect(text).toContain("their claims add up to 53 000.00 KZT; the account holds 40 000.00 KZT");
    expect(text).toContain("Total: 40 000.00 KZT");
    const plain = (await pdfText(await renderLetterPdf(doc))).replace(/\s+/g, " ");
    expect(plain).not.toContain("overlap");
  });

  it("gives the same bytes for the same request", async () => {
    expect(Buffer.from(await renderLetterPdf(doc)).equals(Buffer.from(await renderLetterPdf(doc)))).toBe(
      true,
    );
  });
});
