/**
 * The one route → access table. Every API route must have an entry here: the router refuses to mount a route that
 * is missing (server/api/registry.ts), so nothing is reachable by accident. A trailing `/*` covers a sub-tree (the
 * evidence routes mount under /api/exports).
 *
 * "public": anyone; "signed-in": any role; otherwise the permission a role needs (server/auth/roles.ts).
 */
import type { Permission } from "./roles.js";

export type Access = "public" | "signed-in" | Permission;

export const ROUTE_ACCESS: Readonly<Record<string, Access>> = {
  "GET /healthz": "public",
  "GET /readyz": "public",
  "GET /api/openapi.json": "public",

  "POST /api/auth/login": "public",
  "POST /api/auth/logout": "signed-in",
  "GET /api/auth/me": "signed-in",

  "POST /api/uploads": "upload",
  "GET /api/uploads": "upload",
  "GET /api/uploads/:id": "upload",
  "GET /api/uploads/:id/events": "upload",
  "GET /api/uploads/:id/rejects.csv": "upload",
  "POST /api/uploads/preview": "check",
  "GET /api/mappings": "check",
  "GET /api/mappings/:name": "check",
  "POST /api/mappings": "mappings",
  "DELETE /api/mappings/:name": "mappings",

  "GET /api/search": "search",
  "GET /api/entities/:id": "view",
  "GET /api/graph/neighbourhood": "view",
  "GET /api/stats": "view",
  "GET /api/complaints": "view",
  "GET /api/clusters": "view",
  "GET /api/clusters/:id": "view",
  "GET /api/analysis": "view",
  "POST /api/analysis": "analyse",
  "POST /api/trace": "trace",

  "GET /api/recovery/triage": "recovery",
  "GET /api/recovery/requests": "recovery",
  "GET /api/recovery/requests/:id": "recovery",
  "GET /api/recovery/requests/:id/files/:name": "recovery",
  "POST /api/recovery/requests": "freeze",
  "POST /api/recovery/requests/:id/outcomes": "freeze",
  "POST /api/recovery/requests/:id/answer": "freeze",

  "GET /api/alerts": "alerts",
  "GET /api/alerts/:id": "alerts",
  "POST /api/alerts/:id/assign": "casework",
  "POST /api/alerts/:id/snooze": "casework",
  "POST /api/alerts/:id/dismiss": "casework",
  "POST /api/alerts/:id/escalate": "casework",
  "GET /api/cases": "cases",
  "POST /api/cases": "casework",
  "GET /api/cases/:id": "cases",
  "PATCH /api/cases/:id": "casework",
  "POST /api/cases/:id/links": "casework",
  "DELETE /api/cases/:id/links/:kind/:ref": "casework",
  "GET /api/cases/:id/notes": "cases",
  "POST /api/cases/:id/notes": "casework",
  "GET /api/cases/:id/timeline": "cases",
  "POST /api/cases/:id/close": "casework",
  "POST /api/cases/:id/package": "cases",
  "GET /api/approvals": "casework",
  "POST /api/approvals/:id": "casework",

  "GET /api/notes": "view",
  "POST /api/notes": "notes",

  "GET /api/users": "users",
  "POST /api/users": "users",
  "PATCH /api/users/:username": "users",

  "GET /api/loads": "view",
  "POST /api/loads/:id/rollback": "loads",

  "GET /api/audit": "audit",
  "GET /api/audit/verify": "audit",

  "GET /api/exports/*": "export",
  "POST /api/exports/*": "export",
};

/** The access rule for `METHOD /path` (path as declared, with `:params`); undefined when the table has none. */
export function accessFor(method: string, path: string): Access | undefined {
  const exact = ROUTE_ACCESS[`${method} ${path}`];
  if (exact) return exact;
  for (const [key, access] of Object.entries(ROUTE_ACCESS)) {
    if (!key.endsWith("/*")) continue;
    const [m, prefix] = key.slice(0, -2).split(" ") as [string, string];
    if (m === method && (path === prefix || path.startsWith(prefix + "/"))) return access;
  }
  return undefined;
}
