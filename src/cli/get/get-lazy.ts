// What only some gets run, in one module that get-command.ts and get-output.ts import on first use: tables and
// --sort-by, -o yaml|name, jsonpath and custom-columns templates, --watch, --record and the --v logs. The CLI's
// get bundle (scripts/bundle-cli.js) makes it a file of its own, which a plain `get -o json` never loads: compiling
// code a command does not run is much of a small get's time.
export { KubectlSortError, kubectlSortOrder, renderTrafficLogParts } from "../../kubectl/index.js";
export { openCassetteRecording } from "../../record/index.js";
export { renderTables } from "./get-tables.js";
export { prepareTemplate } from "./get-templates.js";
export { renderView } from "./get-views.js";
export { runWatch } from "./get-watch.js";
export { fetchFileObjects } from "./get-file-objects.js";
