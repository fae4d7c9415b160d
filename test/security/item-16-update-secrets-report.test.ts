// Issue 17, item 16: when listing page 2 failed (410 or 500), updateSecrets lost the report of what it had already
// written (the CLI printed only the error while Secrets were written).
import { describe, expect, it } from "vitest";
import { createClient, updateSecrets } from "../../src/index.js";
import { startHttpServer } from "../helpers/servers.js";

describe("updateSecrets when a later list page fails", () => {
  for (const status of [410, 500]) {
    it(`(${status}) still reports what it wrote, and says the listing is incomplete`, async () => {
      const secret = (name: string) => ({
        metadata: { name, namespace: "default", uid: `u-${name}`, resourceVersion: "1" },
        data: { k: Buffer.from("old").toString("base64") },
      });
      const server = await startHttpServer((req, res, body) => {
        const url = new URL(req.url ?? "/", "http://x");
        res.setHeader("Content-Type", "application/json");
        if (req.method === "PUT") {
          res.writeHead(200);
          res.end(body);
          return;
        }
        if (url.searchParams.get("continue")) {
          res.writeHead(status);
          res.end(
            JSON.stringify({
              kind: "Status",
              apiVersion: "v1",
              status: "Failure",
              reason: status === 410 ? "Expired" : "InternalError",
              code: status,
              message: "page two failed",
            }),
          );
          return;
        }
        res.writeHead(200);
        res.end(
          JSON.stringify({
            kind: "SecretList",
            apiVersion: "v1",
            metadata: { resourceVersion: "9", continue: "page-2" },
            items: [secret("a"), secret("b")],
          }),
        );
      });
      const client = createClient({ server: server.url, retry: false });
      try {
        const report = await updateSecrets(
          client,
          { namespace: "default" },
          (_s, data) => data.set("k", "new"),
          { pageSize: 2 },
        );
        expect(report.updated.map((u) => u.name)).toEqual(["a", "b"]);
        expect(report.incomplete).toMatchObject({ page: 2 });
      } finally {
        await client.close();
        await server.close();
      }
    });
  }
});
