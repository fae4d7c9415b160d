import { cryptoModule } from "./lazy-modules.js";
import { chmod, mkdir, realpath, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * Writes a file whole or not at all: a temporary file beside it, then a rename. A reader that waits for a
 * kubeconfig or cassette to appear (a script polling for `--kubeconfig-out`) never reads it half written.
 *
 * A file that exists keeps its mode (a cassette made 0600 stays 0600), and a symbolic link is written through (the
 * file it points to is replaced, the link stays); `mode` is the mode of a new file. The temporary file is created
 * with the final mode, so the content is never readable more widely than the result. `data` in parts is written
 * one part after the other, never joined into one string; each part is written before the next is asked for, so a
 * generator may hand out one reused buffer.
 */
export async function writeFileAtomic(
  file: string,
  data: string | Iterable<string | Uint8Array>,
  mode?: number,
): Promise<void> {
  let target = file;
  try {
    target = await realpath(file);
  } catch {
    // Not there yet (or a dangling link): written where it was named.
  }
  let finalMode = mode;
  try {
    finalMode = (await stat(target)).mode & 0o7777;
  } catch {
    // A new file.
  }
  await mkdir(dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.${cryptoModule().randomBytes(4).toString("hex")}.tmp`;
  try {
    await writeFile(tmp, data, { mode: finalMode ?? 0o666, flag: "wx" });
    // The umask may have narrowed the mode: what the file had (or was asked for) is what it gets.
    if (finalMode !== undefined) await chmod(tmp, finalMode);
    await rename(tmp, target);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}
