/**
 * The cases room: cases and their links and timeline (service.ts), four-eyes approvals (approvals.ts, policy.ts).
 * docs/CASES.md.
 */
export { decide, dismissNeedsApproval, requestClose, requestDismiss, type Decision } from "./approvals.js";
export { CaseworkForbiddenError, CaseworkNotFoundError, CaseworkValidationError } from "./errors.js";
export { DEFAULT_CASEWORK_POLICY, policyFromEnv, type CaseworkPolicy } from "./policy.js";
export {
  assertWorker,
  caseTimeline,
  createCase,
  linkToCase,
  listCases,
  readableCase,
  unlinkFromCase,
  updateCase,
  type Actor,
  type CasePatch,
} from "./service.js";
