// Issue 17, item 14: `--record` onto an existing 0600 cassette left it 0644, and replaced a symlink with a regular
// file. The mode is kept (new cassettes: 0600) and symlinks are written through.
import { chmodSync, lstatSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { saveCassette } from "../../src/index.js";
import { tempDir } from "../helpers/temp-dir.js";

const CASSETTE = { version: 1 as const, recordedAt: "2026-01-01T00:00:00.000000Z", exchanges: [] };

describe("cassette files", () => {
  it("a new cassette is 0600; an existing one keeps its mode", async () => {
    const dir = tempDir("mode");
    await saveCassette(join(dir, "new.json"), CASSETTE);
    expect(statSync(join(dir, "new.json")).mode & 0o777).toBe(0o600);
    writeFileSync(join(dir, "kept.json"), "{}");
    chmodSync(join(dir, "kept.json"), 0o640);
    await saveCassette(join(dir, "kept.json"), CASSETTE);
    expect(statSync(join(dir, "kept.json")).mode & 0o777).toBe(0o640);
  });

  it("a symlink is written through: the link stays, its target gets the cassette", async () => {
    const dir = tempDir("link");
    writeFileSync(join(dir, "real.json"), "{}");
    chmodSync(join(dir, "real.json"), 0o600);
    symlinkSync(join(dir, "real.json"), join(dir, "link.json"));
    await saveCassette(join(dir, "link.json"), CASSETTE);
    expect(lstatSync(join(dir, "link.json")).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, "real.json"), "utf8"))).toMatchObject({ version: 1 });
    expect(statSync(join(dir, "real.json")).mode & 0o777).toBe(0o600);
  });
});
