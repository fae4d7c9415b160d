import { readFile, stat } from "node:fs/promises";
import { KubeConfigError } from "../config/kubeconfig-error.js";

/**
 * A bearer token read from a file and read again whenever the file changes. Projected service-account tokens are
 * rotated by the kubelet (an atomic symlink swap), so a long-running client must not keep the first token forever.
 * A `stat` per request is cheap next to a round trip and notices the swap at once.
 */
export class TokenFileSource {
  readonly file: string;
  #token: string | undefined;
  #stamp: string | undefined;

  constructor(file: string) {
    this.file = file;
  }

  /** The current token; `force` re-reads even when the file looks unchanged (after a 401). */
  async token(force = false): Promise<string> {
    let stamp: string;
    try {
      const s = await stat(this.file);
      stamp = `${s.ino}:${s.size}:${s.mtimeMs}`;
    } catch (error) {
      // A token read before keeps working while the file is briefly missing mid-rotation (client-go does the same).
      if (this.#token !== undefined) return this.#token;
      throw unreadable(this.file, error);
    }
    if (!force && stamp === this.#stamp && this.#token !== undefined) return this.#token;
    let text: string;
    try {
      text = await readFile(this.file, "utf8");
    } catch (error) {
      if (this.#token !== undefined) return this.#token;
      throw unreadable(this.file, error);
    }
    const token = text.trim();
    if (token === "") throw new KubeConfigError(this.file, undefined, "the token file is empty");
    this.#token = token;
    this.#stamp = stamp;
    return token;
  }
}

function unreadable(file: string, error: unknown): KubeConfigError {
  const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return new KubeConfigError(file, undefined, `the token file cannot be read (${code})`, { cause: error });
}
