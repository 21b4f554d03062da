// The console reads and acts through the emulator's public APIs on its own origin: Step Functions
// (AWS JSON 1.0, POST / with X-Amz-Target, which a cross-site form cannot send) and Lambda
// (REST-JSON under /2015-03-31/), plus the emulator's own /_emulator/ endpoints, whose writes carry
// the X-Sfn-Emulator header the server requires.

export class ApiError extends Error {
  constructor(code, message, status) {
    super(message || code);
    this.code = code;
    this.status = status;
  }
}

async function decode(r) {
  const text = await r.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = {message: text};
  }
  if (!r.ok) {
    const type = r.headers.get("x-amzn-ErrorType") || (body && body.__type) || `HTTP ${r.status}`;
    const code = String(type).split("#").pop().split(":")[0];
    throw new ApiError(code, (body && (body.message || body.Message)) || code, r.status);
  }
  return body;
}

export async function sfn(operation, body = {}) {
  const r = await fetch("/", {
    method: "POST",
    headers: {"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": `AWSStepFunctions.${operation}`},
    body: JSON.stringify(body),
  });
  return decode(r);
}

// Every page of a paged Step Functions list (`key` is the list member).
export async function sfnAll(operation, body, key, limit = Infinity) {
  const out = [];
  let token;
  do {
    const page = await sfn(operation, {...body, ...(token ? {nextToken: token} : {})});
    out.push(...(page[key] || []));
    token = page.nextToken;
  } while (token && out.length < limit);
  return out;
}

export async function lambda(method, path, body) {
  const init = {method, headers: {}};
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  return decode(await fetch(`/2015-03-31${path}`, init));
}

export async function lambdaAll(path, key) {
  const out = [];
  let marker;
  do {
    const sep = path.includes("?") ? "&" : "?";
    const page = await lambda("GET", marker ? `${path}${sep}Marker=${encodeURIComponent(marker)}` : path);
    out.push(...(page[key] || []));
    marker = page.NextMarker;
  } while (marker);
  return out;
}

export async function admin(method, path, body) {
  const init = {method, headers: {}};
  if (method !== "GET") init.headers["X-Sfn-Emulator"] = "console";
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  return decode(await fetch(`/_emulator/${path}`, init));
}
