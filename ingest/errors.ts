/**
 * Errors of the ingest pipeline. UnreadableFileError stops a file (and the whole ingestFiles call) with a message a
 * non-programmer can act on; RowRejected is internal: a row mapper throws it and the pipeline turns it into a
 * reject entry (file, line, reason) while the rest of the file goes on.
 */
import type { Sniffed } from "./sniff.js";

/** The input cannot be read as an export at all: missing, binary, Excel, no recognisable header row… */
export class UnreadableFileError extends Error {
  override name = "UnreadableFileError";
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
  }
}

/**
 * A header row was found but lacks a required field, or two columns claim one: unreadable as it stands, but
 * `sniffed` holds what detection made of it (closest kind, every column's guess, the preview), so that the upload
 * page can let a person choose the missing columns (ingest/index.ts detectFile with `{ incomplete: true }`).
 */
export class IncompleteHeaderError extends UnreadableFileError {
  // Keeps the name "UnreadableFileError": callers (the upload jobs, the API's error mapping) classify by name.
  constructor(
    message: string,
    file: string,
    readonly sniffed: Sniffed,
  ) {
    super(message, file);
  }
}

/** A mapping file (`--mapping`) that is not valid JSON of the documented shape. */
export class MappingError extends Error {
  override name = "MappingError";
}

/** One row cannot be used; `reason` names the column and what is wrong with its value. */
export class RowRejected extends Error {
  override name = "RowRejected";
}
