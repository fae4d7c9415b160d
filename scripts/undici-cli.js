// What kubewire's client takes from undici, and nothing else: the bundled CLI resolves "undici" to this file
// (scripts/bundle-cli.js), so a `kubewire get` does not load fetch, WebSocket, the caches and the mock agents.
// `request` is undici's own `makeDispatcher(api.request)` less the global dispatcher: the client always passes one.
import Dispatcher from "undici/lib/dispatcher/dispatcher.js";
import Agent from "undici/lib/dispatcher/agent.js";
import ProxyAgent from "undici/lib/dispatcher/proxy-agent.js";
import Socks5ProxyAgent from "undici/lib/dispatcher/socks5-proxy-agent.js";
import api from "undici/lib/api/index.js";
import util from "undici/lib/core/util.js";
import errors from "undici/lib/core/errors.js";

Object.assign(Dispatcher.prototype, api);

function request(url, opts) {
  if (!opts || typeof opts !== "object" || !opts.dispatcher)
    throw new errors.InvalidArgumentError("the bundled kubewire CLI needs an explicit dispatcher");
  let target;
  if (opts.path != null) {
    const path = opts.path.startsWith("/") ? opts.path : `/${opts.path}`;
    target = new URL(util.parseOrigin(url).origin + path);
  } else target = util.parseURL(url);
  return api.request.call(opts.dispatcher, {
    ...opts,
    origin: target.origin,
    path: target.search ? `${target.pathname}${target.search}` : target.pathname,
    method: opts.method || (opts.body ? "PUT" : "GET"),
  });
}

export { Dispatcher, Agent, ProxyAgent, Socks5ProxyAgent, request };
