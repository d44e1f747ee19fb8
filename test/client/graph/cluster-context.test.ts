/**
 * What a cluster opens with (client/src/views/explorer/cluster-context.ts): of the members' neighbours, the victims,
 * exits, complaints, identifiers two members share and accounts the reasons name — and nothing else.
 */
import { describe, expect, it } from "vitest";
import type { GraphEdge, GraphNode } from "../../../model/graph.js";
import { clusterContext } from "../../../client/src/views/explorer/cluster-context.js";

const node = (id: string, extra: Partial<GraphNode> = {}): GraphNode => ({
  id,
  type: id.slice(0, id.indexOf(":")) as GraphNode["type"],
  key: id.slice(id.indexOf(":") + 1),
  label: id,
  props: {},
  ...extra,
});
const edge = (source: string, target: string, type: GraphEdge["type"] = "TRANSFER"): GraphEdge => ({
  id: `${type}:${source}->${target}`,
  type,
  source,
  target,
  props: {},
});

describe("cluster context", () => {
  const members = ["account:M1", "account:M2"];
  const around = {
    nodes: [
      node("account:M1"),
      node("account:M2"),
      node("account:V1", { role: "victim" }),
      node("account:CITED01"),
      node("account:BYSTANDER"),
      node("device:D-shared"),
      node("device:D-alone"),
      node("wallet:T123"),
    ],
    edges: [
      edge("account:M1", "account:M2"),
      edge("account:V1", "account:M1"),
      edge("account:M2", "account:CITED01"),
      edge("account:BYSTANDER", "account:M2"),
      edge("account:M1", "device:D-shared", "USED"),
      edge("account:M2", "device:D-shared", "USED"),
      edge("account:M1", "device:D-alone", "USED"),
      edge("account:M2", "wallet:T123"),
    ],
    truncated: false,
  };

  it("keeps the victims, the exits, shared identifiers and the accounts a reason names", () => {
    const sub = clusterContext(members, ["pays out to CITED01 within 2 h"], around);
    expect(sub.nodes.map((n) => n.id).sort()).toEqual(
      ["account:CITED01", "account:M1", "account:M2", "account:V1", "device:D-shared", "wallet:T123"].sort(),
    );
    expect(sub.edges.every((e) => sub.nodes.some((n) => n.id === e.source))).toBe(true);
    expect(sub.edges.some((e) => e.source === "account:BYSTANDER")).toBe(false);
  });
});
