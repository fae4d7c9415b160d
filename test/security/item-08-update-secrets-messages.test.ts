// Issue 17, item 8: updateSecrets failure messages quoted values: a JSON-escaped PEM key passed the scrub.
import { describe, expect, it } from "vitest";
import { createClient, updateSecrets } from "../../src/index.js";
import { createFakeApiServer } from "../../src/testing/index.js";
import { expectNoLeak, PEM_KEY } from "./support.js";

describe("updateSecrets failure messages", () => {
  it("quote no value of the Secret, in any form, nor any private key", async () => {
    const server = await createFakeApiServer({
      objects: [
        {
          apiVersion: "v1",
          kind: "Secret",
          metadata: { name: "tls", namespace: "default" },
          data: { "tls.key": Buffer.from(PEM_KEY).toString("base64") },
        },
      ],
    });
    const client = createClient({ server: server.url });
    try {
      const report = await updateSecrets(client, { namespace: "default" }, (_secret, data) => {
        const key = data.get("tls.key")!;
        // User code that quotes what it read, as JSON (the PEM's line breaks become \n).
        throw new Error(`refusing to rotate ${JSON.stringify({ key })} and ${key}`);
      });
      expect(report.failed).toHaveLength(1);
      const outputs = { report: JSON.stringify(report), message: report.failed[0]!.message };
      for (const line of PEM_KEY.split("\n").slice(1, -1)) expectNoLeak(outputs, line);
      expectNoLeak(outputs, PEM_KEY);
    } finally {
      await client.close();
      await server.close();
    }
  });
});
