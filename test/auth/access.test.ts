import { describe, expect, it } from "vitest";
import { accessFor, ROUTE_ACCESS } from "../../server/auth/access.js";
import { can, PERMISSIONS, ROLE_PERMISSIONS, ROLES } from "../../server/auth/roles.js";

describe("roles", () => {
  it("gives the analyst upload, check, mappings, loads, search, view and the alert queue only", () => {
    expect([...ROLE_PERMISSIONS.analyst].sort()).toEqual([
      "alerts",
      "check",
      "loads",
      "mappings",
      "search",
      "upload",
      "view",
    ]);
  });

  it("lets analysts and admins roll back a load, no one else", () => {
    expect(ROLES.filter((r) => can(r, "loads"))).toEqual(["analyst", "admin"]);
  });

  it("gives the investigator the analyst's permissions but mappings and loads, plus analyse, trace, recovery, notes and casework", () => {
    expect([...ROLE_PERMISSIONS.investigator].sort()).toEqual(
      [
        ...ROLE_PERMISSIONS.analyst.filter((p) => p !== "mappings" && p !== "loads"),
        "casework",
        "cases",
        "analyse",
        "trace",
        "recovery",
        "freeze",
        "notes",
      ].sort(),
    );
  });

  it("gives the prosecutor view, export, reading recovery and reading cases only", () => {
    expect([...ROLE_PERMISSIONS.prosecutor].sort()).toEqual(["cases", "export", "recovery", "view"]);
  });

  it("lets analysts see the alert queue, investigators and admins work it, prosecutors read cases", () => {
    expect(ROLES.filter((r) => can(r, "alerts"))).toEqual(["analyst", "investigator", "admin"]);
    expect(ROLES.filter((r) => can(r, "casework"))).toEqual(["investigator", "admin"]);
    expect(ROLES.filter((r) => can(r, "cases"))).toEqual(["investigator", "prosecutor", "admin"]);
  });

  it("lets investigators and admins draft freeze requests, prosecutors read them, analysts neither", () => {
    expect(ROLES.filter((r) => can(r, "freeze"))).toEqual(["investigator", "admin"]);
    expect(ROLES.filter((r) => can(r, "recovery"))).toEqual(["investigator", "prosecutor", "admin"]);
  });

  it("gives the admin every permission, and only the admin users and audit", () => {
    for (const p of PERMISSIONS) expect(can("admin", p)).toBe(true);
    for (const role of ROLES.filter((r) => r !== "admin")) {
      expect(can(role, "users")).toBe(false);
      expect(can(role, "audit")).toBe(false);
    }
  });
});

describe("route access table", () => {
  it("names only known permissions", () => {
    for (const access of Object.values(ROUTE_ACCESS)) {
      expect(["public", "signed-in", ...PERMISSIONS]).toContain(access);
    }
  });

  it("covers a sub-tree with a trailing /* and nothing outside it", () => {
    expect(accessFor("POST", "/api/exports")).toBe("export");
    expect(accessFor("GET", "/api/exports/formats")).toBe("export");
    expect(accessFor("GET", "/api/exportsx")).toBeUndefined();
    expect(accessFor("DELETE", "/api/exports/x")).toBeUndefined();
  });

  it("has no rule for a route nobody declared", () => {
    expect(accessFor("GET", "/api/secret")).toBeUndefined();
  });
});
