/** Case overview: counts, last uploads, top-ranked drop clusters. */
import { api } from "../api";
import type { AppContext, View } from "../app";
import { el, fmtTime, table } from "../dom";

export function view(ctx: AppContext): View {
  return {
    async render(root) {
      const [stats, uploads, clusters] = await Promise.all([
        api.stats(),
        api.uploads().catch(() => ({ uploads: [] })),
        api.clusters().catch(() => ({ run: null, clusters: [] })),
      ]);
      const counts = (
        [
          ["Accounts", stats.accounts],
          ["Transfers", stats.transfers],
          ["Complaints", stats.complaints],
          ["Persons", stats.persons],
          ["Devices", stats.devices],
          ["Phones", stats.phones],
        ] as const
      ).map(([label, n]) =>
        el("div", { class: "stat" }, el("b", {}, (n ?? 0).toLocaleString("ru-RU")), el("span", {}, label)),
      );
      root.append(
        el("h1", {}, "Case overview"),
        el("section", { class: "stats", dataset: { testid: "stats" } }, ...counts),
        el(
          "p",
          { class: "muted" },
          `Transfers from ${fmtTime(stats.firstTransferAt)} to ${fmtTime(stats.lastTransferAt)}`,
        ),
        el("h2", {}, "Top drop clusters"),
        clusters.clusters.length
          ? table(
              [
                { title: "Rank", value: (c) => c.rank, numeric: true },
                { title: "Score", value: (c) => Number(c.score.toFixed(0)), numeric: true },
                { title: "Members", value: (c) => c.members.length, numeric: true },
                { title: "Why", value: (c) => c.reasons.slice(0, 2).join("; ") },
              ],
              clusters.clusters.slice(0, 5),
              { onRowClick: (c) => ctx.navigate("/explorer", { cluster: c.id }), testId: "home-clusters" },
            )
          : el(
              "p",
              { class: "muted" },
              "No analysis yet. Upload exports, then run the analysis on the Drop clusters page.",
            ),
        el("h2", {}, "Last uploads"),
        uploads.uploads.length
          ? table(
              [
                { title: "When", value: (u) => fmtTime(u.createdAt) },
                { title: "By", value: (u) => u.createdBy },
                { title: "Status", value: (u) => u.status },
                { title: "Rows", value: (u) => u.summary?.totals?.rowsRead ?? 0, numeric: true },
                { title: "Rejected", value: (u) => u.summary?.totals?.rejected ?? 0, numeric: true },
              ],
              uploads.uploads.slice(0, 10),
            )
          : el("p", { class: "muted" }, "Nothing uploaded yet."),
      );
    },
  };
}
