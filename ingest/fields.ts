/**
 * Reading canonical fields out of a parsed row (an array of cells) by column index, and turning a validator's
 * InvalidValueError into a row reject whose reason names the column as it is headed in the file.
 */
import { InvalidValueError } from "../model/invalid-value.js";
import { RowRejected } from "./errors.js";

/** Column positions of the canonical fields of one file, plus the headers for messages. */
export class FieldReader {
  private readonly index = new Map<string, number>();

  constructor(
    readonly headers: string[],
    fields: (string | undefined)[],
  ) {
    fields.forEach((f, i) => {
      if (f !== undefined) this.index.set(f, i);
    });
  }

  /** Column index of a field, or -1 when the file has no such column. */
  col(field: string): number {
    return this.index.get(field) ?? -1;
  }

  has(field: string): boolean {
    return this.index.has(field);
  }

  /** The header of a field's column as printed in the file (or the field name). */
  header(field: string): string {
    const i = this.index.get(field);
    return i === undefined ? field : this.headers[i]!.trim();
  }

  /** Trimmed cell text of a column index ("" when absent). */
  static cell(row: string[], i: number): string {
    if (i < 0 || i >= row.length) return "";
    const v = row[i]!;
    const n = v.length;
    if (n === 0) return v;
    const a = v.charCodeAt(0);
    const b = v.charCodeAt(n - 1);
    return a <= 32 || b <= 32 || a === 0xa0 || b === 0xa0 ? v.trim() : v;
  }

  /** A reject naming the column of `field`. */
  reject(field: string, problem: string): RowRejected {
    return new RowRejected(`column "${this.header(field)}": ${problem}`);
  }

  /** Cell text or throw a reject when empty. */
  required(row: string[], i: number, field: string): string {
    const v = FieldReader.cell(row, i);
    if (v === "") throw this.reject(field, "is empty");
    return v;
  }

  /** Run a validator on a cell; its InvalidValueError becomes a reject naming the column. */
  parse<T>(value: string, field: string, fn: (v: string) => T): T {
    try {
      return fn(value);
    } catch (e) {
      if (e instanceof InvalidValueError) throw this.reject(field, e.message);
      throw e;
    }
  }

  /** Parse when the cell is non-empty, else undefined. */
  optional<T>(row: string[], i: number, field: string, fn: (v: string) => T): T | undefined {
    const v = FieldReader.cell(row, i);
    return v === "" ? undefined : this.parse(v, field, fn);
  }
}
