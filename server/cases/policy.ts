/**
 * The four-eyes policy: which decisions need a second user's approval. On by default; MULEGRAPH_FOUR_EYES=off turns it
 * off and MULEGRAPH_FOUR_EYES_MIN_SCORE sets the score from which dismissing an alert needs approval (server/config.ts
 * reads both; docs/CASES.md § Four eyes).
 */

export interface CaseworkPolicy {
  /** Closing a case, and dismissing an alert scoring at least `dismissApprovalMinScore`, need a second user. */
  fourEyes: boolean;
  dismissApprovalMinScore: number;
}

export const DEFAULT_CASEWORK_POLICY: CaseworkPolicy = Object.freeze({
  fourEyes: true,
  dismissApprovalMinScore: 50,
});

/** The policy from the validated environment (server/config.ts Env). */
export function policyFromEnv(env: {
  MULEGRAPH_FOUR_EYES?: "on" | "off";
  MULEGRAPH_FOUR_EYES_MIN_SCORE?: number;
}): CaseworkPolicy {
  return {
    fourEyes: (env.MULEGRAPH_FOUR_EYES ?? "on") === "on",
    dismissApprovalMinScore:
      env.MULEGRAPH_FOUR_EYES_MIN_SCORE ?? DEFAULT_CASEWORK_POLICY.dismissApprovalMinScore,
  };
}
