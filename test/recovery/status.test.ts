/**
 * Where a requested freeze stands: the allowed status changes, folding outcomes into states, the per-complaint
 * split of frozen and returned money, and reading a bank's answer CSV. Expected figures are worked out by hand.
 */
import { describe, expect, it } from "vitest";
import type { FreezeItemState, FreezeStatus } from "../../model/recovery.js";
import {
  checkChange,
  foldStates,
  parseBankAnswer,
  RecoveryValidationError,
  totalsByComplaint,
} from "../../server/recovery/index.js";
import type { FreezeOutcome, FreezeRequestRecord } from "../../server/store/types.js";

const request: FreezeRequestRecord = {
  id: "FR-2026-0001",
  bank: "HSBKKZKX",
  createdAt: 1,
  createdBy: "ivan",
  complaints: ["C1", "C2"],
  items: [
    { account: "A", amountKzt: 100_000, txIds: ["t1"], byComplaint: { C1: 75_000, C2: 25_000 } },
    { account: "B", amountKzt: 10_000, txIds: ["t2"], byComplaint: { C2: 10_000 } },
  ],
  totalKzt: 110_000,
  sha256: "0".repeat(64),
  files: [],
};

const outcome = (seq: number, account: string, status: FreezeStatus, extra: Partial<FreezeOutcome> = {}) => ({
  requestId: request.id,
  seq,
  account,
  status,
  by: "ivan",
  at: 100 + seq,
  ...extra,
});

function state(status: FreezeStatus, frozenKzt = 0): FreezeItemState {
  return { ...foldStates([request], [])[0]!, status, frozenKzt };
}

describe("freeze status changes", () => {
  it.each([
    ["drafted", "sent", undefined, undefined, true],
    ["drafted", "frozen", 1, undefined, false],
    ["sent", "frozen", 50_000, undefined, true],
    ["sent", "frozen", undefined, undefined, false],
    ["sent", "refused", undefined, "account closed", true],
    ["sent", "refused", undefined, " ", false],
    ["frozen", "returned", 50_000, undefined, true],
    ["frozen", "returned", 50_001, undefined, false],
    ["frozen", "released", undefined, undefined, true],
    ["refused", "sent", undefined, undefined, false],
    ["released", "returned", 1, undefined, false],
  ] as const)("from %s to %s (amount %s, reason %s): allowed %s", (from, to, amountKzt, reason, ok) => {
    const problem = checkChange(state(from, 50_000), { status: to, amountKzt, reason });
    expect(problem === null).toBe(ok);
  });

  it("folds outcomes in sequence into each account's state", () => {
    const states = foldStates(
      [request],
      [
        outcome(4, "A", "returned", { amountKzt: 30_000 }),
        outcome(1, "A", "sent"),
        outcome(2, "B", "sent"),
        outcome(3, "A", "frozen", { amountKzt: 80_000, reason: "ref 1" }),
        outcome(5, "B", "refused", { reason: "no funds" }),
      ],
    );
    expect(states.map((s) => [s.account, s.status, s.frozenKzt, s.returnedKzt, s.reason, s.at])).toEqual([
      ["A", "returned", 50_000, 30_000, "ref 1", 104],
      ["B", "refused", 0, 0, "no funds", 105],
    ]);
    // A's money is 3/4 C1, 1/4 C2: 50 000 frozen → 37 500 + 12 500; 30 000 returned → 22 500 + 7 500.
    expect(Object.fromEntries(totalsByComplaint(states))).toEqual({
      C1: { frozenKzt: 37_500, returnedKzt: 22_500 },
      C2: { frozenKzt: 12_500, returnedKzt: 7_500 },
    });
  });
});

describe("a bank's answer CSV", () => {
  it("reads the request's own CSV with the answer columns filled in", () => {
    const csv =
      "\uFEFFrequest_number,bank,account,requested_kzt,complaint_numbers,tx_ids,status,amount_kzt,reason\r\n" +
      "FR-2026-0001,HSBKKZKX,A,100000,C1;C2,t1,frozen,80000.5,ref 7\r\n" +
      "FR-2026-0001,HSBKKZKX,B,10000,C2,t2,,,\r\n";
    expect(parseBankAnswer(csv, "FR-2026-0001")).toEqual([
      { line: 2, account: "A", status: "frozen", amountKzt: 80_000.5, reason: "ref 7" },
    ]);
  });

  it("reads Russian headers, status words, semicolons and a decimal comma", () => {
    const csv = "Счет;Статус;Сумма;Причина\nA;Заморожено;1 250,75;\nB;отказано;;счёт закрыт\n";
    expect(parseBankAnswer(csv)).toEqual([
      { line: 2, account: "A", status: "frozen", amountKzt: 1250.75 },
      { line: 3, account: "B", status: "refused", reason: "счёт закрыт" },
    ]);
  });

  it.each([
    ["no status column", "account,amount\nA,1\n"],
    ["an unknown status word", "account,status\nA,maybe\n"],
    ["an amount that is not a number", "account,status,amount_kzt\nA,frozen,12.5.0\n"],
    ["another request's number", "request_number,account,status\nFR-1999-0001,A,frozen\n"],
    ["no row with a status", "account,status\nA,\n"],
  ])("refuses %s", (_what, csv) => {
    expect(() => parseBankAnswer(csv, "FR-2026-0001")).toThrow(RecoveryValidationError);
  });
});
