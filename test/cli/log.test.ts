import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { renderTrafficLog } from "../../src/index.js";
import { parseCassette } from "../../src/record/index.js";
import { fixturePath, readFixture } from "../helpers/fixtures.js";
import { runCli } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "kubewire-log-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[], stdin?: string) =>
  runCli(args, { cwd: dir, ...(stdin !== undefined ? { stdin } : {}) });

const normalize = (text: string) =>
  text
    .split("\n")
    .filter((l) => /round_trippers|request\.go|"(Request|Response) Body"|^\t|^ >/.test(l))
    .map((l) => l.replace(/^([IWEF])\d{4} \S+ +\d+ /, "$1mmdd hh:mm:ss.uuuuuu pid "));

describe("kubewire log import", () => {
  const capture = fixturePath("kubectl/captures/https/1.32/create-v9.stderr");

  it("writes a cassette with -o and a summary on stderr", async () => {
    const { code, stdout, stderr } = await run(["log", "import", capture, "-o", "create.json"]);
    expect(code).toBe(0);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      `${capture}: 1 exchange (1 with a response, 0 failed requests) in 28 lines (kubectl 1.32, hybrid format, --v=9)\n` +
        "  skipped 5 lines, other klog output: lines 1-5\n" +
        "cassette written to create.json\n",
    );
    const cassette = parseCassette(readFileSync(join(dir, "create.json"), "utf8"));
    expect(cassette.exchanges[0]!.request.method).toBe("POST");
    expect(cassette.exchanges[0]!.request.body!.kind).toBe("binary");
  });

  it("reads stdin with -, writes the cassette to stdout, reports truncated bodies and failed requests", async () => {
    const log =
      readFixture("kubectl/captures/https/1.30/big-json-v8.stderr") +
      readFixture("kubectl/captures/refused/1.30/json-v6.stderr");
    const { code, stdout, stderr } = await run(["log", "import", "-"], log);
    expect(code).toBe(0);
    expect(parseCassette(stdout).exchanges).toHaveLength(9);
    expect(stderr).toContain("1 body truncated (kept in part, marked truncated)\n");
    expect(stderr).toContain("stdin: 9 exchanges (4 with responses, 5 failed requests) in 84 lines");
  });

  it("reports a pasted log's skipped lines by number, and exits 1 only when there is no kubectl log at all", async () => {
    const pasted = await run(["log", "import", "-"], readFixture("pasted-logs/12-excerpt-1.31-v8-cut.txt"));
    expect(pasted.code).toBe(0);
    expect(pasted.stderr).toBe(
      "stdin: 3 exchanges (3 with responses, 0 failed requests) in 56 lines (kubectl 1.31, classic format, --v=8)\n" +
        "  skipped 10 lines, traffic whose request the log does not show: lines 1-10\n" +
        "  skipped 1 line, marks where the author cut lines out: line 18\n" +
        "  2 bodies truncated (kept in part, marked truncated)\n" +
        "  1 exchange the author cut lines out of (marked fromLog.elided)\n",
    );
    const failures = await run(
      ["log", "import", "-"],
      readFixture("pasted-logs/07-default-verbosity-x509.txt"),
    );
    expect(failures.code).toBe(0);
    expect(failures.stderr).toMatch(
      /^stdin: 5 exchanges \(0 with responses, 5 failed requests\) in 9 lines\n/,
    );
    expect(parseCassette(failures.stdout).exchanges[0]!.error?.code).toBe("ETLS");
    const none = await run(
      ["log", "import", "-", "-o", "none.json"],
      readFixture("pasted-logs/15-no-kubectl-log.md"),
    );
    expect(none).toMatchObject({ code: 1, stdout: "", stderr: "stdin: no kubectl log found in 17 lines\n" });
    expect(existsSync(join(dir, "none.json"))).toBe(false);
  });
});

describe("kubewire log render", () => {
  it("prints the cassette as kubectl of the chosen version logs it; what import read renders back", async () => {
    const capture = readFixture("kubectl/captures/https/1.31/json-v8.stderr");
    writeFileSync(join(dir, "v8.log"), capture);
    expect((await run(["log", "import", "v8.log", "-o", "v8.json"])).code).toBe(0);
    const { code, stdout, stderr } = await run([
      "log",
      "render",
      "v8.json",
      "--v=8",
      "--kubectl-version",
      "1.31",
      "--utc",
    ]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(normalize(stdout)).toEqual(normalize(capture));
    const cassette = parseCassette(readFileSync(join(dir, "v8.json"), "utf8"));
    expect(stdout).toBe(renderTrafficLog(cassette.exchanges, { v: 8, kubectlVersion: "1.31", utc: true }));
    const newest = await run(["log", "render", "v8.json", "--utc"]);
    expect(newest.stdout).toBe(renderTrafficLog(cassette.exchanges, { v: 9, utc: true }));
  });

  it("--show-secrets says loudly that secrets may be shown; --replay-curl prints curl lines with the body", async () => {
    expect(
      (
        await run([
          "log",
          "import",
          fixturePath("kubectl/captures/https/1.27/create-v9.stderr"),
          "-o",
          "c.json",
        ])
      ).code,
    ).toBe(0);
    const shown = await run(["log", "render", "c.json", "--show-secrets"]);
    expect(shown.code).toBe(0);
    expect(shown.stderr).toMatch(
      /^WARNING: --show-secrets: .*\nWARNING: .*Secret values, tokens and other credentials may be shown/,
    );
    const replay = await run(["log", "render", "c.json", "--replay-curl", "--kubectl-version", "1.27"]);
    expect(replay.stdout).toMatch(
      /round_trippers\.go:466\] curl -v -X POST .* --data-binary \$'\{"kind":"ConfigMap"/,
    );
  });

  it("refuses bad usage with exit code 2, and unreadable cassettes with 1", async () => {
    expect((await run(["log"])).code).toBe(2);
    expect((await run(["log", "frobnicate"])).code).toBe(2);
    expect((await run(["log", "render", "c.json", "--v=5"])).stderr).toContain(
      "--v must be one of 6, 7, 8, 9, 10",
    );
    expect((await run(["log", "render", "c.json", "--nope"])).code).toBe(2);
    expect((await run(["log", "render"])).code).toBe(2);
    expect((await run(["log", "import", "a", "b"])).code).toBe(2);
    expect((await run(["log", "import", "x.log", "--year", "soon"])).code).toBe(2);
    expect((await run(["log", "render", "c.json", "--kubectl-version", "1.20"])).code).toBe(1);
    const unreadable = await run(["log", "import", "missing.log"]);
    expect(unreadable).toMatchObject({ code: 1, stderr: "error: cannot read missing.log: ENOENT\n" });
    const missing = await run(["log", "render", "missing.json"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("missing.json");
  });
});
