/**
 * Administration (roles holding "users" or "audit"): the users (list, create, change role, disable / enable) and
 * the audit trail (paged, newest first, with the same integrity check the CLI's `audit verify` runs). Every change
 * goes through the API, which checks the role and records it in the audit trail. `data-ready` on each section turns
 * "true" once it has loaded, for tests to wait on.
 */
import { api, type AuditEntry, type PublicUser, type Role } from "../api";
import type { AppContext, View } from "../app";
import { el, replace, table } from "../dom";
import { errorMessage } from "../i18n/errors";
import { formatDate, t } from "../i18n/index";

const ROLES: readonly Role[] = ["analyst", "investigator", "prosecutor", "admin"];
const PAGE = 50;

export function view(ctx: AppContext): View {
  return {
    async render(root) {
      root.append(el("h1", {}, t("admin.title")));
      const loads: Promise<void>[] = [];
      if (ctx.can("users")) {
        const section = el("section", {
          class: "admin-users",
          dataset: { testid: "admin-users", ready: "false" },
        });
        root.append(el("h2", {}, t("admin.users")), section);
        loads.push(usersSection(ctx, section));
      }
      if (ctx.can("audit")) {
        const section = el("section", {
          class: "admin-audit",
          dataset: { testid: "admin-audit", ready: "false" },
        });
        root.append(el("h2", {}, t("admin.audit")), section);
        loads.push(auditSection(ctx, section));
      }
      await Promise.all(loads);
    },
  };
}

function roleSelect(value: Role, testid: string): HTMLSelectElement {
  const select = el(
    "select",
    { dataset: { testid } },
    ...ROLES.map((r) => el("option", { value: r }, t(`role.${r}`))),
  );
  select.value = value;
  return select;
}

async function usersSection(ctx: AppContext, section: HTMLElement): Promise<void> {
  const reload = () => void usersSection(ctx, section);
  section.dataset.ready = "false";
  let users: PublicUser[];
  try {
    users = (await api.users()).users;
  } catch (err) {
    replace(section, el("p", { class: "error" }, errorMessage(err)));
    section.dataset.ready = "true";
    return;
  }
  const change = async (user: PublicUser, body: { role?: Role; disabled?: boolean }, done: string) => {
    try {
      await api.updateUser(user.username, body);
      ctx.toast(done);
    } catch (err) {
      ctx.toast(errorMessage(err), "error");
    }
    reload();
  };
  const rows = users
    .slice()
    .sort((a, b) => a.username.localeCompare(b.username))
    .map((u) => {
      const role = roleSelect(u.role, "user-role");
      role.addEventListener("change", () => {
        const next = role.value as Role;
        void change(u, { role: next }, t("admin.roleChanged", { name: u.username, role: t(`role.${next}`) }));
      });
      const toggle = el(
        "button",
        { dataset: { testid: u.disabled ? "enable-user" : "disable-user" } },
        u.disabled ? t("admin.enable") : t("admin.disable"),
      );
      toggle.addEventListener("click", () => {
        toggle.disabled = true;
        void change(
          u,
          { disabled: !u.disabled },
          u.disabled
            ? t("admin.enabledToast", { name: u.username })
            : t("admin.disabledToast", { name: u.username }),
        );
      });
      return el(
        "tr",
        { dataset: { user: u.username }, class: u.disabled ? "muted" : undefined },
        el("td", {}, u.username),
        el("td", {}, role),
        el("td", {}, formatDate(u.createdAt)),
        el("td", { dataset: { testid: "user-state" } }, u.disabled ? t("admin.disabled") : t("admin.active")),
        el("td", {}, toggle),
      );
    });

  const username = el("input", {
    name: "new-username",
    placeholder: t("admin.username"),
    title: t("admin.usernameHint"),
    dataset: { testid: "new-username" },
  });
  const password = el("input", {
    name: "new-password",
    type: "password",
    placeholder: t("admin.password"),
    dataset: { testid: "new-password" },
  });
  password.autocomplete = "new-password";
  const role = roleSelect("analyst", "new-role");
  const create = el("button", { type: "submit", dataset: { testid: "create-user" } }, t("admin.create"));
  const form = el(
    "form",
    {
      class: "toolbar",
      on: {
        submit: async (e) => {
          e.preventDefault();
          create.disabled = true;
          try {
            const u = await api.createUser({
              username: username.value.trim(),
              role: role.value as Role,
              password: password.value,
            });
            ctx.toast(t("admin.created.toast", { name: u.username }));
            reload();
          } catch (err) {
            ctx.toast(errorMessage(err), "error");
            create.disabled = false;
          }
        },
      },
    },
    el("b", {}, t("admin.newUser")),
    username,
    password,
    role,
    create,
  );

  replace(
    section,
    el(
      "table",
      { class: "data", dataset: { testid: "users" } },
      el(
        "thead",
        {},
        el(
          "tr",
          {},
          el("th", {}, t("admin.username")),
          el("th", {}, t("admin.role")),
          el("th", {}, t("admin.created")),
          el("th", {}, t("admin.state")),
          el("th", {}, ""),
        ),
      ),
      el("tbody", {}, ...rows),
    ),
    form,
    el("p", { class: "muted" }, t("admin.usernameHint")),
  );
  section.dataset.ready = "true";
}

/** The audit trail a page at a time: `afterSeq` undefined shows the newest page. */
async function auditSection(ctx: AppContext, section: HTMLElement, afterSeq?: number): Promise<void> {
  section.dataset.ready = "false";
  const verifyOut = el("div", { dataset: { testid: "verify-result" } });
  const verify = el("button", { dataset: { testid: "verify-audit" } }, t("admin.verify"));
  verify.addEventListener("click", async () => {
    verify.disabled = true;
    replace(verifyOut, el("p", { class: "muted" }, t("admin.verifying")));
    try {
      const r = await api.verifyAudit();
      verifyOut.dataset.ok = String(r.ok);
      replace(
        verifyOut,
        el(
          "p",
          { class: r.ok ? "ok" : "error" },
          r.firstBroken
            ? t("admin.verifyBroken", { seq: String(r.firstBroken.seq), reason: r.firstBroken.reason })
            : r.ok
              ? t("admin.verifyOk", { count: r.entries })
              : t("admin.verifyProblems"),
        ),
        r.problems.length
          ? el(
              "ul",
              { lang: "en" },
              ...r.problems.map((p) =>
                el("li", {}, p.seq !== undefined ? `№ ${p.seq}: ${p.message}` : p.message),
              ),
            )
          : null,
        r.heads
          ? el(
              "p",
              { class: "muted" },
              t("admin.heads", { count: r.heads.count, uncovered: r.heads.uncovered }),
            )
          : null,
        el("p", { class: "muted hash" }, t("admin.root", { hash: r.tree.rootHash })),
      );
    } catch (err) {
      replace(verifyOut, el("p", { class: "error" }, errorMessage(err)));
    } finally {
      verify.disabled = false;
    }
  });

  let entries: AuditEntry[];
  let lastSeq: number;
  try {
    ({ entries, lastSeq } = await api.audit({ afterSeq, limit: PAGE }));
  } catch (err) {
    replace(section, el("p", { class: "error" }, errorMessage(err)));
    section.dataset.ready = "true";
    return;
  }
  const first = entries[0]?.seq ?? 0;
  const last = entries[entries.length - 1]?.seq ?? 0;
  const go = (after: number | undefined) => () => void auditSection(ctx, section, after);
  const nav = el(
    "div",
    { class: "toolbar" },
    verify,
    el(
      "button",
      {
        dataset: { testid: "audit-older" },
        disabled: first <= 1,
        on: { click: go(Math.max(0, first - 1 - PAGE)) },
      },
      `← ${t("admin.older")}`,
    ),
    el(
      "button",
      { dataset: { testid: "audit-newer" }, disabled: last >= lastSeq, on: { click: go(last) } },
      `${t("admin.newer")} →`,
    ),
    el("button", { disabled: last >= lastSeq, on: { click: go(undefined) } }, t("admin.latest")),
    el(
      "span",
      { class: "muted", dataset: { testid: "audit-page" } },
      entries.length
        ? t("admin.page", { from: String(first), to: String(last), total: String(lastSeq) })
        : "",
    ),
  );
  replace(
    section,
    nav,
    verifyOut,
    entries.length
      ? machineText(
          table(
            [
              { title: t("admin.seq"), value: (e) => e.seq, numeric: true },
              {
                title: t("col.when"),
                value: (e) => formatDate(e.ts, { dateStyle: "short", timeStyle: "medium" }),
              },
              { title: t("admin.actor"), value: (e) => e.actor },
              { title: t("admin.action"), value: (e) => e.action },
              { title: t("admin.target"), value: (e) => e.target ?? "" },
              { title: t("admin.details"), value: (e) => paramsText(e.params) },
            ],
            // newest first
            entries.slice().reverse(),
            { testId: "audit-entries" },
          ),
        )
      : el("p", { class: "muted" }, t("admin.empty")),
  );
  section.dataset.ready = "true";
}

/** An entry's parameters as `key=value` pairs (they are the API's own names, shown as recorded). */
function paramsText(params: Record<string, unknown>): string {
  return Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join(" ");
}

/** The entries are the trail's own records (action names, parameters): shown as recorded, not translated. */
function machineText(tbl: HTMLTableElement): HTMLTableElement {
  tbl.tBodies[0]?.setAttribute("translate", "no");
  return tbl;
}
