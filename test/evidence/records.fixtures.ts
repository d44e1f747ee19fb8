/**
 * Hand-built canonical records (model/records.ts) for the evidence package tests: what ingest would emit for a
 * victim statement, a transfer register and a complaint register of one small fraud, plus an analysis result in
 * the shape of model/analysis.ts.
 *
 * The victim (Сеитова) sends 1 000 000 KZT to a drop whose holder name is a spreadsheet formula; the drop pays
 * 700 000 to a watch-listed exchange and withdraws 200 000 at an ATM in Istanbul, so 100 000 stays on the drop's
 * account: the freeze list. A 1 000 KZT transfer from the drop to the victim before the incident is not traced.
 */
import type { AnalysisResult } from "../../model/analysis.js";
import type { CanonicalRecord, Source } from "../../model/records.js";

export const FILES = {
  STATEMENT: "1a".repeat(32),
  REGISTER: "2b".repeat(32),
  COMPLAINTS: "3c".repeat(32),
} as const;

export const ACC = {
  VICTIM: "KZ257220000000000001",
  DROP: "KZ886010000000000003",
  EXCHANGE: "KZ115510000000000005",
} as const;

export const CASE_NO = "241750031000999";
export const ATM = "ATM-IST-0042";
export const DROP_NAME = '=HYPERLINK("http://evil.example","Ержанов")';
export const VICTIM_NAME = "Сеитова Алия <script>alert(1)</script>";

export const AMOUNT = {
  LOSS: 1_000_000,
  TO_EXCHANGE: 700_000,
  AT_ATM: 200_000,
  EARLIER_REFUND: 1_000,
} as const;
/** What the drop still holds of the victim's money. */
export const HELD = AMOUNT.LOSS - AMOUNT.TO_EXCHANGE - AMOUNT.AT_ATM;

const T0 = Date.UTC(2024, 3, 10, 5, 0); // 10.04.2024 10:00 Almaty
const HOUR = 3_600_000;
const src = (file: string, line: number): Source => ({ file, line });

export const TX = { REFUND: "REG-0001", STOLEN: "KSP-0002", OUT: "REG-0003", CASH: "REG-0004" } as const;

export function evidenceRecords(): CanonicalRecord[] {
  return [
    {
      kind: "sourceFile",
      sha256: FILES.STATEMENT,
      name: "выписка_сеитова.csv",
      bytes: 912,
      exportKind: "statement",
      rowsRead: 3,
    },
    {
      kind: "sourceFile",
      sha256: FILES.REGISTER,
      name: "register_april.csv",
      bytes: 1480,
      exportKind: "register",
      rowsRead: 4,
    },
    {
      kind: "sourceFile",
      sha256: FILES.COMPLAINTS,
      name: "ердр.csv",
      bytes: 300,
      exportKind: "complaints",
      rowsRead: 1,
    },
    {
      kind: "account",
      key: ACC.VICTIM,
      iban: ACC.VICTIM,
      bank: "CASPKZKA",
      currency: "KZT",
      accountKind: "personal",
      holderName: VICTIM_NAME,
      sources: [src(FILES.STATEMENT, 1)],
    },
    {
      kind: "account",
      key: ACC.DROP,
      iban: ACC.DROP,
      bank: "HSBKKZKX",
      currency: "KZT",
      accountKind: "personal",
      holderName: DROP_NAME,
      sources: [src(FILES.REGISTER, 2)],
    },
    {
      kind: "account",
      key: ACC.EXCHANGE,
      iban: ACC.EXCHANGE,
      bank: "BRKEKZKA",
      holderName: "ТОО «КриптоОбмен»",
      watchlist: "exchange",
      sources: [src(FILES.REGISTER, 3)],
    },
    {
      kind: "transfer",
      txId: TX.REFUND,
      from: ACC.DROP,
      to: ACC.VICTIM,
      ts: T0 - 48 * HOUR,
      amount: AMOUNT.EARLIER_REFUND,
      currency: "KZT",
      amountKzt: AMOUNT.EARLIER_REFUND,
      sources: [src(FILES.REGISTER, 2)],
    },
    {
      kind: "transfer",
      txId: TX.STOLEN,
      from: ACC.VICTIM,
      to: ACC.DROP,
      ts: T0,
      amount: AMOUNT.LOSS,
      currency: "KZT",
      amountKzt: AMOUNT.LOSS,
      purpose: "Перевод на безопасный счёт",
      sources: [src(FILES.STATEMENT, 2), src(FILES.REGISTER, 3)],
    },
    {
      kind: "transfer",
      txId: TX.OUT,
      from: ACC.DROP,
      to: ACC.EXCHANGE,
      ts: T0 + HOUR,
      amount: AMOUNT.TO_EXCHANGE,
      currency: "KZT",
      amountKzt: AMOUNT.TO_EXCHANGE,
      purpose: "USDT",
      sources: [src(FILES.REGISTER, 4)],
    },
    {
      kind: "withdrawal",
      txId: TX.CASH,
      account: ACC.DROP,
      atmId: ATM,
      country: "TR",
      ts: T0 + 2 * HOUR,
      amount: AMOUNT.AT_ATM,
      currency: "KZT",
      amountKzt: AMOUNT.AT_ATM,
      sources: [src(FILES.REGISTER, 5)],
    },
    {
      kind: "complaint",
      caseNo: CASE_NO,
      registeredAt: T0 + 72 * HOUR,
      incidentAt: T0 - HOUR / 4,
      victimName: VICTIM_NAME,
      victimAccount: ACC.VICTIM,
      loss: AMOUNT.LOSS,
      currency: "KZT",
      lossKzt: AMOUNT.LOSS,
      scheme: "safe account",
      sources: [src(FILES.COMPLAINTS, 2)],
    },
  ];
}

export const CLUSTER_ID = "c-1";

export function evidenceAnalysis(): AnalysisResult {
  return {
    run: {
      runId: "run-1",
      startedAt: T0 + 100 * HOUR,
      finishedAt: T0 + 100 * HOUR + 5_000,
      params: { seed: 42, resolution: 1 },
    },
    accounts: [
      {
        id: ACC.VICTIM,
        community: null,
        role: "victim",
        score: 0.05,
        reasons: ["filed complaint " + CASE_NO],
      },
      {
        id: ACC.DROP,
        community: CLUSTER_ID,
        role: "drop",
        score: 0.91,
        reasons: ["passes on 90% within 2 hours"],
      },
      {
        id: ACC.EXCHANGE,
        community: CLUSTER_ID,
        role: "exit",
        score: 0.6,
        reasons: ["watch-listed exchange"],
      },
    ],
    clusters: [
      {
        id: CLUSTER_ID,
        rank: 1,
        score: 0.88,
        members: [ACC.DROP, ACC.EXCHANGE],
        reasons: ["inflow from a reported victim"],
      },
    ],
  };
}
