/**
 * Types of the typology detectors (issue 16): one laundering shape found in the time-ordered transfer graph, with
 * the accounts and transfers behind it so that a person can check every claim.
 */

/** The AML literature's typologies (Altman et al. 2023; AMLSim), plus the forwarding signature of one account. */
export type TypologyName =
  | "fan_in"
  | "fan_out"
  | "gather_scatter"
  | "scatter_gather"
  | "cycle"
  | "bipartite"
  | "stack"
  | "random"
  | "forwarding";

/** One instance of a typology: who took part, in which position, through which transfers. */
export interface TypologyFinding {
  typology: TypologyName;
  /** Collecting accounts (fan-in target, gather-scatter centre, scatter-gather collector), by index. */
  hubs: number[];
  /** Every account that took part, hubs and sources included, by index. */
  members: number[];
  /**
   * Accounts where the money of the shape came from and that pass nothing on in it (a chain's first sender, a
   * scatter-gather's source): weaker evidence, since a victim or a lender sits in that place just as well. A source
   * that does nothing else in the data is no longer one once the findings are complete (typologies/index.ts).
   */
  sources: number[];
  sourcePoints: number;
  /** Transfers (indices into the indexed projection) that make the shape. */
  transfers: number[];
  /** Evidence points it gives each member (hubs and members may differ). */
  hubPoints: number;
  memberPoints: number;
  /** The shape in words with amounts and times, as its hub or first member would read it. */
  reason: string;
}

/** Per account: the findings it takes part in. */
export interface TypologyResult {
  findings: TypologyFinding[];
  byAccount: Map<number, number[]>;
  /**
   * What the detectors worked out per account pair, for the stages after them (stragglers/episodes.ts): per pair
   * a → b, b's transfers to a (flows.ts reverseCounts), and 1 where the data had no room to see the pair again at its
   * accounts' pace (unseen.ts unseenAtAccountsPace).
   */
  back: Int32Array;
  unseenAtAccountsPace: Uint8Array;
}
