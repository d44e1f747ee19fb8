/**
 * Schemas of the recovery routes (server/api/routes/recovery.ts): the triage, freeze requests with their items'
 * states, and the status changes a user or a bank's answer makes. The OpenAPI document is generated from them.
 */
import { z } from "zod";
import { FREEZE_STATUSES } from "../../../model/recovery.js";

export const FreezeStatusSchema = z.enum(FREEZE_STATUSES as unknown as ["drafted", ...string[]]).meta({
  id: "FreezeStatus",
  description: "drafted → sent → frozen (amount) | refused (reason); frozen → released | returned (amount)",
});

const Kzt = z.number();
const Ms = z.number().describe("epoch ms");

export const FreezeItemStateSchema = z
  .object({
    requestId: z.string(),
    bank: z.string(),
    account: z.string(),
    status: FreezeStatusSchema,
    requestedKzt: Kzt,
    frozenKzt: Kzt.describe("frozen now (0 once released or fully returned)"),
    returnedKzt: Kzt.describe("returned to the victims so far"),
    reason: z.string().optional(),
    by: z.string(),
    at: Ms,
    byComplaint: z.record(z.string(), Kzt),
  })
  .meta({ id: "FreezeItemState" });

export const TraceCurrencySchema = z
  .object({
    currency: z.string(),
    kztPerUnit: z.number(),
    rateSource: z.enum(["kzt", "data", "table"]),
    transfers: z.number().int(),
  })
  .meta({ id: "TraceCurrency" });

export const TriageSchema = z
  .object({
    asOf: Ms,
    currencies: z.array(TraceCurrencySchema),
    holdings: z.array(
      z.object({
        account: z.string(),
        bank: z.string().optional(),
        amountKzt: Kzt.describe("the sum of the complaints' amounts (overlapping money counted for each)"),
        heldKzt: Kzt.describe(
          "the traced money in the account, counted once: what a freeze request asks for",
        ),
        overlapKzt: Kzt.describe("amountKzt − heldKzt: money counted for more than one complaint"),
        amounts: z.record(z.string(), z.number()).optional(),
        since: Ms,
        lastMovementAt: Ms.optional(),
        complaints: z.array(
          z.object({ caseNo: z.string(), amountKzt: Kzt, reportLagMs: z.number().optional() }),
        ),
        maxReportLagMs: z.number().optional(),
        txIds: z.array(z.string()),
        freezes: z.array(FreezeItemStateSchema),
      }),
    ),
    complaints: z.array(
      z.object({
        caseNo: z.string(),
        victimAccount: z.string(),
        tracedKzt: Kzt,
        incidentAt: Ms.optional(),
        registeredAt: Ms,
        reportLagMs: z.number().optional(),
        holdingKzt: Kzt,
        exitsKzt: Kzt,
        untracedKzt: Kzt,
        recoverableShare: z.number(),
        frozenKzt: Kzt,
        returnedKzt: Kzt,
      }),
    ),
    totalHoldingKzt: Kzt,
    totalHeldKzt: Kzt,
  })
  .meta({ id: "Triage" });

export const FreezeRequestSchema = z
  .object({
    id: z.string().describe("request number, FR-<year>-<NNNN>"),
    bank: z.string(),
    createdAt: Ms,
    createdBy: z.string(),
    complaints: z.array(z.string()),
    totalKzt: Kzt,
    sha256: z.string().describe("SHA-256 of the request's JSON file"),
    files: z.array(
      z.object({ name: z.string(), mediaType: z.string(), sha256: z.string(), bytes: z.number() }),
    ),
    items: z.array(FreezeItemStateSchema),
  })
  .meta({ id: "FreezeRequest" });

const CaseNos = z.array(z.string().trim().min(1).max(200)).max(10_000);

export const TriageQuery = z.object({
  complaints: z
    .string()
    .max(100_000)
    .optional()
    .describe("comma-separated case numbers; all complaints when absent"),
  format: z.enum(["json", "csv"]).optional().describe("csv: the triage table as a spreadsheet"),
});

export const BuildRequestsBody = z.object({
  accounts: z
    .array(z.string().trim().min(1).max(200))
    .min(1)
    .max(1000)
    .describe("holding accounts to freeze"),
  complaints: CaseNos.optional().describe("the complaints whose money is asked for; all when absent"),
});

export const OutcomeChangeSchema = z.object({
  account: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe("one account of the request; all when absent"),
  status: z.enum(["sent", "frozen", "refused", "released", "returned"]),
  amountKzt: z.number().positive().optional().describe("frozen / returned: the amount"),
  reason: z.string().trim().max(2000).optional().describe("refused: the bank's reason; otherwise a note"),
});

export const OutcomesBody = z.object({ changes: z.array(OutcomeChangeSchema).min(1).max(1000) });

export const AnswerBody = z.object({
  csv: z
    .string()
    .min(1)
    .max(900_000)
    .describe("the bank's answer: the request's CSV with status, amount_kzt and reason filled in"),
});

export const RequestId = z.object({ id: z.string().regex(/^FR-\d{4}-\d{4,}$/) });
