import { ApiStatusError, statusBody } from "../status.js";

/**
 * A patch that cannot be applied (a JSON patch's failed `test`, a path that does not exist): kube-apiserver's
 * generic 422 (`NewGenericServerResponse`). The recorded kubectl output of a real 1.28.7 server
 * (fixtures/workflows/patch-diff) shows the answer carries no causes, so the patch library's words stay out of it.
 */
export function patchFailed(): ApiStatusError {
  return new ApiStatusError(
    statusBody(422, "Invalid", "the server rejected our request due to an error in our request", {}),
  );
}
