/**
 * A case (docs/CASES.md): its state and what to do next (review, refer to a prosecutor, close — four eyes), what is
 * linked (link, remove), its notes, its timeline from the audit trail, and its evidence package. Opened as
 * `/case?link=<kind>&ref=<ref>` (from the explorer's cluster panel or the trace view) it first asks which case to link
 * that to. Prosecutors read. `body[data-case]` counts finished renders, for tests to wait on. User data only ever
 * becomes text.
 */
import { ApiError } from "../api";
import type { AppContext, View } from "../app";
import { download, el, replace } from "../dom";
import { errorMessage } from "../i18n/errors";
import { formatDate } from "../i18n/index";
import { casework, type Case, type CaseLink, type LinkKind } from "./casework-api";
import { ct } from "./casework-text";

const LINK_KINDS: readonly LinkKind[] = [
  "cluster",
  "account",
  "complaint",
  "trace",
  "freeze_request",
  "note",
];

let renders = 0;

function isLinkKind(value: string | null): value is LinkKind {
  return value !== null && (LINK_KINDS as readonly string[]).includes(value);
}

export function view(ctx: AppContext): View {
  const works = ctx.can("casework");
  return {
    async render(root, params) {
      const body = el("div", { class: "case" });
      root.append(body);
      const id = params.get("id");
      const kind = params.get("link");
      const ref = params.get("ref");
      if (!id && isLinkKind(kind) && ref) await pick(body, kind, ref, params.get("params"));
      else if (id) await load(body, id);
      else ctx.navigate("/queue", {}, { replace: true });
    },
  };

  function done(): void {
    document.body.dataset.case = String(++renders);
  }

  /** Which case should `kind ref` go to: one of the open ones, or a new one. */
  async function pick(
    body: HTMLElement,
    kind: LinkKind,
    ref: string,
    rawParams: string | null,
  ): Promise<void> {
    const params = rawParams ? (JSON.parse(rawParams) as Record<string, unknown>) : undefined;
    const { cases } = await casework.cases();
    const linkTo = async (caseId: string) => {
      try {
        await casework.link(caseId, kind, ref, params);
        ctx.toast(ct("case.linked", { id: caseId }));
        ctx.navigate("/case", { id: caseId });
      } catch (err) {
        ctx.toast(errorMessage(err), "error");
      }
    };
    const title = el("input", {
      placeholder: ct("queue.newCaseTitle"),
      dataset: { testid: "new-case-title" },
    });
    replace(
      body,
      el("h1", {}, ct("case.pick", { kind: ct(`case.kind.${kind}`), ref })),
      el(
        "ul",
        { class: "cases", dataset: { testid: "pick-case" } },
        ...cases
          .filter((c) => c.status !== "closed")
          .map((c) =>
            el(
              "li",
              { dataset: { case: c.id } },
              el("button", { dataset: { testid: "pick" }, on: { click: () => void linkTo(c.id) } }, c.id),
              " ",
              c.title,
            ),
          ),
      ),
      el(
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
                void casework.createCase(title.value || `${kind} ${ref}`, "normal").then(
                  (c) => linkTo(c.id),
                  (err: unknown) => ctx.toast(errorMessage(err), "error"),
                ),
            },
          },
          ct("queue.newCase"),
        ),
      ),
    );
    done();
  }

  async function load(body: HTMLElement, id: string): Promise<void> {
    const [{ case: c, links, approvals }, { entries }, { notes }] = await Promise.all([
      casework.case(id),
      casework.timeline(id),
      casework.notes(id),
    ]);
    document.title = `${ct("case.title", { id: c.id })} · Mulegraph`;
    const open = works && c.status !== "closed";
    const pending = approvals.find((a) => a.status === "pending");
    replace(
      body,
      el("h1", {}, ct("case.title", { id: c.id })),
      el("p", { class: "case-title", dataset: { testid: "case-title" } }, c.title),
      facts(c),
      pending
        ? el(
            "p",
            { class: "notice", dataset: { testid: "pending-approval" } },
            ct("case.pending", { action: pending.action, by: pending.requestedBy }),
          )
        : null,
      open ? steps(body, c, Boolean(pending)) : null,
      el("h2", {}, ct("case.links")),
      linksList(body, c, links, open),
      open ? linkForm(body, c) : null,
      el("h2", {}, ct("case.notes")),
      el(
        "ul",
        { class: "notes", dataset: { testid: "case-notes" } },
        ...notes.map((n) => el("li", {}, el("b", {}, n.author), ` ${formatDate(n.createdAt)}: `, n.text)),
      ),
      open ? noteForm(body, c) : null,
      el("h2", {}, ct("case.timeline")),
      el(
        "ol",
        { class: "timeline", dataset: { testid: "case-timeline" } },
        // Every opening of the case is an audit entry too; the timeline shows what was done, and who read it once each.
        ...entries
          .filter(
            (e, i) =>
              e.action !== "case.view" ||
              !entries.slice(0, i).some((x) => x.action === e.action && x.actor === e.actor),
          )
          .map((e) =>
            // The action as the audit trail records it (the admin page shows it the same way, untranslated).
            el(
              "li",
              { dataset: { action: e.action } },
              `${formatDate(e.ts)} · ${e.actor} · `,
              el("span", { translate: false }, e.action),
            ),
          ),
      ),
      el(
        "p",
        {},
        el(
          "button",
          {
            dataset: { testid: "case-package" },
            on: {
              click: () =>
                void casework.casePackage(c.id).then(
                  ({ blob, name }) => download(name, blob, "application/zip"),
                  (err: unknown) => ctx.toast(errorMessage(err), "error"),
                ),
            },
          },
          ct("case.package"),
        ),
      ),
    );
    done();
  }

  function facts(c: Case): HTMLElement {
    const row = (label: string, value: string, testid: string) =>
      el("div", {}, el("dt", {}, label), el("dd", { dataset: { testid } }, value));
    return el(
      "dl",
      { class: "facts" },
      row(ct("case.status"), ct(`case.status.${c.status}`), "case-status"),
      row(ct("case.priority"), ct(`case.priority.${c.priority}`), "case-priority"),
      row(ct("case.assignee"), c.assignee ?? "—", "case-assignee"),
      c.referredTo ? row(ct("case.referredTo"), c.referredTo, "case-referred-to") : null,
      c.outcome ? row(ct("case.outcome"), c.outcome, "case-outcome") : null,
    );
  }

  /** Run a change; a 409 re-renders with the case as someone else left it. */
  async function act(body: HTMLElement, c: Case, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (err) {
      ctx.toast(
        err instanceof ApiError && err.code === "stale_version" ? ct("queue.stale") : errorMessage(err),
        "error",
      );
    }
    await load(body, c.id);
  }

  function steps(body: HTMLElement, c: Case, waiting: boolean): HTMLElement {
    const referTo = el("input", { placeholder: ct("case.referTo"), dataset: { testid: "refer-to" } });
    const outcome = el("input", {
      placeholder: ct("case.closeOutcome"),
      dataset: { testid: "close-outcome" },
    });
    const button = (testid: string, label: string, work: () => Promise<unknown>) =>
      el("button", { dataset: { testid }, on: { click: () => void act(body, c, work) } }, label);
    return el(
      "div",
      { class: "steps" },
      c.status === "open"
        ? button("case-review", ct("case.review"), () => casework.updateCase(c, { status: "in_review" }))
        : null,
      c.status !== "referred"
        ? el(
            "span",
            {},
            referTo,
            button("case-refer", ct("case.refer"), () =>
              casework.updateCase(c, { status: "referred", referredTo: referTo.value.trim() }),
            ),
          )
        : null,
      waiting
        ? null
        : el(
            "span",
            {},
            outcome,
            button("case-close", ct("case.close"), async () => {
              const r = await casework.close(c, outcome.value);
              if (r.approval) ctx.toast(ct("queue.waits"));
            }),
          ),
    );
  }

  function linksList(body: HTMLElement, c: Case, links: CaseLink[], open: boolean): HTMLElement {
    return el(
      "ul",
      { class: "links", dataset: { testid: "case-links" } },
      ...links.map((l) =>
        el(
          "li",
          { dataset: { kind: l.kind, ref: l.ref } },
          el("b", {}, ct(`case.kind.${l.kind}`)),
          " ",
          l.ref,
          l.kind === "cluster" && Array.isArray(l.params.members)
            ? ` (${(l.params.members as string[]).length})`
            : null,
          open
            ? el(
                "button",
                {
                  class: "link",
                  on: { click: () => void act(body, c, () => casework.unlink(c.id, l.kind, l.ref)) },
                },
                ct("case.unlink"),
              )
            : null,
        ),
      ),
    );
  }

  function linkForm(body: HTMLElement, c: Case): HTMLElement {
    const kind = el(
      "select",
      { dataset: { testid: "link-kind" } },
      ...LINK_KINDS.filter((k) => k !== "note").map((k) => el("option", { value: k }, ct(`case.kind.${k}`))),
    );
    const ref = el("input", { placeholder: ct("case.linkRef"), dataset: { testid: "link-ref" } });
    return el(
      "p",
      {},
      kind,
      " ",
      ref,
      " ",
      el(
        "button",
        {
          dataset: { testid: "link-add" },
          on: {
            click: () =>
              void act(body, c, () => casework.link(c.id, kind.value as LinkKind, ref.value.trim())),
          },
        },
        ct("case.link"),
      ),
    );
  }

  function noteForm(body: HTMLElement, c: Case): HTMLElement {
    const text = el("textarea", { dataset: { testid: "note-text" } });
    return el(
      "p",
      {},
      text,
      el(
        "button",
        {
          dataset: { testid: "note-add" },
          on: { click: () => void act(body, c, () => casework.addNote(c.id, text.value)) },
        },
        ct("case.addNote"),
      ),
    );
  }
}
