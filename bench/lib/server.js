import { createServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";

/**
 * A local API server for benchmarks: serves prepared bodies by path (query ignored unless a route wants it), and
 * minimal legacy discovery so real kubectl can talk to it. Every contender gets the same bytes. With `tls` (a
 * certificate and key, PEM) it speaks HTTPS, as a real API server does.
 * @param {(url: URL) => (Buffer | string | undefined)} route
 * @param {{ tls?: { cert: string, key: string } }} [options]
 */
export async function startBenchServer(route, options = {}) {
  const handler = (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const body = route(url) ?? discovery(url);
    if (body === undefined) {
      res.writeHead(404, { "Content-Type": "application/json" });
      res.end(
        JSON.stringify({
          kind: "Status",
          apiVersion: "v1",
          metadata: {},
          status: "Failure",
          message: "not found",
          reason: "NotFound",
          code: 404,
        }) + "\n",
      );
      return;
    }
    const bytes = typeof body === "string" ? Buffer.from(body) : body;
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": bytes.length });
    res.end(bytes);
  };
  const server = options.tls
    ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, handler)
    : createServer(handler);
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  return {
    url: `${options.tls ? "https" : "http"}://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

/** @param {URL} url */
function discovery(url) {
  switch (url.pathname) {
    case "/api":
      return (
        JSON.stringify({
          kind: "APIVersions",
          versions: ["v1"],
          serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: url.host }],
        }) + "\n"
      );
    case "/apis":
      return JSON.stringify({ kind: "APIGroupList", apiVersion: "v1", groups: [] }) + "\n";
    case "/api/v1":
      return (
        JSON.stringify({
          kind: "APIResourceList",
          groupVersion: "v1",
          resources: [
            {
              name: "configmaps",
              singularName: "configmap",
              namespaced: true,
              kind: "ConfigMap",
              verbs: ["create", "delete", "get", "list", "patch", "update", "watch"],
              shortNames: ["cm"],
            },
            {
              name: "pods",
              singularName: "pod",
              namespaced: true,
              kind: "Pod",
              verbs: ["create", "delete", "get", "list", "patch", "update", "watch"],
              shortNames: ["po"],
            },
          ],
        }) + "\n"
      );
    case "/version":
      return (
        JSON.stringify({ major: "1", minor: "28", gitVersion: "v1.28.7", platform: "linux/amd64" }) + "\n"
      );
    default:
      return undefined;
  }
}
