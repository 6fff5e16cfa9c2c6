// The network canvas page (canvas.html), before wasm_exec.js: queue the
// parent page's messages until canvas.wasm listens.
"use strict";
// Go drains this queue and sets it to null when its own listener is up.
window.canvasInbox = [];
window.addEventListener("message", (e) => { if (window.canvasInbox) window.canvasInbox.push(e); });
