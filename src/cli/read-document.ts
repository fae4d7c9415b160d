import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import YAML from "yaml";
import { KubewireError, parseJsonLossless } from "../index.js";
import type { CliIO } from "./io.js";

/** A file the command could not read or parse. Its message names the file and the problem, never the content. */
export class InputError extends KubewireError {
  constructor(message: string) {
    super("KUBEWIRE_CLI_INPUT", message);
    this.name = "InputError";
  }
}

/** All of standard input, as text. */
export async function readStdin(io: CliIO): Promise<string> {
  if (!io.stdin) throw new InputError("no standard input to read '-' from");
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}

/** A file argument that could not be read, worded as every command words it: the file and the system's code. */
export function cannotRead(file: string, error: unknown): InputError {
  return new InputError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
}

/** The text of a file argument (`-` for standard input). */
export async function readInput(file: string, io: CliIO): Promise<string> {
  if (file === "-") return readStdin(io);
  try {
    return await readFile(resolve(io.cwd ?? process.cwd(), file), "utf8");
  } catch (error) {
    throw cannotRead(file, error);
  }
}

/**
 * The documents in a JSON or YAML file: JSON is parsed keeping every digit; YAML may hold several documents
 * (`---`). Error messages name the file and the problem, never the content.
 */
export async function readDocuments(file: string, io: CliIO): Promise<unknown[]> {
  const text = await readInput(file, io);
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return [parseJsonLossless(text)];
    } catch {
      // Not JSON after all (a YAML flow mapping): try YAML.
    }
  }
  try {
    return YAML.parseAllDocuments(text)
      .map((doc) => {
        if (doc.errors.length > 0) throw new Error(doc.errors[0]!.code);
        return doc.toJS({ maxAliasCount: 100 }) as unknown;
      })
      .filter((d) => d !== null && d !== undefined);
  } catch (error) {
    throw new InputError(`${file} is neither JSON nor YAML (${(error as Error).message})`);
  }
}
