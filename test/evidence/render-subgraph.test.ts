import { MultiDirectedGraph } from "graphology";
import type { AbstractGraph as Graph } from "graphology-types";
import { parse as parseGexf } from "graphology-gexf";
import { parse as parseGraphml } from "graphology-graphml";
import { parse as parseCsv } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import type { GraphEdge, GraphNode, Subgraph } from "../../model/graph.js";
import { renderSubgraph } from "../../server/evidence/index.js";
import { EvidenceInputError } from "../../server/evidence/errors.js";
import { nodeColour } from "../../server/evidence/palette.js";
import { evidenceSubgraph } from "./subgraph.fixtures.js";

// XML 1.0 cannot carry C0 controls other than tab, LF, CR: the writers drop them, the rest must survive exactly.
const xmlText = (s: string) =>
  [...s].filter((c) => c.charCodeAt(0) >= 0x20 || c === "\t" || c === "\n" || c === "\r").join("");

function text(files: { name: string; content: string | Buffer }[], name: string): string {
  const f = files.find((x) => x.name === name);
  if (!f) throw new Error(`no ${name} among ${files.map((x) => x.name).join(", ")}`);
  return f.content.toString();
}

function expectNodeAttributes(graph: Graph, node: GraphNode): void {
  expect(graph.hasNode(node.id), node.id).toBe(true);
  const attrs = graph.getNodeAttributes(node.id);
  expect(attrs.type).toBe(node.type);
  expect(attrs.key).toBe(node.key);
  expect(attrs.label).toBe(xmlText(node.label));
  if (node.role) expect(attrs.role).toBe(node.role);
  if (node.score !== undefined) expect(attrs.score).toBe(node.score);
  if (node.community) expect(attrs.community).toBe(node.community);
  for (const reason of node.reasons ?? []) expect(attrs.reasons).toContain(reason);
  for (const [name, value] of Object.entries(node.props))
    expect(attrs[name], `${node.id} ${name}`).toEqual(value);
}

function expectEdgeAttributes(graph: Graph, edge: GraphEdge): void {
  expect(graph.hasEdge(edge.id), edge.id).toBe(true);
  expect(graph.source(edge.id)).toBe(edge.source);
  expect(graph.target(edge.id)).toBe(edge.target);
  expect(graph.isDirected(edge.id)).toBe(true);
  const attrs = graph.getEdgeAttributes(edge.id);
  expect(attrs.type).toBe(edge.type);
  for (const [name, value] of Object.entries(edge.props))
    expect(attrs[name], `${edge.id} ${name}`).toEqual(value);
  for (const s of edge.sources ?? []) expect(attrs.sources).toContain(`${s.file}:${s.line}`);
}

function expectSameGraph(graph: Graph, sub: Subgraph): void {
  expect(graph.order).toBe(sub.nodes.length);
  expect(graph.size).toBe(sub.edges.length);
  for (const node of sub.nodes) expectNodeAttributes(graph, node);
  for (const edge of sub.edges) expectEdgeAttributes(graph, edge);
}

describe("subgraph export", () => {
  it("writes GraphML that graphology-graphml reads back as the same directed multigraph with typed attributes", () => {
    const sub = evidenceSubgraph();
    const xml = text(renderSubgraph(sub, "graphml", { title: "241500031000123" }), "subgraph.graphml");
    const graph = parseGraphml(MultiDirectedGraph, xml);
    expectSameGraph(graph, sub);
    expect(xml).toMatch(/<key id="\w+" for="edge" attr.name="amountKzt" attr.type="double"\/>/);
    expect(xml).toMatch(/<key id="\w+" for="edge" attr.name="ts" attr.type="long"\/>/);
    expect(xml).toMatch(/<key id="\w+" for="node" attr.name="open" attr.type="boolean"\/>/);
    expect(xml).toContain('edgedefault="directed"');
  });

  it("writes GEXF that graphology-gexf reads back as the same graph, laid out and coloured", () => {
    const sub = evidenceSubgraph();
    const xml = text(renderSubgraph(sub, "gexf"), "subgraph.gexf");
    const graph = parseGexf(MultiDirectedGraph, xml);
    expectSameGraph(graph, sub);
    graph.forEachNode((id, attrs) => {
      expect(Number.isFinite(attrs.x), id).toBe(true);
      expect(attrs.color, id).toMatch(/^rgb\(\d{1,3},\d{1,3},\d{1,3}\)$/);
    });
  });

  it("writes GEXF colours as r, g and b attributes, which readers that know no hex (networkx) need", () => {
    const xml = text(renderSubgraph(evidenceSubgraph(), "gexf"), "subgraph.gexf");
    const colours = [...xml.matchAll(/<viz:color ([^>]*?)\/?>/g)].map((m) => m[1]!);
    expect(colours.length).toBeGreaterThan(0);
    for (const c of colours) {
      expect(c).toMatch(/^r="\d{1,3}" g="\d{1,3}" b="\d{1,3}"$/);
      expect(c).not.toContain("hex");
    }
    // The colour is the palette's: a drop is drawn in the drop colour.
    const graph = parseGexf(MultiDirectedGraph, xml);
    const drop = evidenceSubgraph().nodes.find((n) => n.role === "drop");
    expect(drop).toBeDefined();
    const hex = nodeColour(drop!);
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    expect(graph.getNodeAttribute(drop!.id, "color")).toBe(`rgb(${r},${g},${b})`);
  });

  it("writes the same bytes for the same subgraph, whatever the order of its nodes and edges", () => {
    const sub = evidenceSubgraph();
    const shuffled: Subgraph = { ...sub, nodes: [...sub.nodes].reverse(), edges: [...sub.edges].reverse() };
    for (const format of ["graphml", "gexf", "csv", "json"] as const) {
      expect(renderSubgraph(shuffled, format)).toEqual(renderSubgraph(sub, format));
    }
  });

  it("writes nodes.csv and edges.csv that csv-parse opens, with formula-like names neutralised", () => {
    const sub = evidenceSubgraph();
    const files = renderSubgraph(sub, "csv");
    const nodes = parseCsv(text(files, "nodes.csv"), { columns: true, bom: true }) as Record<
      string,
      string
    >[];
    const edges = parseCsv(text(files, "edges.csv"), { columns: true, bom: true }) as Record<
      string,
      string
    >[];
    expect(nodes).toHaveLength(sub.nodes.length);
    expect(edges).toHaveLength(sub.edges.length);

    const label = (id: string) => nodes.find((n) => n.id === id)?.label;
    for (const node of sub.nodes) {
      const cell = label(node.id)!;
      if (/^[=+\-@]/.test(node.label)) {
        expect(cell).toBe(`'${node.label}`);
      } else {
        expect(cell).toBe(node.label);
      }
    }
    expect(label(sub.nodes[1]!.id)).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(nodes.some((n) => Object.values(n).some((v) => /^[=+\-@]/.test(v)))).toBe(false);

    for (const edge of sub.edges) {
      const row = edges.find((e) => e.id === edge.id)!;
      expect([row.source, row.target, row.type]).toEqual([edge.source, edge.target, edge.type]);
      if (typeof edge.props.amountKzt === "number") expect(Number(row.amountKzt)).toBe(edge.props.amountKzt);
      if (typeof edge.props.purpose === "string") expect(row.purpose).toBe(edge.props.purpose);
    }
  });

  it("ends CSV records in CRLF and quotes fields holding commas, quotes and line breaks", () => {
    const sub: Subgraph = {
      truncated: false,
      edges: [],
      nodes: [{ id: "person:1", type: "person", key: "1", label: 'Doe, "J"\nline 2', props: {} }],
    };
    const csv = text(renderSubgraph(sub, "csv"), "nodes.csv");
    expect(csv.startsWith("\uFEFFid,")).toBe(true);
    expect(csv).toContain('"Doe, ""J""\nline 2"');
    expect(csv.endsWith("\r\n")).toBe(true);
  });

  it("writes JSON holding exactly the subgraph's nodes and edges", () => {
    const sub = evidenceSubgraph();
    const doc = JSON.parse(text(renderSubgraph(sub, "json"), "subgraph.json"));
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    expect([...doc.nodes].sort(byId)).toEqual([...sub.nodes].sort(byId));
    expect([...doc.edges].sort(byId)).toEqual([...sub.edges].sort(byId));
    expect(doc.truncated).toBe(false);
  });

  it("keeps an edge whose endpoint is missing by adding a stub node, so the file still imports", () => {
    const sub = evidenceSubgraph();
    sub.nodes = sub.nodes.filter((n) => n.type !== "cashpoint");
    const graph = parseGraphml(MultiDirectedGraph, text(renderSubgraph(sub, "graphml"), "subgraph.graphml"));
    expect(graph.getNodeAttributes("cashpoint:ATM-TR-0042")).toMatchObject({
      type: "cashpoint",
      key: "ATM-TR-0042",
    });
  });

  it("rejects an unknown format with EvidenceInputError", () => {
    expect(() => renderSubgraph(evidenceSubgraph(), "xlsx" as never)).toThrow(EvidenceInputError);
  });
});
