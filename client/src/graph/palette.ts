/**
 * Colours, shapes and glyphs of the graph's entities. Accounts are circles coloured by role; every other kind is a
 * square with a colour of its own and a glyph before its label. No two roles or kinds share a colour: the base is
 * Okabe & Ito's colour-blind-safe set ("Color Universal Design", 2008), extended with Paul Tol's "muted" and
 * "bright" schemes for the rest; where two colours are close for a colour-blind eye, the shape tells them apart
 * (circle vs square). Glyphs are all in DejaVu Sans, which styles.css serves for the symbol ranges, so no label
 * ever shows a missing-glyph box.
 */
import type { EntityType } from "../../../model/graph";

/** An account's role as detection sets it; "ordinary" (or none) for the rest. */
export type Role = "victim" | "drop" | "hub" | "exit" | "organiser" | "ordinary";

export const ROLES: readonly Role[] = ["victim", "drop", "hub", "exit", "organiser", "ordinary"];

/** Accounts by role (circles). */
export const ROLE_COLORS: Readonly<Record<Role, string>> = {
  victim: "#0072B2", // Okabe–Ito blue
  drop: "#E69F00", // orange
  hub: "#D55E00", // vermillion
  exit: "#CC79A7", // reddish purple
  organiser: "#000000", // black
  ordinary: "#D0D0D0", // light grey
};

/** Kinds other than accounts (squares); `account` is the colour of an account without a role. */
export const TYPE_COLORS: Readonly<Record<EntityType, string>> = {
  account: ROLE_COLORS.ordinary,
  person: "#56B4E9", // Okabe–Ito sky blue
  company: "#009E73", // bluish green
  card: "#F0E442", // yellow
  phone: "#117733", // Tol green
  device: "#882255", // Tol wine
  ip: "#332288", // Tol indigo
  wallet: "#44AA99", // Tol teal
  complaint: "#661100", // Tol dark brown
  cashpoint: "#999933", // Tol olive
};

/** The kinds drawn as squares, in legend order. */
export const OTHER_KINDS: readonly Exclude<EntityType, "account">[] = [
  "person",
  "company",
  "card",
  "phone",
  "device",
  "ip",
  "wallet",
  "complaint",
  "cashpoint",
];

/**
 * The glyph before a label, per kind (all in DejaVu Sans: ☺ person, ⌂ company, ▭ card, ☎ phone, ⌨ device, ⊕ IP
 * address, ₮ wallet, ⚖ complaint, ₸ cash point).
 */
export const TYPE_GLYPH: Readonly<Record<EntityType, string>> = {
  account: "",
  person: "\u263A",
  company: "\u2302",
  card: "\u25AD",
  phone: "\u260E",
  device: "\u2328",
  ip: "\u2295",
  wallet: "\u20AE",
  complaint: "\u2696",
  cashpoint: "\u20B8",
};

/** The font family of labels: the page's own first, the glyph font for the symbols it lacks. */
export const LABEL_FONT = 'system-ui, "Segoe UI", Roboto, Arial, "Mulegraph Glyphs", sans-serif';

/** An account's colour by role; accounts without a known role are grey. */
export function roleColor(role: string | undefined): string {
  return (role && ROLE_COLORS[role as Role]) || ROLE_COLORS.ordinary;
}

/** Fill of any entity by role (accounts) or kind (the rest). */
export function entityColor(type: EntityType, role: string | undefined): string {
  return type === "account" ? roleColor(role) : TYPE_COLORS[type];
}

/**
 * Load the glyph font before the canvas draws labels (a canvas does not redraw when a font arrives later); resolves
 * false where the font cannot load (the labels then fall back to the system's fonts).
 */
export async function loadGlyphFont(): Promise<boolean> {
  if (typeof document === "undefined" || !document.fonts) return false;
  try {
    const faces = await document.fonts.load('12px "Mulegraph Glyphs"', Object.values(TYPE_GLYPH).join(""));
    return faces.length > 0;
  } catch {
    return false;
  }
}

/** Community colours (the optional "colour by community" mode). */
const COMMUNITY_PALETTE = [
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#17becf",
  "#bcbd22",
  "#393b79",
  "#637939",
  "#8c6d31",
  "#843c39",
];

export function communityColor(community: string | undefined): string {
  if (!community) return TYPE_COLORS.account;
  let h = 0;
  for (let i = 0; i < community.length; i++) h = (h * 31 + community.charCodeAt(i)) | 0;
  return COMMUNITY_PALETTE[Math.abs(h) % COMMUNITY_PALETTE.length]!;
}
