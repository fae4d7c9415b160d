import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// The launcher sets V8 flags for every command, and the bench's proxy child runs the proxy as `kubewire proxy` does:
// the two must set the same flags, or the proxy's figures would measure a process nobody runs.
const flagsOf = (path: string): string[] =>
  [
    ...readFileSync(new URL(`../../${path}`, import.meta.url), "utf8").matchAll(
      /setFlagsFromString\("([^"]+)"\)/g,
    ),
  ]
    .map((m) => m[1]!)
    .sort();

/** What V8 says on stderr when a process sets these flags (an unknown flag is only a message there). */
const stderrSetting = (flags: string[]): string =>
  spawnSync(
    process.execPath,
    ["-e", `for (const f of ${JSON.stringify(flags)}) require("node:v8").setFlagsFromString(f);`],
    { encoding: "utf8" },
  ).stderr;

describe("the V8 flags of the CLI's processes", () => {
  const launcher = flagsOf("bin/kubewire.js");

  it("are the same in the launcher and in the bench's proxy process", () => {
    expect(launcher).toContain("--liftoff-only");
    expect(flagsOf("bench/lib/proxy-child.js")).toEqual(launcher);
  });

  it("are known to this Node's V8", () => {
    expect(stderrSetting(launcher)).toBe("");
    // The check can fail: V8 names a flag it does not know.
    expect(stderrSetting(["--no-such-flag-here"])).toMatch(/unrecognized flag --no-such-flag-here/);
  });
});
