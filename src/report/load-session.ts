import { readFile } from "node:fs/promises";
import { parseCassette, validateCassette } from "../record/cassette/cassette.js";
import { readCassetteDocument, WHOLE_TEXT_NEEDED } from "../record/cassette/read-cassette-document.js";
import type { Cassette } from "../record/exchange/exchange.js";
import { importHar } from "./har/har-import.js";
import type { SkippedHarEntry } from "./har/har-import.js";

/** A recorded session as a report reads it: a cassette, or a HAR imported into one. */
export interface LoadedSession {
  cassette: Cassette;
  /** The HAR entries that are not Kubernetes API exchanges (none for a cassette). */
  skipped: SkippedHarEntry[];
}

/** Options of {@link loadSession}. */
export interface LoadSessionOptions {
  /** How errors name the file (default: the path given), e.g. the path as the user typed it. */
  name?: string;
}

/**
 * A session from a cassette file or a HAR file (told apart by HAR's top-level `log`), read once, the way
 * `loadCassette` reads a cassette: in pieces and exchange by exchange, so a long session is never held as one string.
 * Rejects with the file system's error when the file cannot be read, and with a `CassetteFormatError` or
 * `HarFormatError` naming the file when it is neither.
 *
 * @example
 * import { loadSession, writeReport } from "kubewire/report";
 * const { cassette } = await loadSession("session.har");
 * await writeReport("report.html", cassette);
 */
export async function loadSession(file: string, options: LoadSessionOptions = {}): Promise<LoadedSession> {
  const name = options.name ?? file;
  const doc = await readCassetteDocument(file);
  return doc === WHOLE_TEXT_NEEDED
    ? sessionFromText(await readFile(file, "utf8"), name)
    : sessionOf(doc, name);
}

/** A session from the text of a cassette or a HAR (standard input, say); `file` names it in errors. */
export function sessionFromText(text: string, file?: string): LoadedSession {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    // parseCassette says where the JSON breaks.
    return { cassette: parseCassette(text, file), skipped: [] };
  }
  return sessionOf(doc, file);
}

function sessionOf(doc: unknown, file: string | undefined): LoadedSession {
  if (typeof doc === "object" && doc !== null && "log" in doc)
    return importHar(doc, file === undefined ? {} : { file });
  return { cassette: validateCassette(doc, file), skipped: [] };
}
