// trainingWorker(name, config, threads): the playground's training worker
// (web/worker.js?kernel=simd&threads=N) training config, a run's settings
// as a query (e.g. "data=sample&hidden=100&batch=200&precision=f32"), in
// turns: turn(secs) starts the run (or resumes it), collects the ms/step
// of its progress events (four a second, each the run's ms/step over its
// last seconds) for secs seconds, pauses it and returns them. The worker
// stays alive between its turns, paused, so that each turn runs compiled
// code. bench/tfjs's page and cmd/serve's TestPageSpeed (which runs it in
// the playground's own page) both time the worker's step with it.
"use strict";
self.trainingWorker = function trainingWorker(name, config, threads) {
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const w = new Worker(`/web/worker.js?kernel=simd&threads=${threads}`);
  let failed = null;
  let waiting = []; // {state, resolve, reject}
  let sink = null; // takes ms/step while a turn runs
  w.onmessage = (m) => {
    const e = JSON.parse(m.data.text);
    if (e.kind === "error") {
      failed = new Error(`worker ${name}: ${e.error && e.error.message ? e.error.message : JSON.stringify(e.error)}`);
      waiting.forEach((x) => x.reject(failed));
      waiting = [];
    } else if (e.kind === "progress" && sink) {
      sink(e.ms_per_step);
    } else if (e.kind === "state") {
      waiting.filter((x) => x.state === e.state).forEach((x) => x.resolve());
      waiting = waiting.filter((x) => x.state !== e.state);
    }
  };
  const until = (state) =>
    new Promise((resolve, reject) => (failed ? reject(failed) : waiting.push({ state, resolve, reject })));
  let id = 0;
  const send = (kind, extra) => w.postMessage({ text: JSON.stringify({ id: ++id, kind, ...extra }) });
  return {
    name,
    async turn(secs) {
      const ticks = [];
      const running = until("running");
      if (id === 0) send("start", { config });
      else send("resume");
      await running;
      sink = (ms) => ticks.push(ms);
      await sleep(secs * 1000);
      sink = null;
      const paused = until("paused");
      send("pause");
      await paused;
      return ticks;
    },
    stop() { w.terminate(); },
  };
};
