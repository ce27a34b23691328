/**
 * Errors across threads. Structured cloning keeps an Error's message but not its class (HTML Standard,
 * StructuredSerialize: only the built-in error types survive), so an InputError thrown in a worker would arrive
 * as a plain Error. A worker sends {@link SerializedError} instead and the main thread rebuilds the same class
 * of src/errors.ts with the same message and fields.
 */
import { CrsError, InputError, TubanError } from '../errors.js';

export interface SerializedError {
  /** Class name (`InputError`, `CrsError`, `TubanError`, or any other error's name). */
  readonly name: string;
  readonly message: string;
  readonly stack: string | undefined;
  /** Whether the error is a {@link TubanError} (a subclass not listed here comes back as TubanError). */
  readonly tuban: boolean;
  readonly file?: string;
  readonly featureIndex?: number;
}

/**
 * What a worker posts for an error it caught.
 *
 * @example
 * try { run(task); } catch (e) { parentPort.postMessage({ error: serializeError(e) }); }
 */
export function serializeError(e: unknown): SerializedError {
  if (e instanceof Error) {
    const out: { -readonly [K in keyof SerializedError]: SerializedError[K] } = {
      name: e.name,
      message: e.message,
      stack: e.stack,
      tuban: e instanceof TubanError,
    };
    if (e instanceof InputError) {
      if (e.file !== undefined) out.file = e.file;
      if (e.featureIndex !== undefined) out.featureIndex = e.featureIndex;
    }
    return out;
  }
  return { name: 'Error', message: String(e), stack: undefined, tuban: false };
}

/**
 * The error again, as its own class where it is one of src/errors.ts (same message; InputError keeps `file` and
 * `featureIndex`); other errors become an Error with the same name and message. The stack is the worker's.
 *
 * @example
 * worker.on('message', (m) => { if (m.error) reject(deserializeError(m.error)); });
 */
export function deserializeError(s: SerializedError): Error {
  let e: Error;
  if (s.name === 'InputError') {
    // The constructor would prefix file and feature again: the message already has them.
    const ie = new InputError(s.message);
    Object.defineProperty(ie, 'file', { value: s.file, enumerable: true });
    Object.defineProperty(ie, 'featureIndex', { value: s.featureIndex, enumerable: true });
    e = ie;
  } else if (s.name === 'CrsError') e = new CrsError(s.message);
  else if (s.tuban) {
    e = new TubanError(s.message);
    e.name = s.name;
  } else {
    e = new Error(s.message);
    e.name = s.name;
  }
  if (s.stack !== undefined) e.stack = s.stack;
  return e;
}
