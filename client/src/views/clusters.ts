/** Ranked drop clusters with their scores, typologies and reasons; one opens in the explorer. */
import { typologyText } from "../../../model/typologies";
import { api } from "../api";
import type { AppContext, View } from "../app";
import { el, fmtTime } from "../dom";

export function view(ctx: AppContext): View {
  return {
    async render(root) {
      const { run, clusters } = await api.clusters();
      const runButton = ctx.can("analyse")
        ? el(
            "button",
            {
              dataset: { testid: "run-analysis" },
              on: {
                click: async () => {
                  runButton!.disabled = true;
                  runButton!.textContent = "Analysing…";
                  try {
                    await api.analyse();
                    ctx.navigate("/clusters", {}, { replace: true });
                  } catch (err) {
                    ctx.toast((err as Error).message, "error");
                    runButton!.disabled = false;
                    runButton!.textContent = "Run analysis";
                  }
                },
              },
            },
            "Run analysis",
          )
        : null;
      root.append(
        el("h1", {}, "Drop clusters"),
        el(
          "p",
          { class: "muted" },
          run
            ? `Analysis ${run.runId} at ${fmtTime(run.finishedAt)} · seed ${String(run.params.seed ?? "—")}`
            : "No analysis has been run yet. ",
          runButton,
        ),
        el(
          "ol",
          { class: "clusters", dataset: { testid: "clusters" } },
          ...clusters.map((c) =>
            el(
              "li",
              { dataset: { cluster: c.id } },
              el(
                "div",
                { class: "cluster-head" },
                el("b", {}, `#${c.rank}`),
                ` score ${c.score.toFixed(0)} / 100 · ${c.members.length} accounts `,
                el(
                  "button",
                  {
                    dataset: { testid: "open-cluster" },
                    on: { click: () => ctx.navigate("/explorer", { cluster: c.id }) },
                  },
                  "Open in explorer",
                ),
              ),
              c.typologies?.length
                ? el(
                    "div",
                    { class: "typologies", dataset: { testid: "typologies" } },
                    `Typologies: ${typologyText(c.typologies)}`,
                  )
                : null,
              el("ul", { class: "reasons" }, ...c.reasons.map((r) => el("li", {}, r))),
            ),
          ),
        ),
      );
    },
  };
}
