"use strict";
// What kubewire's client takes from undici, and nothing else: the bundled CLI resolves "undici" to this file
// (scripts/bundle-cli.js), so a `kubewire get` does not load fetch, WebSocket, the caches and the mock agents.
// `request` is undici's own `makeDispatcher(api.request)` less the global dispatcher: the client always passes one.
const Dispatcher = require("undici/lib/dispatcher/dispatcher");
const Agent = require("undici/lib/dispatcher/agent");
const ProxyAgent = require("undici/lib/dispatcher/proxy-agent");
const Socks5ProxyAgent = require("undici/lib/dispatcher/socks5-proxy-agent");
const api = require("undici/lib/api");
const util = require("undici/lib/core/util");
const { InvalidArgumentError } = require("undici/lib/core/errors");

Object.assign(Dispatcher.prototype, api);

function request(url, opts) {
  if (!opts || typeof opts !== "object" || !opts.dispatcher) {
    throw new InvalidArgumentError("the bundled kubewire CLI needs an explicit dispatcher");
  }
  if (opts.path != null) {
    let path = opts.path;
    if (!path.startsWith("/")) path = `/${path}`;
    url = new URL(util.parseOrigin(url).origin + path);
  } else {
    url = util.parseURL(url);
  }
  return api.request.call(opts.dispatcher, {
    ...opts,
    origin: url.origin,
    path: url.search ? `${url.pathname}${url.search}` : url.pathname,
    method: opts.method || (opts.body ? "PUT" : "GET"),
  });
}

module.exports = { Dispatcher, Agent, ProxyAgent, Socks5ProxyAgent, request };
