/**
 * The one error the model validators throw: a value that is not what its field needs (bad IBAN check digits, an
 * amount that is not a number, a date that does not exist…). Callers add the column and line; the message says
 * what was wrong with the value itself.
 */

/** A single value failed validation. `value` is the raw input, kept for reports. */
export class InvalidValueError extends Error {
  override name = "InvalidValueError";
  constructor(
    message: string,
    readonly value: string,
  ) {
    super(message);
  }
}

/** Quote a raw value for a message, shortened so a runaway cell cannot flood a report. */
export function quoteValue(value: string): string {
  const v = value.length > 60 ? `${value.slice(0, 57)}...` : value;
  return JSON.stringify(v);
}
