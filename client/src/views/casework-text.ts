/**
 * The queue and case pages' messages: the `queue.*` and `case.*` keys of the app's catalogues (client/src/i18n), so
 * the untranslated-text check of the browser suite knows their English words too. User data never goes through here.
 */
import { t, type MessageKey, type Params } from "../i18n/index";

export type CaseworkKey = Extract<MessageKey, `queue.${string}` | `case.${string}`>;

/** The message `key` in the current language with its placeholders filled. */
export function ct(key: CaseworkKey, params?: Params): string {
  return t(key, params);
}
