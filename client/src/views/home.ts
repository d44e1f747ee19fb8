/** Case overview: counts, last uploads, top-ranked drop clusters. */
import { api } from "../api";
import type { AppContext, View } from "../app";
import { el, fmtTime, reasonText, table } from "../dom";
import { formatNumber, t } from "../i18n/index";
import { jobStatusLabel } from "../i18n/labels";

export function view(ctx: AppContext): View {
  return {
    async render(root) {
      const [stats, uploads, clusters] = await Promise.all([
        api.stats(),
        ctx.can("upload") ? api.uploads().catch(() => ({ uploads: [] })) : null,
        api.clusters().catch(() => ({ run: null, clusters: [] })),
      ]);
      const counts = (
        [
          [t("home.accounts"), stats.accounts],
          [t("home.transfers"), stats.transfers],
          [t("home.complaints"), stats.complaints],
          [t("home.persons"), stats.persons],
          [t("home.devices"), stats.devices],
          [t("home.phones"), stats.phones],
        ] as const
      ).map(([label, n]) =>
        el("div", { class: "stat" }, el("b", {}, formatNumber(n ?? 0)), el("span", {}, label)),
      );
      root.append(
        el("h1", {}, t("home.title")),
        el("section", { class: "stats", dataset: { testid: "stats" } }, ...counts),
        el(
          "p",
          { class: "muted" },
          t("home.period", { from: fmtTime(stats.firstTransferAt), to: fmtTime(stats.lastTransferAt) }),
        ),
        el("h2", {}, t("home.topClusters")),
        clusters.clusters.length
          ? table(
              [
                { title: t("col.rank"), value: (c) => c.rank, numeric: true },
                { title: t("col.score"), value: (c) => Number(c.score.toFixed(0)), numeric: true },
                { title: t("col.members"), value: (c) => c.members.length, numeric: true },
                {
                  title: t("col.why"),
                  value: (c) => reasonText(c.reasons.slice(0, 2)).text,
                  lang: (c) => reasonText(c.reasons.slice(0, 2)).lang,
                },
              ],
              clusters.clusters.slice(0, 5),
              { onRowClick: (c) => ctx.navigate("/explorer", { cluster: c.id }), testId: "home-clusters" },
            )
          : el(
              "p",
              { class: "muted" },
              ctx.can("analyse") ? t("home.noAnalysisRun") : t("home.noAnalysisWait"),
            ),
        uploads ? el("h2", {}, t("home.lastUploads")) : "",
        !uploads
          ? ""
          : uploads.uploads.length
            ? table(
                [
                  { title: t("col.when"), value: (u) => fmtTime(u.createdAt) },
                  { title: t("col.by"), value: (u) => u.createdBy },
                  { title: t("col.status"), value: (u) => jobStatusLabel(u.status) },
                  { title: t("col.rows"), value: (u) => u.summary?.totals?.rowsRead ?? 0, numeric: true },
                  { title: t("col.rejected"), value: (u) => u.summary?.totals?.rejected ?? 0, numeric: true },
                ],
                uploads.uploads.slice(0, 10),
              )
            : el("p", { class: "muted" }, t("home.nothingUploaded")),
      );
    },
  };
}
