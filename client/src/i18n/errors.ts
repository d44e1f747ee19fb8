/**
 * Errors as a browser user reads them: the API's stable error code picks a translated message that says what to do
 * in the browser; the server's own text (English, written for logs) only fills in the specifics, without its module
 * prefix (`api/auth: `) and without advice meant for the command line (`--flag`).
 */
import { hasKey, t, type MessageKey } from "./index.js";

/** What the client's ApiError carries (client/src/api.ts); duck-typed so this module needs no API import. */
interface CodedError {
  status: number;
  code: string;
  message: string;
}

function isCoded(err: unknown): err is CodedError {
  const e = err as Partial<CodedError> | null;
  return !!e && typeof e === "object" && typeof e.code === "string" && typeof e.status === "number";
}

/** The server message without `api/xyz: ` prefixes and without sentences that name a command-line flag. */
export function serverDetail(message: string): string {
  let s = message.trim();
  for (let prev = ""; prev !== s;) {
    prev = s;
    s = s.replace(/^[a-z][\w/-]*:\s+/i, ""); // module names: api, api/auth, ingest/statement (not body.role)
    s = s.replace(/^(GET|POST|PUT|PATCH|DELETE) \/\S*:\s+/, ""); // the route: "POST /api/users: "
  }
  const sentences = s.split(/(?<=[.;])\s+/).filter((part) => !/(^|\s)--[a-z]/i.test(part));
  return sentences.join(" ").trim();
}

/** One line for a toast or an error paragraph. */
export function errorMessage(err: unknown): string {
  if (isCoded(err)) {
    const key = `error.${err.code}`;
    if (hasKey(key)) {
      const detail = serverDetail(err.message);
      const text = t(key as MessageKey, { detail });
      return detail ? text : text.replace(/:\s*$/, ".");
    }
    return t("error.unknown", { status: err.status });
  }
  if (err instanceof TypeError) return t("error.network"); // fetch failed: no connection
  return serverDetail(err instanceof Error ? err.message : String(err));
}
