import { KubewireError } from "../errors.js";

/** The proxy could not listen on the port it was given (in use, or not allowed). */
export class ProxyListenError extends KubewireError {
  override readonly name = "ProxyListenError";
  readonly port: number;

  constructor(port: number, cause: unknown) {
    const code = (cause as { code?: unknown })?.code;
    super(
      "KUBEWIRE_PROXY_LISTEN",
      `kubewire proxy cannot listen on 127.0.0.1:${port}` +
        (code === "EADDRINUSE"
          ? ": the port is in use (--port 0 picks a free one)"
          : `: ${String(code ?? cause)}`),
      { cause },
    );
    this.port = port;
  }
}
