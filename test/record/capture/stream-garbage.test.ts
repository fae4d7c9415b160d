import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

// What a recorded stream costs V8's heap while it runs (issue 14: the proxy's RSS over a long watch). The recorder is
// driven directly (its interceptor's handler, no network) in a child with a fixed, large young generation, so that
// no collection runs while the chunks pass and what they allocate can be read from the young generation's use; the
// numbers depend on nothing but the code.
const DIST = new URL("../../../dist/record/index.js", import.meta.url).href;

const prelude = `
  import v8 from "node:v8";
  const { recordingInterceptor } = await import(${JSON.stringify(DIST)});
  const newUsed = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space").space_used_size;
  const noop = () => {};
  const controller = { pause: noop, resume: noop, abort: noop };
  let exchange;
  const watch = (maxStreamBytes) => {
    let handler;
    const dispatch = recordingInterceptor({ maxStreamBytes, onExchange: (e) => (exchange = e) })((_opts, h) => {
      handler = h;
      return true;
    });
    dispatch(
      { origin: "http://127.0.0.1:1", path: "/api/v1/configmaps?watch=true", method: "GET", headers: {} },
      { onRequestStart: noop, onResponseStart: noop, onResponseData: noop, onResponseEnd: noop, onResponseError: noop },
    );
    handler.onRequestStart(controller, {});
    handler.onResponseStart(controller, 200, { "content-type": "application/json" }, "OK");
    return handler;
  };
  // 16 KiB of watch events.
  const chunk = Buffer.from('{"type":"MODIFIED","object":{"kind":"ConfigMap","apiVersion":"v1"}}\\n'.repeat(241));
  const report = (figures) => process.stdout.write(JSON.stringify(figures));
`;

function run(script: string): Record<string, number | boolean> {
  const child = spawnSync(
    process.execPath,
    [
      "--expose-gc",
      "--min-semi-space-size=64",
      "--max-semi-space-size=64",
      "--input-type=module",
      "-e",
      prelude + script,
    ],
    { encoding: "utf8" },
  );
  expect(child.stderr).toBe("");
  return JSON.parse(child.stdout) as Record<string, number | boolean>;
}

describe("a recorded stream's cost on V8's heap", () => {
  it("past its cap, a stream's chunks are counted without being decoded: they allocate nothing per byte", () => {
    const figures = run(`
      const cap = 1024 * 1024;
      const handler = watch(cap);
      let sent = 0;
      for (; sent <= cap; sent += chunk.length) handler.onResponseData(controller, chunk);
      globalThis.gc();
      const before = newUsed();
      // 32 MiB past the cap: decoded, that was 32 MiB of strings, young garbage.
      for (let i = 0; i < 2048; i++, sent += chunk.length) handler.onResponseData(controller, chunk);
      const allocated = newUsed() - before;
      handler.onResponseEnd(controller, {});
      const body = exchange.response.body;
      report({ allocated, truncated: body.truncated, bytes: body.bytes, sent });`);
    expect(figures.truncated).toBe(true);
    expect(figures.bytes).toBe(figures.sent);
    expect(figures.allocated).toBeLessThan(1024 * 1024);
  });

  it("what a running stream keeps is not on V8's heap, so it does not survive the young generation's collections", () => {
    // As text, the kept 4 MiB were 4 MiB of strings surviving every scavenge until promoted, which made V8 double
    // its young generation (issue 14).
    const figures = run(`
      const cap = 4 * 1024 * 1024;
      globalThis.gc();
      const before = process.memoryUsage().heapUsed;
      const handler = watch(cap);
      let sent = 0;
      for (; sent + chunk.length <= cap; sent += chunk.length) handler.onResponseData(controller, chunk);
      globalThis.gc();
      const held = process.memoryUsage().heapUsed - before;
      handler.onResponseEnd(controller, {});
      const body = exchange.response.body;
      report({ held, sent, kept: body.chunks.map((c) => c.text).join("").length, truncated: body.truncated === true });`);
    expect(figures.truncated).toBe(false);
    expect(figures.kept).toBe(figures.sent);
    expect(figures.held).toBeLessThan(512 * 1024);
  });
});
