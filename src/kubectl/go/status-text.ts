/**
 * Go's `http.StatusText`, used to build `resp.Status` ("200 OK") when the protocol carries no reason phrase
 * (HTTP/2). Where Node's STATUS_CODES names differ (413, 414, 416), Go's names are the ones kubectl prints.
 */
const GO_STATUS_TEXT: Record<number, string> = {
  100: "Continue",
  101: "Switching Protocols",
  200: "OK",
  201: "Created",
  202: "Accepted",
  203: "Non-Authoritative Information",
  204: "No Content",
  206: "Partial Content",
  301: "Moved Permanently",
  302: "Found",
  304: "Not Modified",
  307: "Temporary Redirect",
  308: "Permanent Redirect",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  408: "Request Timeout",
  409: "Conflict",
  410: "Gone",
  411: "Length Required",
  412: "Precondition Failed",
  413: "Request Entity Too Large",
  414: "Request URI Too Long",
  415: "Unsupported Media Type",
  416: "Requested Range Not Satisfiable",
  417: "Expectation Failed",
  418: "I'm a teapot",
  422: "Unprocessable Entity",
  425: "Too Early",
  428: "Precondition Required",
  429: "Too Many Requests",
  431: "Request Header Fields Too Large",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
  505: "HTTP Version Not Supported",
};

export function goStatusText(code: number): string {
  return GO_STATUS_TEXT[code] ?? "";
}

/** Go's `resp.Status`: `"200 OK"`; the server's reason phrase when it sent one, else Go's text for the code. */
export function goStatus(code: number, reason: string | undefined): string {
  const text = reason || goStatusText(code);
  return text ? `${code} ${text}` : `${code} status code ${code}`;
}
