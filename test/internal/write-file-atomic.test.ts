import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeFileAtomic } from "../../src/internal/write-file-atomic.js";

const dir = mkdtempSync(join(tmpdir(), "kubewire-atomic-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Sizes of `file` a poller saw (between event-loop turns) while `write` ran. */
async function sizesSeenDuring(file: string, write: () => Promise<void>): Promise<number[]> {
  const seen: number[] = [];
  let done = false;
  const poll = async () => {
    while (!done) {
      if (existsSync(file)) seen.push(statSync(file).size);
      await new Promise((r) => setImmediate(r));
    }
  };
  const polling = poll();
  await write();
  done = true;
  await polling;
  return seen;
}

describe("writeFileAtomic", () => {
  const data = "x".repeat(8 * 1024 * 1024);

  it("a reader polling for the file sees it whole or not at all (a plain write shows it partly written)", async () => {
    const plain = join(dir, "plain");
    const plainSizes = await sizesSeenDuring(plain, () => writeFile(plain, data));
    // The control: without the rename, the file shows up before it is whole.
    expect(plainSizes.some((size) => size < data.length)).toBe(true);

    const atomic = join(dir, "sub", "atomic");
    const sizes = await sizesSeenDuring(atomic, () => writeFileAtomic(atomic, data, 0o600));
    expect(sizes.every((size) => size === data.length)).toBe(true);
    expect(statSync(atomic).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(dir, "sub"))).toEqual(["atomic"]);
  });

  it("leaves no temporary file behind when it fails", async () => {
    const target = join(dir, "a-directory");
    mkdirSync(target);
    await expect(writeFileAtomic(target, "data")).rejects.toThrow();
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});
