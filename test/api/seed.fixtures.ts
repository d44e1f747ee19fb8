/**
 * Seeds an API test store: the store contract's hand-built known case (test/store/store.fixtures.ts: one victim, two
 * drops, a hub, a crypto exchange, one complaint) and small CSV exports written in the formats of docs/FORMATS.md.
 */
import { fixtureBatches } from "../store/store.fixtures.js";
import type { GraphStore } from "../../server/store/types.js";

export { ACC, CASE, ID, T as TX } from "../store/store.fixtures.js";

export async function seedKnownCase(store: GraphStore): Promise<void> {
  for (const batch of fixtureBatches) await store.writeBatch(batch);
}

/**
 * A transfer register (docs/FORMATS.md `register`, Russian headers, `;`, decimal commas): two good rows and one whose
 * IBAN fails its check digits (line 4), which ingest must reject.
 */
export const REGISTER_CSV = [
  "Референс;Дата операции;Счет отправителя;Банк отправителя;Счет получателя;Банк получателя;Сумма;Валюта;Назначение платежа",
  "UP-0001;01.04.2024 10:00:00;KZ257220000000000001;CASPKZKA;KZ886010000000000003;HSBKKZKX;150 000,00;KZT;перевод",
  "UP-0002;01.04.2024 10:30:00;KZ886010000000000003;HSBKKZKX;KZ417220000000000004;CASPKZKA;135 000,00;KZT;оплата",
  "UP-0003;01.04.2024 11:00:00;KZ000000000000000000;CASPKZKA;KZ417220000000000004;CASPKZKA;1 000,00;KZT;ошибка",
  "",
].join("\r\n");

/** Not an export at all: binary bytes (a PNG header and noise). */
export const UNREADABLE_BYTES = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0xff, 0xfe, 0, 1, 2, 3,
]);

export function csvForm(
  name: string,
  text: string | Uint8Array,
  field = "file",
  mapping?: unknown,
): FormData {
  const form = new FormData();
  if (mapping !== undefined) form.append("mapping", JSON.stringify(mapping));
  form.append(field, new Blob([text], { type: "text/csv" }), name);
  return form;
}
