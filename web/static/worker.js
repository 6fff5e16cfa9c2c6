// The playground's training worker (Web Worker). It starts worker.wasm,
// the Go program of wasm/worker, and passes it the UI's messages: each one
// an object {text, parts} (msg/port: the JSON text and the byte fields as
// Uint8Arrays). Messages that arrive while the wasm
// loads are queued and handed over, in order, once Go listens. A failure
// to start is posted as an error event, like any other error of the worker.
// The Go instance is exposed as self.goInstance: the Go side instantiates
// its SIMD matrix kernel (wasm/simd) over the instance's memory. A query
// on this script's URL reaches Go too: worker.js?kernel=go keeps the
// pure-Go kernel, worker.js?kernel=simd makes a missing SIMD an error,
// worker.js?threads=N sets the number of kernel threads (kernels.js).
"use strict";

const queue = [];
self.onmessage = (e) => queue.push(e.data);

// Go calls goListening(receive) when it can take messages.
self.goListening = (receive) => {
  self.onmessage = (e) => receive(e.data);
  for (const m of queue.splice(0)) receive(m);
};

function fail(what) {
  const failure = { kind: "protocol", message: "worker: " + what };
  self.postMessage({ text: JSON.stringify({ kind: "error", error: failure }) });
}

// Every address is relative to this script (the site's web/worker.js), so
// the site works at the root of a host and under a sub-path alike.
async function start() {
  // go-app serves the wasm_exec.js of the Go that built the wasm, at the
  // site's root.
  importScripts("../wasm_exec.js");
  // The kernel threads that wasm/simd may start (self.bppKernelPool).
  importScripts("kernels.js");
  const go = new Go();
  const url = new URL("worker.wasm", self.location.href).pathname;
  const resp = await fetch(url);
  if (!resp.ok) {
    throw new Error(`${url}: HTTP ${resp.status} ${resp.statusText}`);
  }
  let result;
  if ((resp.headers.get("Content-Type") || "").startsWith("application/wasm")) {
    result = await WebAssembly.instantiateStreaming(resp, go.importObject);
  } else {
    // instantiateStreaming needs the wasm MIME type.
    result = await WebAssembly.instantiate(await resp.arrayBuffer(), go.importObject);
  }
  self.goInstance = result.instance;
  await go.run(result.instance);
  // main never returns: if it does, the Go program is gone (a fatal error).
  throw new Error("the Go program exited; reload the page");
}

start().catch((err) => fail("cannot run the training worker: " + (err && err.message ? err.message : err)));
