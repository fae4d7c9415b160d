import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
// @ts-expect-error -- a plain ES module script without types, shared with `node scripts/public-api.js --write`
import { publicApi, renderApiDocs } from "../scripts/public-api.js";

interface PublicName {
  entry: string;
  name: string;
  kind: string;
  summary: string;
}

const api = (publicApi as () => PublicName[])();

describe("the public API is a decision", () => {
  it("matches the reviewed export snapshot of every entry point (test/public-api.snapshot.txt)", async () => {
    const snapshot = api.map((a) => `${a.entry}\t${a.name}\t${a.kind}`).join("\n");
    await expect(`${snapshot}\n`).toMatchFileSnapshot("./public-api.snapshot.txt");
  });

  it("keeps the main entry at 100 names or fewer", () => {
    expect(api.filter((a) => a.entry === "kubewire").length).toBeLessThanOrEqual(100);
  });

  it("exports no Go port and no internal helper by its Go name", () => {
    expect(
      api.filter((a) => /^(go[A-Z]|isBase60|isGoYaml|parseGo|formatGo)/.test(a.name)).map((a) => a.name),
    ).toEqual([]);
  });

  it("lists every public name in docs/api.md (node scripts/public-api.js --write regenerates it)", () => {
    expect(readFileSync(new URL("../docs/api.md", import.meta.url), "utf8")).toBe(
      (renderApiDocs as (api: PublicName[]) => string)(api),
    );
  });
});
