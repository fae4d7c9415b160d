// Issue 17, item 7: URL userinfo (https://user:pass@host) appeared in KubeNetworkError messages and their JSON.
import { describe, expect, it } from "vitest";
import { createClient, KubeNetworkError } from "../../src/index.js";
import { errorOutputs, expectNoLeak } from "./support.js";

describe("URL userinfo", () => {
  it("never appears in a network error, its JSON or its recorded exchange", async () => {
    // Port 9 on 127.0.0.1: nothing listens, the connection is refused at once.
    const client = createClient({ server: "http://deployer:us3rinf0-pa55@127.0.0.1:9", retry: false });
    let error: unknown;
    try {
      await client.get("v1", "Namespace", "default");
    } catch (e) {
      error = e;
    } finally {
      await client.close();
    }
    expect(error).toBeInstanceOf(KubeNetworkError);
    const outputs = {
      ...errorOutputs(error),
      request: JSON.stringify((error as KubeNetworkError).request),
      exchange: JSON.stringify((error as KubeNetworkError).exchange),
    };
    expectNoLeak(outputs, "us3rinf0-pa55");
  });
});
