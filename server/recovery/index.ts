/**
 * Recovery: where stolen money can still be stopped and what was done to stop it. The triage lists the accounts
 * still holding traced money at the end of the data (triage.ts); freeze requests go one per bank, as a PDF letter
 * and a CSV/JSON list, hashed, stored and audited (requests.ts); their outcomes are recorded by hand or imported
 * from a bank's answer CSV (outcomes.ts). docs/RECOVERY.md describes the rules.
 */
export { buildTriage, freezeStates, type TriageOptions, type TriageStore } from "./triage.js";
export { buildFreezeRequests, UNKNOWN_BANK, type BuildRequestsInput } from "./requests.js";
export {
  getRequest,
  importBankAnswer,
  listRequests,
  parseBankAnswer,
  recordOutcomes,
  type AnswerRow,
  type OutcomeChange,
} from "./outcomes.js";
export { checkChange, foldStates, NEXT_STATUSES, totalsByComplaint } from "./status.js";
export { requestCsv, requestJson, triageCsv, type FreezeRequestDocument } from "./documents.js";
export { RecoveryNotFoundError, RecoveryValidationError } from "./errors.js";
