import { EventEmitter } from "node:events";
import type { ServerResponse } from "node:http";
import type { Dispatcher } from "undici";
import { describe, expect, it } from "vitest";
import { RelayHandler } from "../../src/proxy/relay-handler.js";

/**
 * A response whose socket never drains by itself: `write()` answers as a socket with Node's 16 KiB high-water mark
 * does (the case of an HTTPS server's connections), and `drain()` empties it.
 */
function stalledResponse() {
  const res = new EventEmitter() as EventEmitter & {
    writableLength: number;
    destroyed: boolean;
    written: number;
    write: (chunk: Buffer) => boolean;
    drain: () => void;
  };
  res.writableLength = 0;
  res.destroyed = false;
  res.written = 0;
  res.write = (chunk) => {
    res.writableLength += chunk.length;
    res.written += chunk.length;
    return res.writableLength < 16 * 1024;
  };
  res.drain = () => {
    res.writableLength = 0;
    res.emit("drain");
  };
  return res;
}

function controllerCounting() {
  const counts = { pause: 0, resume: 0 };
  const controller = {
    pause: () => counts.pause++,
    resume: () => counts.resume++,
    abort: () => {},
  } as unknown as Dispatcher.DispatchController;
  return { controller, counts };
}

describe("RelayHandler's backpressure", () => {
  it("lets up to 1 MiB wait for the client before it pauses the upstream, and resumes it on drain", () => {
    const res = stalledResponse();
    const { controller, counts } = controllerCounting();
    const handler = new RelayHandler(res as unknown as ServerResponse, {
      hold: () => false,
      onHead: () => {},
      done: () => {},
    });
    const chunk = Buffer.alloc(64 * 1024);
    // 15 chunks are 960 KiB: every write said false, none of them paused the upstream.
    for (let i = 0; i < 15; i++) handler.onResponseData(controller, chunk);
    expect(counts.pause).toBe(0);
    handler.onResponseData(controller, chunk);
    expect(counts.pause).toBe(1);
    // More chunks already parsed while paused are written, without pausing twice.
    handler.onResponseData(controller, chunk);
    expect(counts.pause).toBe(1);
    expect(res.written).toBe(17 * 64 * 1024);
    res.drain();
    expect(counts.resume).toBe(1);
    // After the drain the bound applies again from an empty buffer.
    for (let i = 0; i < 15; i++) handler.onResponseData(controller, chunk);
    expect(counts.pause).toBe(1);
    handler.onResponseData(controller, chunk);
    expect(counts.pause).toBe(2);
  });

  it("does not pause while write() says true, however much is buffered (drain would never come)", () => {
    const res = stalledResponse();
    res.write = (chunk) => {
      res.writableLength += chunk.length;
      return true;
    };
    const { controller, counts } = controllerCounting();
    const handler = new RelayHandler(res as unknown as ServerResponse, {
      hold: () => false,
      onHead: () => {},
      done: () => {},
    });
    for (let i = 0; i < 40; i++) handler.onResponseData(controller, Buffer.alloc(64 * 1024));
    expect(counts.pause).toBe(0);
  });
});
