/** Ranked drop clusters with their scores, typologies and reasons; one opens in the explorer. */
import { runCaveats } from "../../../model/analysis";
import { api } from "../api";
import type { AppContext, View } from "../app";
import { el, fmtTime, reasonElements } from "../dom";
import { errorMessage } from "../i18n/errors";
import { t } from "../i18n/index";
import { typologyList } from "../i18n/labels";

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
                  runButton!.textContent = t("clusters.running");
                  try {
                    await api.analyse();
                    ctx.navigate("/clusters", {}, { replace: true });
                  } catch (err) {
                    ctx.toast(errorMessage(err), "error");
                    runButton!.disabled = false;
                    runButton!.textContent = t("clusters.run");
                  }
                },
              },
            },
            t("clusters.run"),
          )
        : null;
      root.append(
        el("h1", {}, t("clusters.title")),
        el(
          "p",
          { class: "muted" },
          run
            ? t("clusters.runInfo", {
                run: run.runId,
                at: fmtTime(run.finishedAt),
                seed: String(run.params.seed ?? "—"),
              })
            : runButton
              ? t("clusters.noRunCan")
              : t("clusters.noRunCannot"),
          runButton,
        ),
        ...(run ? runCaveats(run) : []).map((c) =>
          el(
            "p",
            { class: "caveat", dataset: { testid: "run-caveat" } },
            t("clusters.caveat.thinHistory", {
              pct: String(Math.round(c.share * 100)),
              without: String(c.withoutRepeat),
              accounts: String(c.accounts),
              days: String(c.spanDays),
            }),
          ),
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
                t("clusters.head", { score: c.score.toFixed(0), count: c.members.length }),
                el(
                  "button",
                  {
                    dataset: { testid: "open-cluster" },
                    on: { click: () => ctx.navigate("/explorer", { cluster: c.id }) },
                  },
                  t("clusters.open"),
                ),
              ),
              c.typologies?.length
                ? el(
                    "div",
                    { class: "typologies", dataset: { testid: "typologies" } },
                    t("clusters.typologies", { list: typologyList(c.typologies) }),
                  )
                : null,
              el("ul", { class: "reasons" }, ...reasonElements("li", c.reasons)),
            ),
          ),
        ),
      );
    },
  };
}
