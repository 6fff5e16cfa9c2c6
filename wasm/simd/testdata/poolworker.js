// A kernel thread of pool.js: web/static/kernels.js in a node
// worker_thread, with the Web Worker globals it uses.
"use strict";
const { parentPort, workerData } = require("worker_threads");
const fs = require("fs");
globalThis.self = globalThis;
self.name = "bpp-kernel";
self.postMessage = (m) => parentPort.postMessage(m);
parentPort.on("message", (m) => self.onmessage({ data: m }));
(0, eval)(fs.readFileSync(workerData.script, "utf8"));
