// Issue 17, item 5: HTML/text error pages quoting a value went whole into cassettes, logs, KubeHttpError.message and
// CLI stderr; a Status message echoing the Secret data the request wrote (an admission webhook rejecting it) or the
// request's own bearer token was shown as sent.
import { describe, expect, it } from "vitest";
import { createClient, createRecorder } from "../../src/index.js";
import { startHttpServer } from "../helpers/servers.js";
import { errorOutputs, expectNoLeak, PEM_KEY, recordAgainst, recordingOutputs } from "./support.js";

const TOKEN = "pr0xy-b3arer-t0ken-value";

describe("error pages and echoed secrets", () => {
  it("a 500 HTML page quoting a PEM key and a bearer token leaks into no output", async () => {
    const page = `<html><body><h1>500 Internal Server Error</h1><pre>upstream said:
Authorization: Bearer ${TOKEN}
${PEM_KEY}
</pre></body></html>`;
    const { exchanges, error } = await recordAgainst(
      (_req, res) => {
        res.writeHead(500, { "Content-Type": "text/html" });
        res.end(page);
      },
      (client) => client.get("v1", "ConfigMap", "c", { namespace: "default" }),
    );
    expect(error).toBeDefined();
    const outputs = { ...recordingOutputs(exchanges), ...errorOutputs(error) };
    expectNoLeak(outputs, TOKEN);
    for (const line of PEM_KEY.split("\n").slice(1, -1)) expectNoLeak(outputs, line);
  });

  it("a webhook's Status quoting the Secret value written, and the request's own token, is scrubbed", async () => {
    const value = "w3bh00k-echoed-value";
    const token = "cl1ent-own-t0ken-value";
    const server = await startHttpServer((_req, res, body) => {
      const sent = JSON.parse(body) as { data: { password: string } };
      const decoded = Buffer.from(sent.data.password, "base64").toString();
      const status = {
        kind: "Status",
        apiVersion: "v1",
        status: "Failure",
        reason: "Forbidden",
        code: 403,
        message: `admission webhook "policy.example.com" denied the request: password ${decoded} (${sent.data.password}) is weak; caller ${token}`,
      };
      res.writeHead(403, { "Content-Type": "application/json", Warning: `299 - "saw ${decoded}"` });
      res.end(JSON.stringify(status));
    });
    const recorder = createRecorder();
    const client = createClient({ server: server.url, token, recorder, retry: false });
    let error: unknown;
    try {
      await client.create({
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: "s", namespace: "default" },
        data: { password: Buffer.from(value).toString("base64") },
      });
    } catch (e) {
      error = e;
    } finally {
      await client.close();
      await server.close();
    }
    expect(error).toBeDefined();
    const outputs = {
      ...recordingOutputs(recorder.exchanges),
      ...errorOutputs(error),
      status: JSON.stringify((error as { status?: unknown }).status),
    };
    expectNoLeak(outputs, value);
    expectNoLeak(outputs, token);
  });
});
