import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadCassette } from "../../src/index.js";
import { parseCassette, serializeCassette } from "../../src/record/index.js";
import { cassetteToHar, renderReport } from "../../src/report/index.js";
import { fixturePath, readFixture } from "../helpers/fixtures.js";
import { runCli } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "kubewire-report-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[], stdin?: string) =>
  runCli(args, { cwd: dir, ...(stdin !== undefined ? { stdin } : {}) });
const SHOWCASE = fixturePath("report/showcase.cassette.json");
const dataOf = (html: string) =>
  JSON.parse(
    html.split('<script type="application/json" id="kubewire-report-data">')[1]!.split("</script>")[0]!,
  ) as {
    exchanges: unknown[];
    generator: string;
    title: string;
  };

describe("kubewire report", () => {
  it("writes one self-contained page with -o, and says what it wrote", async () => {
    const { code, stdout, stderr } = await run(["report", SHOWCASE, "-o", "report.html"]);
    expect(code).toBe(0);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^report of 24 exchanges written to report\.html \(\d+\.\d kB\)\n$/);
    const html = readFileSync(join(dir, "report.html"), "utf8");
    const data = dataOf(html);
    expect(data.exchanges).toHaveLength(24);
    expect(data.generator).toMatch(/^kubewire \d+\.\d+\.\d+/);
    // The page is the library's, for the same cassette and options.
    expect(html).toBe(renderReport(await loadCassette(SHOWCASE), { generator: data.generator }));
  });

  it("reads a cassette on stdin: kubewire log import … | kubewire report -", async () => {
    const imported = await run(
      ["log", "import", "-"],
      readFixture("kubectl/captures/https/1.33/json-v9.stderr"),
    );
    expect(imported.code).toBe(0);
    const { code, stdout } = await run(["report", "-", "--title", "kubectl get -o json"], imported.stdout);
    expect(code).toBe(0);
    expect(stdout.startsWith("<!doctype html>")).toBe(true);
    expect(dataOf(stdout).title).toBe("kubectl get -o json");
  });

  it("exports HAR with --har, and reads it back with log import --from-har", async () => {
    const { code, stderr } = await run(["report", SHOWCASE, "--har", "session.har"]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^HAR of 24 exchanges written to session\.har/);
    const har = JSON.parse(readFileSync(join(dir, "session.har"), "utf8")) as ReturnType<
      typeof cassetteToHar
    >;
    expect(har.log.version).toBe("1.2");
    expect(har.log.creator.name).toBe("kubewire");
    expect(har.log.entries).toHaveLength(24);

    const back = await run(["log", "import", "--from-har", "session.har", "-o", "back.cassette.json"]);
    expect(back.code).toBe(0);
    expect(back.stderr).toBe("24 exchanges imported from the HAR\ncassette written to back.cassette.json\n");
    expect(readFileSync(join(dir, "back.cassette.json"), "utf8")).toBe(
      serializeCassette(await loadCassette(SHOWCASE)),
    );
  });

  it("makes a page of a HAR too, and says which entries it left out", async () => {
    const har = cassetteToHar(await loadCassette(fixturePath("demo/configmaps-by-label.cassette.json")));
    har.log.entries.push({
      ...har.log.entries[0]!,
      request: { ...har.log.entries[0]!.request, url: "data:," },
    });
    delete har.log.entries[1]!._kubewire;
    writeFileSync(join(dir, "mixed.har"), JSON.stringify(har));
    const { code, stderr } = await run(["report", "mixed.har", "-o", "mixed.html"]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^report of 1 exchange \(1 HAR entries skipped\) written to mixed\.html/);
    const imported = await run(["log", "import", "--from-har", "-"], JSON.stringify(har));
    expect(imported.stderr).toBe(
      "1 exchange imported from the HAR; 1 entry skipped:\n  log.entries[1] is not an HTTP(S) request (data:)\n",
    );
    expect(parseCassette(imported.stdout).exchanges).toHaveLength(1);
  });

  it("writes both the page and the HAR when asked for both", async () => {
    const { code } = await run(["report", SHOWCASE, "-o", "both.html", "--har", "both.har"]);
    expect(code).toBe(0);
    expect(readFileSync(join(dir, "both.html"), "utf8")).toMatch(/^<!doctype html>/);
    expect(JSON.parse(readFileSync(join(dir, "both.har"), "utf8"))).toHaveProperty("log.entries");
  });

  it("fails with the file and the place for input that is neither a cassette nor a HAR", async () => {
    writeFileSync(join(dir, "broken.json"), '{"version": 1, "exchanges": "no"}');
    const broken = await run(["report", "broken.json"]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toBe("error: broken.json: recordedAt: must be an RFC 3339 string\n");
    writeFileSync(join(dir, "garbage.txt"), "not json at all");
    const garbage = await run(["report", "garbage.txt"]);
    expect(garbage.code).toBe(1);
    expect(garbage.stderr).toMatch(/^error: garbage\.txt: \(document\): not JSON/);
    const missing = await run(["report", "nope.json"]);
    expect(missing.stderr).toBe("error: cannot read nope.json: ENOENT\n");
    const folder = await run(["report", "."]);
    expect(folder.code).toBe(1);
    expect(folder.stderr).toBe("error: cannot read .: EISDIR\n");
  });

  it("explains its usage", async () => {
    expect((await run(["report", "--help"])).stdout).toMatch(/^Usage:\n  kubewire report <cassette\.json/);
    const none = await run(["report"]);
    expect(none.code).toBe(2);
    const both = await run(["report", SHOWCASE, "-o", "-", "--har", "-"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/both write to standard output/);
    expect((await run(["--help"])).stdout).toMatch(/\n  report +a cassette as one self-contained web page/);
  });
});
