// Issue 17, item 15: kube-apiserver answers 500 (with Retry-After) on a storage timeout even when the write committed.
// updateWithRetry retried, met 409, re-read and applied the mutation again: a counter increment landed several
// times and the call still reported failure.
import { describe, expect, it } from "vitest";
import { createClient, secretData, updateWithRetry } from "../../src/index.js";
import type { SecretLike as Secret } from "../../src/normalize/secret-data.js";
import { startHttpServer } from "../helpers/servers.js";

describe("a write answered ambiguously", () => {
  for (const answer of ["500 with Retry-After, then 409 to the retry", "a bare 504"] as const) {
    it(`(${answer}) that committed is reported as written and applied once`, async () => {
      let stored: Secret = {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: "counter", namespace: "default", uid: "u-1", resourceVersion: "1" },
        data: { n: Buffer.from("5").toString("base64") },
      };
      let writes = 0;
      const server = await startHttpServer((req, res, body) => {
        if (req.method === "GET") {
          res.writeHead(200, { "Content-Type": "application/json" });
          res.end(JSON.stringify(stored));
          return;
        }
        const sent = JSON.parse(body) as Secret;
        if (sent.metadata?.resourceVersion !== stored.metadata?.resourceVersion) {
          res.writeHead(409, { "Content-Type": "application/json" });
          res.end(
            JSON.stringify({
              kind: "Status",
              apiVersion: "v1",
              status: "Failure",
              reason: "Conflict",
              code: 409,
              message: "the object has been modified",
            }),
          );
          return;
        }
        // The write commits, and the answer says it did not.
        writes++;
        stored = {
          ...sent,
          metadata: {
            ...sent.metadata,
            resourceVersion: String(Number(stored.metadata!.resourceVersion) + 1),
          },
        };
        const status = answer.startsWith("500") ? 500 : 504;
        res.writeHead(status, {
          "Content-Type": "application/json",
          ...(status === 500 ? { "Retry-After": "0" } : {}),
        });
        res.end(
          JSON.stringify({
            kind: "Status",
            apiVersion: "v1",
            status: "Failure",
            reason: "InternalError",
            code: status,
            message: "storage timeout",
          }),
        );
      });
      const client = createClient({ server: server.url });
      try {
        const report = await updateWithRetry<Secret>(
          client,
          { apiVersion: "v1", kind: "Secret", namespace: "default", name: "counter" },
          (secret) => {
            const data = secretData(secret);
            data.set("n", String(Number(data.get("n")) + 1));
          },
          { sleep: () => Promise.resolve() },
        );
        expect(report.changed).toBe(true);
        expect(writes).toBe(1);
        expect(Buffer.from(stored.data!.n!, "base64").toString()).toBe("6");
      } finally {
        await client.close();
        await server.close();
      }
    });
  }
});
