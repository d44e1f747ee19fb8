/**
 * The shape of a message catalogue: a message is a text with `{name}` placeholders, or plural forms chosen by
 * Intl.PluralRules for the `count` parameter (Russian uses one/few/many, Kazakh and English one/other).
 */

export type Lang = "ru" | "kk" | "en";

/** Plural forms; `other` is the fallback for a category a language's forms leave out. */
export interface PluralMessage {
  one?: string;
  few?: string;
  many?: string;
  other: string;
}

export type Message = string | PluralMessage;

export type Catalogue = Readonly<Record<string, Message>>;
