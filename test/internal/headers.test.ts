import { describe, expect, it } from "vitest";
import { headerValue } from "../../src/internal/headers.js";

describe("headerValue", () => {
  it("finds a header whatever the case of either name", () => {
    expect(headerValue({ "Content-Type": "application/json" }, "content-type")).toBe("application/json");
    expect(headerValue({ "content-type": "application/json" }, "Content-Type")).toBe("application/json");
  });

  it("gives the first of repeated values, and undefined when absent", () => {
    expect(headerValue({ Warning: ['299 - "a"', '299 - "b"'] }, "warning")).toBe('299 - "a"');
    expect(headerValue({ Accept: "*/*" }, "content-type")).toBeUndefined();
    expect(headerValue(undefined, "accept")).toBeUndefined();
    expect(headerValue({ accept: undefined }, "accept")).toBeUndefined();
  });
});
