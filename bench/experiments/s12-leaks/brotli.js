import { brotliCompressSync, gzipSync } from "node:zlib";
import { redactBody } from "../../../dist/record/redact/redact.js";
const cm = JSON.stringify({ kind: "ConfigMap", data: { password: "hunter2brotli" } });
const bin = (b) => ({ kind: "binary", base64: b.toString("base64"), bytes: b.length });
console.log(
  redactBody(bin(brotliCompressSync(cm))).changed,
  redactBody(bin(brotliCompressSync(cm)), { contentEncoding: "br" }).changed,
);
console.log(redactBody(bin(brotliCompressSync('{"colour":"blue"}')), { contentEncoding: "br" }).changed);
console.log(
  redactBody(bin(Buffer.from([1, 2, 3, 4, 5, 6, 7])), { contentEncoding: "br" }).changed,
  redactBody(bin(Buffer.from([1, 2, 3, 4, 5, 6, 7]))).changed,
);
console.log(redactBody(bin(gzipSync(brotliCompressSync(cm)))).changed);
