/**
 * The redaction proof: 10,000 generated sessions per run (counted in fuzz/counts.ts) through every output path,
 * and not one secret in any of them. The properties live in ./redaction/, one module per group of output paths.
 */
import "./redaction/record.js";
import "./redaction/outputs.js";
import "./redaction/cli.js";
