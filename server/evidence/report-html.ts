/**
 * The report as one self-contained HTML file: inline CSS, the graph as inline SVG, no scripts, and a
 * Content-Security-Policy that forbids loading anything. Every value is escaped: names in bank data are user input.
 */
import type { Scene } from "./picture.js";
import type { ReportBlock, ReportDocument } from "./report-model.js";

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escape text for HTML content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

const n = (v: number) => String(Math.round(v * 100) / 100);

function svg(scene: Scene): string {
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n(scene.width)} ${n(scene.height)}" ` +
      `width="${n(scene.width)}" height="${n(scene.height)}" role="img" aria-label="graph of the selection">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
  ];
  for (const e of scene.edges) {
    parts.push(
      `<line x1="${n(e.x1)}" y1="${n(e.y1)}" x2="${n(e.x2)}" y2="${n(e.y2)}" stroke="${e.stroke}" ` +
        `stroke-width="${n(e.width)}" stroke-opacity="0.8"/>`,
      `<polygon points="${e.arrow.map(([x, y]) => `${n(x)},${n(y)}`).join(" ")}" fill="${e.stroke}"/>`,
    );
  }
  for (const node of scene.nodes) {
    parts.push(
      `<circle cx="${n(node.x)}" cy="${n(node.y)}" r="${n(node.r)}" fill="${node.fill}" stroke="#fff"/>`,
    );
  }
  for (const node of scene.nodes) {
    if (!node.label) continue;
    parts.push(
      `<text x="${n(node.x + node.r + 2)}" y="${n(node.y + 3)}" font-size="8">${escapeHtml(node.label)}</text>`,
    );
  }
  parts.push("</svg>");
  return parts.join("\n");
}

function block(b: ReportBlock): string {
  switch (b.kind) {
    case "facts":
      return (
        `<table class="facts">` +
        b.rows
          .map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
          .join("") +
        `</table>`
      );
    case "paragraph":
      return `<p>${escapeHtml(b.text)}</p>`;
    case "list":
      return `<ul>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join("")}</ul>`;
    case "table": {
      const cls = (i: number) => (b.columns[i]?.align === "right" ? ' class="num"' : "");
      const head = b.columns.map((c, i) => `<th scope="col"${cls(i)}>${escapeHtml(c.title)}</th>`).join("");
      const rows = b.rows
        .map((r) => `<tr>${r.map((v, i) => `<td${cls(i)}>${escapeHtml(v)}</td>`).join("")}</tr>`)
        .join("\n");
      const total = b.total
        ? `<tfoot><tr>${b.total.map((v, i) => `<th${cls(i)}>${escapeHtml(v)}</th>`).join("")}</tr></tfoot>`
        : "";
      const note = b.note ? `<p class="note">${escapeHtml(b.note)}</p>` : "";
      return `<table class="data"><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody>${total}</table>${note}`;
    }
    case "picture": {
      const legend = b.scene.legend
        .map(
          (l) =>
            `<span class="key"><span class="dot" style="background:${l.colour}"></span>${escapeHtml(l.label)}</span>`,
        )
        .join(" ");
      return `<figure>${svg(b.scene)}<figcaption>${legend}<br>${escapeHtml(b.caption)}</figcaption></figure>`;
    }
  }
}

const STYLE = `
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; font-size: 10pt; margin: 2em; color: #111; }
h1 { font-size: 16pt; margin-bottom: 0; } h2 { font-size: 12pt; border-bottom: 1px solid #999; margin-top: 1.6em; }
table { border-collapse: collapse; margin: 0.4em 0; } th, td { padding: 2px 6px; vertical-align: top; text-align: left; }
table.facts th { font-weight: normal; color: #555; white-space: nowrap; }
table.data th, table.data td { border: 1px solid #ccc; } table.data thead th { background: #eee; }
table.data tfoot th { background: #f5f5f5; } .num { text-align: right; white-space: nowrap; }
td { word-break: break-word; } .note { color: #555; font-style: italic; }
figure { margin: 0; } svg { border: 1px solid #ccc; max-width: 100%; height: auto; }
.key { margin-right: 1em; white-space: nowrap; } .dot { display: inline-block; width: 9px; height: 9px; border-radius: 50%; margin-right: 3px; }
@media print { body { margin: 0; } h2 { break-after: avoid; } }
`;

/** Render the report document as a standalone HTML page. */
export function renderReportHtml(doc: ReportDocument): string {
  const sections = doc.sections
    .map((s) => `<section>\n<h2>${escapeHtml(s.title)}</h2>\n${s.blocks.map(block).join("\n")}\n</section>`)
    .join("\n");
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeHtml(`${doc.subject} — ${doc.title}`)}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    `<h1>${escapeHtml(doc.subject)}</h1>`,
    `<p>${escapeHtml(doc.title)}</p>`,
    sections,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
