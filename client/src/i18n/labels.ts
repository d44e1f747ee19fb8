/**
 * Words for the codes the API answers with (entity types, account roles, relationship types, typologies, statuses),
 * in the current language. A code this build has no message for is shown as sent, so new server codes still show.
 */
import { hasKey, t } from "./index.js";

function label(prefix: string, code: string): string {
  const key = `${prefix}.${code}`;
  return hasKey(key) ? t(key) : code.replaceAll("_", " ");
}

/** "account" → "счёт". */
export const entityLabel = (type: string): string => label("entity", type);
/** "drop" → "дроп". */
export const accountRoleLabel = (role: string): string => label("accountRole", role);
/** "TRANSFER" → "перевод". */
export const relationLabel = (type: string): string => label("rel", type);
/** "fan_in" → "веерный сбор". */
export const typologyLabel = (name: string): string => label("typology", name);
/** Typologies in their order, one line ("веерный сбор, цикл"). */
export const typologyList = (names: readonly string[]): string => names.map(typologyLabel).join(", ");
/** An upload job's status. */
export const jobStatusLabel = (status: string): string => label("status", status);
/** A freeze request item's status. */
export const freezeStatusLabel = (status: string): string => label("freeze", status);
