/**
 * Typed errors. Every message states what was expected and what was found, so a technician can fix the
 * input without reading a stack trace. The CLI prints `error.message` only for these classes.
 */
export class TubanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The input is not what the operation accepts (wrong geometry type, malformed GeoJSON, bad option). */
export class InputError extends TubanError {
  /** The file the input came from, when known. */
  readonly file: string | undefined;
  /** Zero-based index of the offending feature, when the problem is one feature. */
  readonly featureIndex: number | undefined;
  constructor(message: string, where: { file?: string; featureIndex?: number } = {}) {
    const prefix = [where.file, where.featureIndex !== undefined ? `feature ${where.featureIndex}` : undefined]
      .filter((s) => s !== undefined)
      .join(', ');
    super(prefix ? `${prefix}: ${message}` : message);
    this.file = where.file;
    this.featureIndex = where.featureIndex;
  }
}

/** A coordinate reference system could not be determined, is not supported, or two layers disagree. */
export class CrsError extends TubanError {}
