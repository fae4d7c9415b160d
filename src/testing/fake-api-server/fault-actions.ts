/** What a scripted fault does to a request of the in-memory API server, before (or instead of) serving it. */
import type { ServerResponse } from "node:http";
import type { RequestInfo } from "../request-info.js";
import type { FakeCluster } from "./cluster.js";
import type { FaultAction } from "./faults.js";
import { sendJson, sendStatus } from "./http-answers.js";
import { conflict, statusBody, tooManyRequests } from "./status.js";

/** Carries out a fault's action; resolves to whether the request is done (answered, or its connection reset). */
export async function applyFaultAction(
  action: FaultAction,
  info: RequestInfo,
  res: ServerResponse,
  cluster: FakeCluster,
  pretty: boolean,
): Promise<boolean> {
  if ("delayMs" in action) {
    await new Promise((r) => setTimeout(r, action.delayMs));
    return false;
  }
  if ("reset" in action) {
    res.socket?.destroy();
    return true;
  }
  if ("conflict" in action) {
    sendStatus(
      res,
      conflict({ group: info.group ?? "", resource: info.resource ?? "" }, info.name ?? ""),
      pretty,
    );
    return true;
  }
  if ("tooManyRequests" in action) {
    sendStatus(res, tooManyRequests(action.tooManyRequests), pretty);
    return true;
  }
  if ("concurrentWrite" in action) {
    const type =
      info.group !== undefined && info.resource ? cluster.registry.get(info.group, info.resource) : undefined;
    if (type && info.name) {
      const target = { type, version: type.versions[0]!, namespace: info.namespace };
      const current = cluster.get(target, info.name);
      action.concurrentWrite(current);
      cluster.update(target, info.name, current, { fieldManager: "kubewire-concurrent-writer" });
    }
    return false;
  }
  const body =
    action.body ??
    statusBody(action.status, action.reason ?? "InternalError", action.message ?? "injected fault");
  sendJson(res, body, action.status, pretty, action.headers ?? {});
  return true;
}
