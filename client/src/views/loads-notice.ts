/**
 * The notice above every view while a load (an ingest or upload) is incomplete: killed, failed or still running, so
 * what the views show may hold part of its files. Says which loads, how to complete one (upload the same files
 * again) and, for analysts and admins, rolls one back. It follows the ids every API answer carries
 * (api.onIncompleteLoads). User data (names, errors) goes in as text only.
 */
import { api, onIncompleteLoads, type Load } from "../api";
import type { AppContext } from "../app";
import { el, fmtTime } from "../dom";
import { errorMessage } from "../i18n/errors";
import { t } from "../i18n/index";

function describe(l: Load): string {
  const state = l.interrupted
    ? t("loads.interrupted")
    : l.status === "running"
      ? t("loads.stillRunning")
      : t("loads.failed");
  const from = l.origin.startsWith("upload:") ? t("loads.fromUpload") : t("loads.fromCli");
  return t("loads.describe", { from, when: fmtTime(l.startedAt), by: l.by, state, records: l.records });
}

/** The notice element (empty and hidden while every load is complete) and how to refresh it. */
export function loadsNotice(
  ctx: AppContext,
  onChange: () => void,
): { element: HTMLElement; refresh(): Promise<void> } {
  const element = el("div", { class: "loads-notice", dataset: { testid: "incomplete-loads" } });
  element.setAttribute("role", "alert");
  element.hidden = true;
  let shown = "";
  const canRollBack = ctx.can("loads");

  const render = (loads: Load[]) => {
    element.replaceChildren();
    element.hidden = loads.length === 0;
    element.dataset.loads = loads.map((l) => l.id).join(",");
    if (loads.length === 0) return;
    element.appendChild(
      el(
        "p",
        {},
        el("strong", {}, loads.length === 1 ? t("loads.one") : t("loads.many", { count: loads.length })),
        t("loads.explain"),
      ),
    );
    for (const l of loads) {
      const row = el(
        "div",
        { class: "load", dataset: { load: l.id } },
        el("span", {}, describe(l)),
        " ",
        el("small", {}, t("loads.files", { files: l.inputs.map((f) => f.name).join(", "), id: l.id })),
      );
      if (l.error) row.appendChild(el("small", { class: "error", lang: "en" }, ` ${l.error}`));
      // A load still running in its process is not rolled back under it.
      if (canRollBack && (l.status !== "running" || l.interrupted)) {
        const button: HTMLButtonElement = el(
          "button",
          {
            dataset: { testid: "rollback-load" },
            on: {
              click: async () => {
                if (!confirm(t("loads.confirmRollback", { id: l.id }))) return;
                button.disabled = true;
                try {
                  const r = await api.rollbackLoad(l.id);
                  ctx.toast(t("loads.rolledBack", { count: r.removed.records }));
                  await refresh();
                  onChange();
                } catch (err) {
                  button.disabled = false;
                  ctx.toast(errorMessage(err), "error");
                }
              },
            },
          },
          t("loads.rollback"),
        );
        row.appendChild(button);
      }
      element.appendChild(row);
    }
  };

  async function refresh(): Promise<void> {
    try {
      const r = await api.loads();
      shown = r.incomplete.join(",");
      render(r.loads);
    } catch {
      // The notice is best effort: the header keeps naming the loads, and the next answer tries again.
    }
  }

  onIncompleteLoads((ids) => {
    if (ids.join(",") !== shown) void refresh();
  });
  return { element, refresh };
}
