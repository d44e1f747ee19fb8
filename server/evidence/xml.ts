/**
 * XML text helpers for the GraphML writer: escaping, and removal of characters XML 1.0 cannot carry at all.
 */

// XML 1.0 allows #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]; lone surrogates are out too.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Drop characters no XML 1.0 document can contain (NUL, other C0 controls, lone surrogates, U+FFFE/FFFF). */
export function xmlSafe(text: string): string {
  return text.replace(NOT_XML_CHAR, "");
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  // Character references keep tab, newline and carriage return intact through attribute-value normalisation.
  "\t": "&#9;",
  "\n": "&#10;",
  "\r": "&#13;",
};

/** Escape text for use in XML content or a double-quoted attribute. */
export function xmlEscape(text: string): string {
  return xmlSafe(text).replace(/[&<>"'\t\n\r]/g, (c) => ESCAPES[c]!);
}
