// harness.js runs web/static/worker.js in node as a browser runs a Web
// Worker: it provides self, importScripts, fetch (from files, in 64 KB
// chunks) and postMessage, then plays a scenario against the worker and
// prints every event it receives as one JSON line: {"t": ms, "event": …}
// (and {"t": ms, "console": …} for console.info).
//
// Usage: node harness.js worker.wasm wasm_exec.js sampleDir worker.js
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const [wasmPath, wasmExec, sampleDir, workerJS] = process.argv.slice(2);
const t0 = Date.now();
const log = (obj) => process.stdout.write(JSON.stringify({ t: Date.now() - t0, ...obj }) + "\n");

globalThis.self = globalThis;
// The worker's URL, as a browser gives it: kernel=simd makes a missing SIMD
// kernel an error event, which the test would count.
// The script is the site's web/worker.js: it loads its scripts and wasm,
// and the Go side its data, at addresses relative to it.
globalThis.location = { href: "http://localhost/web/worker.js?kernel=simd", search: "?kernel=simd" };
const pathOf = (url) => new URL(url, location.href).pathname;
// The worker's console lines become log lines too (stdout is the log).
console.info = (...args) => log({ console: args.join(" ") });
globalThis.importScripts = (url) => {
  url = pathOf(url);
  if (url === "/web/kernels.js") {
    // As a browser runs a classic script: in the global scope.
    vm.runInThisContext(fs.readFileSync(path.join(path.dirname(workerJS), "kernels.js"), "utf8"));
    return;
  }
  if (url !== "/wasm_exec.js") throw new Error("importScripts " + url);
  require(wasmExec);
};
globalThis.fetch = async (url) => {
  url = pathOf(url);
  let file = null;
  let type = "application/octet-stream";
  if (url === "/web/worker.wasm") {
    file = wasmPath;
    type = "application/wasm";
  } else if (url.startsWith("/data/sample/")) {
    file = path.join(sampleDir, url.slice("/data/sample/".length));
  }
  if (file === null || !fs.existsSync(file)) {
    return new Response("no such data", { status: 404, statusText: "Not Found" });
  }
  const data = fs.readFileSync(file);
  const body = new ReadableStream({
    start(c) {
      for (let off = 0; off < data.length; off += 65536) c.enqueue(new Uint8Array(data.subarray(off, off + 65536)));
      c.close();
    },
  });
  return new Response(body, { headers: { "Content-Type": type, "Content-Length": String(data.length) } });
};

// Messages arrive as a browser delivers them: later, from the event loop,
// which runs only while Go waits or sleeps.
// A request travels as msg/port posts it: {text, parts}; its byte fields
// (image, checkpoint) are parts.
const wire = (m) => {
  const parts = {};
  for (const k of ["image", "checkpoint"]) {
    if (m[k]) [parts[k], m[k]] = [m[k], undefined];
  }
  return { text: JSON.stringify(m), parts };
};
const send = (m) =>
  setTimeout(() => {
    log({ sent: m.kind || typeof m });
    self.onmessage({ data: typeof m === "string" ? { text: m } : wire(m) });
  }, 0);

// The first test image of the sample: 3072 pixel bytes after the label.
const test = fs.readFileSync(path.join(sampleDir, "test.bin"));
const image = new Uint8Array(test.subarray(1, 3073));

let progress = 0;
let stopSent = 0;
globalThis.postMessage = (m, transfer) => {
  if (typeof m !== "object" || typeof m.text !== "string") {
    log({ event: { kind: "error", error: { kind: "protocol", message: "harness: the worker posted " + typeof m } } });
    process.exit(1);
  }
  const e = JSON.parse(m.text);
  const parts = m.parts || {};
  for (const [k, v] of Object.entries(parts)) {
    // Bytes come as Uint8Arrays whose buffers are transferred.
    if (!(v instanceof Uint8Array) || !(transfer || []).includes(v.buffer)) {
      log({ event: { kind: "error", error: { kind: "protocol", message: "harness: part " + k + " not a transferred Uint8Array" } } });
      process.exit(1);
    }
    e[k + "_bytes"] = v.length; // the log keeps the sizes only
  }
  const cp = parts.checkpoint;
  log({ event: e });
  switch (true) {
    case e.kind === "progress" && ++progress === 3:
      // A click 30 ms later, while Go trains and the event loop waits.
      stopSent = Date.now() + 30;
      setTimeout(() => {
        log({ sent: "stop" });
        self.onmessage({ data: wire({ id: 3, kind: "stop" }) });
      }, 30);
      break;
    case e.kind === "state" && e.id === 3:
      log({ stop_ms: Date.now() - stopSent });
      send({ id: 4, kind: "predict", image });
      break;
    case e.kind === "prediction" && e.id === 4:
      send({ id: 5, kind: "export" });
      break;
    case e.kind === "model" && e.id === 5:
      send({ id: 6, kind: "import", checkpoint: cp });
      break;
    case e.kind === "state" && e.id === 6:
      send({ id: 7, kind: "gradcheck" });
      break;
    case e.kind === "gradcheck" && e.id === 7:
      send("not json");
      send({ id: 8, kind: "predict", image, pretrained: true });
      break;
    case e.kind === "error" && e.id === 8:
      setTimeout(() => self.onmessage({ data: JSON.stringify({ kind: "load" }) }), 0); // not {text, parts}
      break;
    case e.kind === "error" && /must be an object/.test(e.error.message):
      log({ done: true });
      process.exit(0);
  }
};

// Sent before the wasm has even loaded: worker.js must queue them.
vm.runInThisContext(fs.readFileSync(workerJS, "utf8"), { filename: workerJS });
for (const m of [
  { id: 1, kind: "load", data: "sample" },
  { id: 2, kind: "start", config: "data=sample&hidden=16&batch=50&iters=100000&seed=1" },
]) {
  log({ sent: m.kind });
  self.onmessage({ data: wire(m) });
}

setTimeout(() => {
  log({ timeout: true });
  process.exit(1);
}, 120000);
