/**
 * Roles and what each may do (docs/MODEL.md § 1). Routes name a permission (server/auth/access.ts); this table says which
 * roles hold it. Least privilege: a role gets only what its job needs.
 */

/** The roles a user can have (the stored user record, server/store/ports/records.ts, holds one). */
export const ROLES = ["analyst", "investigator", "prosecutor", "admin"] as const;

export type Role = (typeof ROLES)[number];

export type Permission =
  | "upload" // send export files, follow upload jobs, read their rejects
  | "check" // detect an export's format without storing it (upload preview, saved column mappings)
  | "mappings" // save and delete named column mappings (the upload page offers them for files with the same header)
  | "search" // search identifiers and names
  | "view" // read entities, neighbourhoods, clusters, stats, complaints, notes
  | "analyse" // run detection
  | "trace" // trace a victim's money
  | "recovery" // read the recovery triage, freeze requests and their outcomes
  | "freeze" // draft freeze requests and record their outcomes
  | "notes" // write notes
  | "export" // build evidence packages
  | "users" // manage users
  | "audit" // read and verify the audit trail
  | "loads" // roll back an incomplete load (a killed or failed ingest)
  | "alerts" // see the alert queue
  | "casework" // work alerts and cases: assign, snooze, dismiss, escalate, open, change, link, close, approve
  | "cases"; // read cases (a prosecutor: only those referred to them, checked by server/cases)

export const PERMISSIONS: readonly Permission[] = [
  "upload",
  "check",
  "mappings",
  "search",
  "view",
  "analyse",
  "trace",
  "recovery",
  "freeze",
  "notes",
  "export",
  "users",
  "audit",
  "loads",
  "alerts",
  "casework",
  "cases",
];

const ANALYST: readonly Permission[] = ["upload", "check", "search", "view"];

/** Which permissions each role holds. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  // The analyst maps bank exports; named mappings are theirs to keep (the investigator uploads, but does not curate).
  // …and the loads they bring in: rolling back a killed or failed one is theirs (and the admin's).
  // Analysts see the alert queue their analyses fill; investigators work it.
  analyst: [...ANALYST, "mappings", "loads", "alerts"],
  investigator: [
    ...ANALYST,
    "analyse",
    "trace",
    "recovery",
    "freeze",
    "notes",
    "alerts",
    "casework",
    "cases",
  ],
  // Prosecutors read what was asked of the banks and what came back; they do not draft. They read the cases
  // referred to them.
  prosecutor: ["view", "export", "recovery", "cases"],
  admin: PERMISSIONS,
};

/** May `role` do what `permission` covers? */
export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** The roles that hold `permission`, in ROLES order. */
export function rolesWith(permission: Permission): Role[] {
  return ROLES.filter((r) => can(r, permission));
}
