/**
 * Inputs of the hostile probes (issue 22) and the helpers they share: a Russian transfer register with holder names
 * (the shape of test/fixtures/ingest/register-broken.csv plus the name and IIN/BIN columns docs/FORMATS.md lists), a
 * copy with one row written in another encoding, rows with implausible dates, the real CLI, and an upload that is
 * followed to its end.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import iconv from "iconv-lite";
import type { ApiClient } from "../api/harness.js";

export const ROOT = join(import.meta.dirname, "..", "..");

export const HEADER =
  "Референс;Дата и время;Счет отправителя;Банк отправителя;Отправитель;ИИН/БИН отправителя;Счет получателя;" +
  "Банк получателя;Получатель;Сумма;Валюта;Назначение";

/** Holders of the register; the names are what a garbled read would spoil. */
export const IVANOV = { iin: "780707320207", name: "Иванов Иван Сергеевич" };
export const PETROV = { iin: "851102343215", name: "Петров Пётр Ильич" };

/** One register row from IVANOV's or PETROV's account. */
export function row(
  ref: string,
  when: string,
  who: { iin: string; name: string },
  amount = "10 000,00",
): string {
  const from = who === IVANOV ? "KZ57722S000087654321" : "KZ94998B000000778899";
  return `${ref};${when};${from};CASPKZKA;${who.name};${who.iin};KZ47601A000000112233;HSBKKZKX;Сейткали Айгерим;${amount};KZT;перевод`;
}

/** Lines → file bytes in one encoding, CRLF line ends as bank systems write them. */
export function encode(lines: string[], encoding: "utf8" | "win1251"): Buffer {
  return iconv.encode(lines.join("\r\n") + "\r\n", encoding);
}

/**
 * A register whose lines are UTF-8 except line `badLine` (1-based), written in `other`: the file a hostile tester
 * stitched from two exports.
 */
export function mixedRegister(
  lines: string[],
  badLine: number,
  base: "utf8" | "win1251",
  other: "utf8" | "win1251",
): Buffer {
  return Buffer.concat(lines.map((l, i) => iconv.encode(l + "\r\n", i + 1 === badLine ? other : base)));
}

/** Run `node bin/mulegraph.js …`; never throws on a non-zero exit. */
export async function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["bin/mulegraph.js", ...args], {
      cwd: ROOT,
      env: { ...process.env, MULEGRAPH_DEBUG: "", NEO4J_URI: "", ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

export interface UploadView {
  id: string;
  status: string;
  error?: string;
  summary?: {
    totals: { rowsRead: number; accepted: number; rejected: number };
    files: {
      file: string;
      encoding: string;
      accepted: number;
      rejected: number;
      rejects: { line: number; reason: string }[];
      timeRange?: { first: string; last: string };
    }[];
  };
}

/** Upload one file and wait for its job to end. */
export async function uploadAndWait(c: ApiClient, name: string, bytes: Uint8Array): Promise<UploadView> {
  const form = new FormData();
  form.append("file", new Blob([bytes], { type: "text/csv" }), name);
  const started = await c.upload<UploadView>("/api/uploads", form);
  if (started.status !== 202) throw new Error(`upload refused: ${started.status} ${started.text}`);
  for (let i = 0; i < 600; i++) {
    const r = await c.get<UploadView>(`/api/uploads/${started.body.id}`);
    if (r.body.status === "done" || r.body.status === "failed") return r.body;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`upload ${started.body.id} did not finish`);
}
