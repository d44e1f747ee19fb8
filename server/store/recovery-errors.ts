/**
 * Errors of the recovery records (server/store/ports/recovery.ts RecoveryRecordStore), shared by both stores:
 * callers check the name, which is part of the store contract.
 */

/** putFreezeRequest got a request number that is stored already. */
export class FreezeRequestExistsError extends Error {
  override name = "FreezeRequestExistsError";
}

/** appendFreezeOutcome got a seq other than the request's last + 1, or a request that is not stored. */
export class FreezeOutcomeSequenceError extends Error {
  override name = "FreezeOutcomeSequenceError";
}
