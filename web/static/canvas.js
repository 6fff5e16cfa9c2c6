// The network canvas page (canvas.html): run canvas.wasm, or say why not.
"use strict";
const go = new Go();
const url = "canvas.wasm"; // next to canvas.html, wherever the site is served
// Streaming needs the application/wasm type; fall back to a plain fetch.
WebAssembly.instantiateStreaming(fetch(url), go.importObject)
  .catch(() => fetch(url).then((r) => r.arrayBuffer()).then((b) => WebAssembly.instantiate(b, go.importObject)))
  .then((result) => go.run(result.instance))
  .catch((err) => {
    console.error("canvas: loading canvas.wasm failed:", err);
    const p = document.createElement("p");
    p.className = "error";
    p.textContent = "The canvas failed to load: " + err;
    document.body.appendChild(p);
    if (window.parent !== window) {
      window.parent.postMessage(JSON.stringify({kind: "error", error: "canvas: loading canvas.wasm failed: " + err}),
        location.origin === "null" ? "*" : location.origin);
    }
  });
