// A webhook receiver for Sori's tests: verifies every delivery with the Standard Webhooks
// reference library (npm `standardwebhooks`), not with Sori's own code, and logs it.
//
// Usage: node webhook_receiver.mjs --port-file FILE --log FILE --secret whsec_... [--secret ...]
//          [--status-for /path=CODE ...] [--down-until EPOCH_SECONDS]
//
// Listens on 127.0.0.1 on a free port and writes the port to --port-file (atomically,
// once listening). Appends one JSON line per request to --log, before answering:
//   {time, path, id, timestamp, verified, error, body, status}
// where verified is true when any --secret verifies the delivery (signature and the
// library's 5-minute timestamp tolerance), error is the last verification error
// otherwise, and body is the parsed JSON (or the text when it is not JSON). Answers 204,
// or CODE for a path named by --status-for, or 503 to everything until --down-until.
// The answer does not depend on `verified`: tests read the log. Exits on SIGTERM/SIGINT.
import fs from "node:fs";
import http from "node:http";
import { Webhook } from "standardwebhooks";

const MAX_BODY_BYTES = 16 * 1024 * 1024;

function parseArgs(argv) {
  const opts = { secrets: [], statusFor: new Map(), downUntil: 0 };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === "--port-file") opts.portFile = value;
    else if (flag === "--log") opts.log = value;
    else if (flag === "--secret") opts.secrets.push(value);
    else if (flag === "--down-until") opts.downUntil = Number(value);
    else if (flag === "--status-for") {
      const eq = value.lastIndexOf("=");
      const code = Number(value.slice(eq + 1));
      if (eq <= 0 || !Number.isInteger(code) || code < 100 || code > 599) {
        throw new Error(`--status-for ${value}: expected PATH=CODE, e.g. /gone=410`);
      }
      opts.statusFor.set(value.slice(0, eq), code);
    } else throw new Error(`unknown flag ${flag}`);
  }
  if (!opts.portFile || !opts.log || opts.secrets.length === 0 || !Number.isFinite(opts.downUntil)) {
    throw new Error("usage: --port-file FILE --log FILE --secret whsec_... [--status-for PATH=CODE] [--down-until EPOCH]");
  }
  return opts;
}

// { verified, error } for a delivery, trying each secret in turn.
function verify(secrets, body, headers) {
  let error = "no secret";
  for (const secret of secrets) {
    try {
      new Webhook(secret).verify(body, headers, { jsonParse: false });
      return { verified: true, error: null };
    } catch (e) {
      error = e.message;
    }
  }
  return { verified: false, error };
}

function parseBody(text) {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function statusFor(opts, path) {
  if (Date.now() / 1000 < opts.downUntil) return 503;
  return opts.statusFor.get(path) ?? 204;
}

function handle(opts, req, res) {
  const chunks = [];
  let size = 0;
  req.on("data", (chunk) => {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  });
  req.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    const path = new URL(req.url, "http://receiver").pathname;
    const status = size > MAX_BODY_BYTES ? 413 : statusFor(opts, path);
    const { verified, error } = verify(opts.secrets, body, req.headers);
    const line = {
      time: new Date().toISOString(), path, id: req.headers["webhook-id"] ?? null,
      timestamp: req.headers["webhook-timestamp"] ?? null, verified, error, body: parseBody(body), status,
    };
    fs.appendFileSync(opts.log, JSON.stringify(line) + "\n");
    res.writeHead(status).end();
  });
}

const opts = parseArgs(process.argv.slice(2));
const server = http.createServer((req, res) => handle(opts, req, res));
server.listen(0, "127.0.0.1", () => {
  const tmp = `${opts.portFile}.tmp${process.pid}`;
  fs.writeFileSync(tmp, String(server.address().port));
  fs.renameSync(tmp, opts.portFile);
});
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    server.close();
    process.exit(0);
  });
}
