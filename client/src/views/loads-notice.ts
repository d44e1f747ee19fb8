/**
 * The notice above every view while a load (an ingest or upload) is incomplete: killed, failed or still running, so
 * what the views show may hold part of its files. Says which loads, how to complete one (upload the same files
 * again) and, for analysts and admins, rolls one back. It follows the ids every API answer carries
 * (api.onIncompleteLoads). User data (names, errors) goes in as text only.
 */
import { api, onIncompleteLoads, type Load } from "../api";
import type { AppContext } from "../app";
import { el } from "../dom";

function describe(l: Load): string {
  const when = new Date(l.startedAt).toLocaleString();
  const state = l.interrupted
    ? "was interrupted (its process is gone)"
    : l.status === "running"
      ? "is still running"
      : "failed";
  const from = l.origin.startsWith("upload:") ? "upload" : "command-line ingest";
  return `The ${from} started ${when} by ${l.by} ${state} after storing ${l.records} records.`;
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
        el(
          "strong",
          {},
          loads.length === 1 ? "A load did not complete. " : `${loads.length} loads did not complete. `,
        ),
        "What this page shows may hold only part of its files, and analysis will not run until it is completed or " +
          "rolled back. To complete it, upload the same files again.",
      ),
    );
    for (const l of loads) {
      const row = el(
        "div",
        { class: "load", dataset: { load: l.id } },
        el("span", {}, describe(l)),
        " ",
        el("small", {}, `Files: ${l.inputs.map((f) => f.name).join(", ")} · ${l.id}`),
      );
      if (l.error) row.appendChild(el("small", { class: "error" }, ` ${l.error}`));
      // A load still running in its process is not rolled back under it.
      if (canRollBack && (l.status !== "running" || l.interrupted)) {
        const button: HTMLButtonElement = el(
          "button",
          {
            dataset: { testid: "rollback-load" },
            on: {
              click: async () => {
                if (!confirm(`Roll back ${l.id}? Every record only its files brought is removed.`)) return;
                button.disabled = true;
                try {
                  const r = await api.rollbackLoad(l.id);
                  ctx.toast(`Rolled back: ${r.removed.records} records removed`);
                  await refresh();
                  onChange();
                } catch (err) {
                  button.disabled = false;
                  ctx.toast((err as Error).message, "error");
                }
              },
            },
          },
          "Roll back",
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
