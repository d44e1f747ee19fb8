/**
 * Colours of the graph pictures and GEXF nodes: accounts by analysed role, other entities by type.
 * Chosen to stay distinguishable when printed in greyscale (different lightness per role).
 */
import type { AccountRole, EntityType, GraphNode, RelationshipType } from "../../model/graph.js";

export const ROLE_COLOURS: Record<AccountRole, string> = {
  victim: "#2e7d32",
  drop: "#ef6c00",
  hub: "#c62828",
  exit: "#6a1b9a",
  organiser: "#ad1457",
  ordinary: "#78909c",
};

export const TYPE_COLOURS: Record<EntityType, string> = {
  account: "#90a4ae",
  person: "#1565c0",
  company: "#0277bd",
  card: "#00838f",
  phone: "#558b2f",
  device: "#9e9d24",
  ip: "#795548",
  wallet: "#4527a0",
  complaint: "#212121",
  cashpoint: "#37474f",
};

export const EDGE_COLOURS: Record<RelationshipType, string> = {
  TRANSFER: "#546e7a",
  WITHDREW: "#6a1b9a",
  PAID_TO_WALLET: "#4527a0",
  REPORTED: "#212121",
  OWNS: "#b0bec5",
  CONTROLS: "#b0bec5",
  ISSUED_ON: "#b0bec5",
  USED: "#cfd8dc",
};

/** A node's colour: its role when analysed, else its entity type's. */
export function nodeColour(node: GraphNode): string {
  return node.role ? ROLE_COLOURS[node.role] : TYPE_COLOURS[node.type];
}
