/**
 * Structured logs (pino) without personal data: request bodies, query strings, cookies, CSRF tokens and passwords are
 * redacted by key, and IBAN-, IIN-, phone- and card-like values are masked in every message string.
 * Who looked at what belongs in the audit trail (server/audit), never in the logs.
 */
import { pino, type DestinationStream, type Logger, type LevelWithSilent } from "pino";

export type { Logger } from "pino";

/** Keys whose values never reach a log line, wherever they appear (one level deep, as pino paths go). */
const REDACT_PATHS = [
  "password",
  "*.password",
  "body",
  "*.body",
  "query",
  "*.query",
  "cookie",
  "*.cookie",
  "headers.cookie",
  "*.headers.cookie",
  'headers["x-csrf-token"]',
  '*.headers["x-csrf-token"]',
  "csrfToken",
  "*.csrfToken",
  "sessionId",
  "*.sessionId",
];

// Shapes of personal identifiers (docs/FORMATS.md § Identifiers).
const PERSONAL_PATTERNS: [RegExp, string][] = [
  [/\b[A-Z]{2}\d{2}[A-Z0-9]{11,30}\b/gi, "[iban]"],
  [/\b\d{4}[ -]?\d{2}[*\d]{2}[ -]?[*\d]{4}[ -]?\d{4}\b/g, "[card]"],
  [/\+?\b[78][ (-]*\d{3}[ )-]*\d{3}[ -]?\d{2}[ -]?\d{2}\b/g, "[phone]"],
  [/\b\d{12}\b/g, "[iin]"],
  [/\b[\w.+-]+@[\w-]+\.[\w.-]+\b/g, "[email]"],
];

/** Replace IBAN-, card-, phone-, IIN- and e-mail-like substrings with placeholders. */
export function maskPersonalData(text: string): string {
  let out = text;
  for (const [re, placeholder] of PERSONAL_PATTERNS) out = out.replace(re, placeholder);
  return out;
}

/**
 * The product's logger. `destination` defaults to stdout; tests pass a stream to read what was logged.
 */
export function createLogger(level: LevelWithSilent = "info", destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "mulegraph" },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      hooks: {
        // Mask personal identifiers in message strings (object fields are covered by REDACT_PATHS and by callers
        // logging route patterns, not URLs).
        logMethod(args, method) {
          const masked = args.map((a) => (typeof a === "string" ? maskPersonalData(a) : a)) as typeof args;
          method.apply(this, masked);
        },
      },
    },
    destination,
  );
}
