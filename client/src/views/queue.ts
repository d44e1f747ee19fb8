/**
 * The alert queue (docs/CASES.md): alerts filtered by score, typology, bank, age and assignee (state in the URL),
 * each taken, snoozed, dismissed with a reason or escalated to a case; the approvals waiting for this user; and the
 * cases (a prosecutor's: those referred to them). A stale action (409) re-renders with the current state.
 * `body[data-queue]` counts finished renders, for tests to wait on. User data only ever becomes text.
 */
import { ApiError } from "../api";
import type { AppContext, View } from "../app";
import { el, replace } from "../dom";
import { errorMessage } from "../i18n/errors";
import { formatDate, formatNumber } from "../i18n/index";
import { typologyList } from "../i18n/labels";
import { casework, type Alert, type Approval, type Case } from "./casework-api";
import { ct } from "./casework-text";

const WEEK_MS = 7 * 86_400_000;

let renders = 0;

/** What an alert is about, in words. */
export function alertSubject(a: Alert): string {
  return a.kind === "cluster"
    ? ct("queue.kind.cluster", { count: a.members.length })
    : ct("queue.kind.account", { key: a.subject });
}

export function view(ctx: AppContext): View {
  const works = ctx.can("casework");
  return {
    async render(root, params) {
      const body = el("div", { class: "queue" });
      root.append(body);
      await load(body, params);
    },
  };

  async function load(body: HTMLElement, params: URLSearchParams): Promise<void> {
    const sections: (HTMLElement | null)[] = [];
    if (ctx.can("alerts")) {
      const filter = {
        minScore: params.get("minScore") ?? undefined,
        typology: params.get("typology") ?? undefined,
        bank: params.get("bank") ?? undefined,
        maxAgeDays: params.get("maxAgeDays") ?? undefined,
        assignee: params.get("assignee") ?? undefined,
        status: params.get("status") ?? undefined,
      };
      const { alerts } = await casework.alerts(filter);
      sections.push(el("h1", {}, ct("queue.title")), filters(params), alertsTable(alerts, body, params));
    }
    if (works) {
      const { approvals } = await casework.approvals();
      const mine = approvals.filter((a) => a.requestedBy !== ctx.me.username);
      if (mine.length) sections.push(el("h2", {}, ct("queue.approvals")), approvalsList(mine, body, params));
    }
    if (ctx.can("cases")) {
      const { cases } = await casework.cases();
      sections.push(el("h2", {}, ct("queue.cases")), casesList(cases));
    }
    replace(body, ...sections);
    document.body.dataset.queue = String(++renders);
  }

  /** Run an action; on any error say so, and re-render (a 409 shows the state someone else left). */
  async function act(body: HTMLElement, params: URLSearchParams, work: () => Promise<unknown>) {
    try {
      await work();
    } catch (err) {
      ctx.toast(
        err instanceof ApiError && err.code === "stale_version" ? ct("queue.stale") : errorMessage(err),
        "error",
      );
    }
    await load(body, params);
  }

  function filters(params: URLSearchParams): HTMLElement {
    const field = (name: string, label: string, type = "text") =>
      el(
        "label",
        {},
        label,
        " ",
        el("input", { name, type, value: params.get(name) ?? "", dataset: { testid: `filter-${name}` } }),
      );
    const assignee = el(
      "select",
      { name: "assignee", dataset: { testid: "filter-assignee" } },
      el("option", { value: "" }, ct("queue.anyone")),
      el("option", { value: "none" }, ct("queue.unassigned")),
      el("option", { value: ctx.me.username }, ctx.me.username),
    );
    assignee.value = params.get("assignee") ?? "";
    const form = el(
      "form",
      {
        class: "filters",
        on: {
          submit: (ev) => {
            ev.preventDefault();
            const data = new FormData(form);
            const next: Record<string, string | undefined> = {};
            for (const [k, v] of data.entries()) next[k] = String(v) || undefined;
            ctx.navigate("/queue", next, { replace: true });
          },
        },
      },
      field("minScore", ct("queue.minScore"), "number"),
      field("typology", ct("queue.typology")),
      field("bank", ct("queue.bank")),
      field("maxAgeDays", ct("queue.maxAge"), "number"),
      el("label", {}, ct("queue.assignee"), " ", assignee),
      el("button", { type: "submit", dataset: { testid: "filter-apply" } }, ct("queue.apply")),
    );
    return form;
  }

  function alertsTable(alerts: Alert[], body: HTMLElement, params: URLSearchParams): HTMLElement {
    if (!alerts.length)
      return el("p", { class: "muted", dataset: { testid: "queue-empty" } }, ct("queue.empty"));
    const head = el(
      "tr",
      {},
      ...(
        [
          "queue.col.score",
          "queue.col.kind",
          "queue.col.change",
          "queue.col.banks",
          "queue.col.assignee",
        ] as const
      ).map((k) => el("th", {}, ct(k))),
      el("th", {}, ct("queue.col.raised")),
      works ? el("th", {}) : null,
    );
    const rows = alerts.map((a) =>
      el(
        "tr",
        { dataset: { alert: a.id, kind: a.kind, testid: "alert-row" } },
        el("td", { class: "num" }, formatNumber(a.score, { maximumFractionDigits: 0 })),
        el(
          "td",
          {},
          alertSubject(a),
          a.typologies.length ? el("div", { class: "muted" }, typologyList(a.typologies)) : null,
        ),
        el(
          "td",
          { dataset: { testid: "alert-change" } },
          a.change.kind === "new"
            ? ct("queue.change.new")
            : ct("queue.change.changed", {
                members: a.change.addedMembers.length,
                transfers: a.change.addedTransfers.length,
              }),
        ),
        el("td", {}, a.banks.join(", ")),
        el("td", { dataset: { testid: "alert-assignee" } }, a.assignee ?? "—"),
        el("td", {}, formatDate(a.createdAt)),
        works ? el("td", { class: "actions" }, ...actions(a, body, params)) : null,
      ),
    );
    return el(
      "table",
      { class: "data", dataset: { testid: "alerts" } },
      el("thead", {}, head),
      el("tbody", {}, ...rows),
    );
  }

  function actions(a: Alert, body: HTMLElement, params: URLSearchParams): HTMLElement[] {
    const button = (testid: string, label: string, work: () => Promise<unknown>) =>
      el("button", { dataset: { testid }, on: { click: () => void act(body, params, work) } }, label);
    const reason = el("input", {
      placeholder: ct("queue.dismissReason"),
      dataset: { testid: "dismiss-reason" },
    });
    return [
      button("assign-me", ct("queue.assignMe"), () => casework.assign(a, ctx.me.username)),
      button("snooze", ct("queue.snooze"), () => casework.snooze(a, Date.now() + WEEK_MS)),
      reason,
      button("dismiss", ct("queue.dismiss"), async () => {
        const r = await casework.dismiss(a, reason.value);
        if (r.approval) ctx.toast(ct("queue.waits"));
      }),
      el(
        "button",
        {
          dataset: { testid: "escalate" },
          on: {
            click: () =>
              void (async () => {
                try {
                  const r = await casework.escalate(a);
                  ctx.navigate("/case", { id: r.case.id });
                } catch (err) {
                  ctx.toast(errorMessage(err), "error");
                  await load(body, params);
                }
              })(),
          },
        },
        ct("queue.escalate"),
      ),
    ];
  }

  function approvalsList(approvals: Approval[], body: HTMLElement, params: URLSearchParams): HTMLElement {
    return el(
      "ul",
      { class: "approvals", dataset: { testid: "approvals" } },
      ...approvals.map((p) => {
        const note = el("input", { placeholder: ct("queue.rejectNote") });
        return el(
          "li",
          { dataset: { approval: p.id } },
          el("b", {}, p.action),
          " ",
          p.target,
          " — ",
          p.requestedBy,
          ": ",
          String(p.params.outcome ?? p.params.reason ?? ""),
          " ",
          el(
            "button",
            {
              dataset: { testid: "approve" },
              on: { click: () => void act(body, params, () => casework.decide(p.id, true)) },
            },
            ct("queue.approve"),
          ),
          note,
          el(
            "button",
            {
              dataset: { testid: "reject" },
              on: { click: () => void act(body, params, () => casework.decide(p.id, false, note.value)) },
            },
            ct("queue.reject"),
          ),
        );
      }),
    );
  }

  function casesList(cases: Case[]): HTMLElement {
    const title = el("input", {
      placeholder: ct("queue.newCaseTitle"),
      dataset: { testid: "new-case-title" },
    });
    const create = works
      ? el(
          "p",
          {},
          title,
          " ",
          el(
            "button",
            {
              dataset: { testid: "new-case" },
              on: {
                click: () =>
                  void casework.createCase(title.value, "normal").then(
                    (c) => ctx.navigate("/case", { id: c.id }),
                    (err: unknown) => ctx.toast(errorMessage(err), "error"),
                  ),
              },
            },
            ct("queue.newCase"),
          ),
        )
      : null;
    if (!cases.length) return el("div", {}, el("p", { class: "muted" }, ct("case.none")), create);
    return el(
      "div",
      {},
      el(
        "ul",
        { class: "cases", dataset: { testid: "cases" } },
        ...cases.map((c) =>
          el(
            "li",
            { dataset: { case: c.id } },
            el(
              "a",
              {
                href: `/case?id=${encodeURIComponent(c.id)}`,
                dataset: { testid: "open-case" },
                on: {
                  click: (ev) => {
                    ev.preventDefault();
                    ctx.navigate("/case", { id: c.id });
                  },
                },
              },
              c.id,
            ),
            " ",
            c.title,
            " — ",
            ct(`case.status.${c.status}`),
          ),
        ),
      ),
      create,
    );
  }
}
