/**
 * Errors of the ingest pipeline. UnreadableFileError stops a file (and the whole ingestFiles call) with a message a
 * non-programmer can act on; RowRejected is internal: a row mapper throws it and the pipeline turns it into a
 * reject entry (file, line, reason) while the rest of the file goes on.
 */

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

/** A mapping file (`--mapping`) that is not valid JSON of the documented shape. */
export class MappingError extends Error {
  override name = "MappingError";
}

/** One row cannot be used; `reason` names the column and what is wrong with its value. */
export class RowRejected extends Error {
  override name = "RowRejected";
}
