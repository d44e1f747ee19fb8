/**
 * The graph's palette (client/src/graph/palette.ts): no two roles or kinds share a colour, colours stay apart for
 * the two common colour-vision deficiencies within each shape (circles: roles; squares: kinds), and every glyph is
 * in the font the page serves for it (DejaVu Sans, read from its cmap table here).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import {
  OTHER_KINDS,
  ROLE_COLORS,
  ROLES,
  TYPE_COLORS,
  TYPE_GLYPH,
} from "../../../client/src/graph/palette.js";

function linear(hex: string): [number, number, number] {
  const v = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  return v.map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
}

/** Brettel, Viénot & Mollon (1997) as simplified by Viénot, Brettel & Mollon (1999), on linear RGB. */
const SIMULATE: Record<string, number[][]> = {
  normal: [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ],
  protan: [
    [0.11238, 0.88762, 0],
    [0.11238, 0.88762, 0],
    [0.00401, -0.00401, 1],
  ],
  deutan: [
    [0.29275, 0.70725, 0],
    [0.29275, 0.70725, 0],
    [-0.02234, 0.02234, 1],
  ],
};

/** CIE L*a*b* of a linear RGB colour (sRGB primaries, D65). */
function lab([r, g, b]: number[]): [number, number, number] {
  const x = (0.4124 * r! + 0.3576 * g! + 0.1805 * b!) / 0.95047;
  const y = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  const z = (0.0193 * r! + 0.1192 * g! + 0.9505 * b!) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

function seenAs(hex: string, vision: string): [number, number, number] {
  const c = linear(hex);
  const m = SIMULATE[vision]!;
  return lab(m.map((row) => Math.min(1, Math.max(0, row[0]! * c[0] + row[1]! * c[1] + row[2]! * c[2]))));
}

function deltaE(a: number[], b: number[]): number {
  return Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);
}

/** The Unicode code points a TrueType font maps (cmap format 4 and 12 subtables). */
function cmapOf(file: string): Set<number> {
  const buf = readFileSync(file);
  const tables = buf.readUInt16BE(4);
  let cmap = -1;
  for (let i = 0; i < tables; i++) {
    const rec = 12 + 16 * i;
    if (buf.toString("latin1", rec, rec + 4) === "cmap") cmap = buf.readUInt32BE(rec + 8);
  }
  const out = new Set<number>();
  const subtables = buf.readUInt16BE(cmap + 2);
  for (let i = 0; i < subtables; i++) {
    const at = cmap + buf.readUInt32BE(cmap + 4 + 8 * i + 4);
    const format = buf.readUInt16BE(at);
    if (format === 4) {
      const segs = buf.readUInt16BE(at + 6) / 2;
      for (let s = 0; s < segs; s++) {
        const end = buf.readUInt16BE(at + 14 + 2 * s);
        const start = buf.readUInt16BE(at + 16 + 2 * segs + 2 * s);
        for (let c = start; c <= end && c !== 0xffff; c++) out.add(c);
      }
    } else if (format === 12) {
      const groups = buf.readUInt32BE(at + 12);
      for (let g = 0; g < groups; g++) {
        const start = buf.readUInt32BE(at + 16 + 12 * g);
        const end = buf.readUInt32BE(at + 20 + 12 * g);
        for (let c = start; c <= end; c++) out.add(c);
      }
    }
  }
  return out;
}

describe("graph palette", () => {
  const circles = ROLES.map((r) => ROLE_COLORS[r]);
  const squares = OTHER_KINDS.map((k) => TYPE_COLORS[k]);

  it("gives every role and every kind a colour no other role or kind has", () => {
    const all = [...circles, ...squares].map((c) => c.toLowerCase());
    expect(new Set(all).size).toBe(all.length);
    expect(TYPE_COLORS.account).toBe(ROLE_COLORS.ordinary);
  });

  it("keeps colours of the same shape apart for normal, protan and deutan vision", () => {
    for (const group of [circles, squares])
      for (const vision of ["normal", "protan", "deutan"])
        for (let i = 0; i < group.length; i++)
          for (let j = i + 1; j < group.length; j++) {
            const d = deltaE(seenAs(group[i]!, vision), seenAs(group[j]!, vision));
            expect(d, `${group[i]} vs ${group[j]} (${vision})`).toBeGreaterThan(10);
          }
  });

  it("draws every kind's glyph, the freeze mark and the arrows from the font served for them", () => {
    const font = createRequire(import.meta.url).resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf");
    const mapped = cmapOf(font);
    const glyphs = [...Object.values(TYPE_GLYPH).join(""), "\u2744", "\u2192", "\u21b3"];
    expect(glyphs.length).toBeGreaterThan(9);
    for (const g of glyphs)
      expect(mapped.has(g.codePointAt(0)!), `U+${g.codePointAt(0)!.toString(16)}`).toBe(true);
    // The check itself can fail: an emoji is not in DejaVu Sans.
    expect(mapped.has(0x1f3e7)).toBe(false);
  });
});
