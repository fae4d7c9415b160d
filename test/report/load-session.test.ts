import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CassetteFormatError, loadCassette } from "../../src/index.js";
import {
  cassetteToHar,
  HarFormatError,
  importHar,
  loadSession,
  sessionFromText,
} from "../../src/report/index.js";
import { fixturePath } from "../helpers/fixtures.js";

const SHOWCASE = fixturePath("report/showcase.cassette.json");
const dir = mkdtempSync(join(tmpdir(), "kubewire-load-session-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("loadSession: a cassette or a HAR file, read once", () => {
  it("reads a cassette as loadCassette does, with nothing skipped", async () => {
    expect(await loadSession(SHOWCASE)).toEqual({ cassette: await loadCassette(SHOWCASE), skipped: [] });
  });

  it("reads a HAR as importHar reads its document, skipped entries included", async () => {
    const har = cassetteToHar(await loadCassette(SHOWCASE)) as { log: { entries: unknown[] } };
    har.log.entries.push({ ...(har.log.entries[0] as object), request: { method: "GET", url: "data:,x" } });
    const text = JSON.stringify(har, null, 2);
    const session = await loadSession(file("session.har", text));
    expect(session).toEqual(importHar(JSON.parse(text)));
    expect(session.skipped).toHaveLength(1);
    expect(sessionFromText(text)).toEqual(session);
  });

  it("names the file and the place when the text is neither", async () => {
    const broken = file("broken.json", '{\n  "version": 1,\n  "exchanges": [\n    {]\n}\n');
    const error = await loadSession(broken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CassetteFormatError);
    expect((error as Error).message).toMatch(/broken\.json: \(document\): not JSON at line 4, column \d+/);
    await expect(loadSession(broken, { name: "as-typed.json" })).rejects.toThrow(/^as-typed\.json: /);
    await expect(loadSession(file("nolog.har", '{"log": 3}'))).rejects.toBeInstanceOf(HarFormatError);
    await expect(loadSession(file("array.json", "[]"))).rejects.toBeInstanceOf(CassetteFormatError);
  });

  it("rejects with the file system's error for a file it cannot read", async () => {
    await expect(loadSession(join(dir, "missing.json"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("reads the same session from a cassette's text", async () => {
    expect(sessionFromText(readFileSync(SHOWCASE, "utf8"), "x")).toEqual(await loadSession(SHOWCASE));
  });
});
