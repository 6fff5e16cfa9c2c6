// The playground's fetch handler, in place of go-app's (app/offline.go).
// go-app's install step precaches the app shell; everything else the
// playground serves under /web/ and /data/, and each page, is cached here
// the first time it is used, so that what one visit used works offline.
const cacheOnUse = {{.CacheOnUse}};
const neverCache = {{.NeverCache}};

// The site's root path without its final slash: "" on a server, "/sub"
// for a copy of the site under a sub-path. The paths above are under it.
const rootPath = new URL(self.registration.scope).pathname.replace(/\/$/, "");

self.addEventListener("fetch", (event) => {
  // A part of a file (the full CIFAR-10 is read in Range requests) is
  // neither answered from the cache nor kept: the browser fetches it.
  if (event.request.headers.has("range")) {
    return;
  }
  event.respondWith(fetchWithCache(event));
});

// keeping holds, by URL, the promise of a file's download into the cache
// while it lasts: a second request for it (two workers or frames that
// start at once) waits for the first one and is answered from the cache,
// instead of downloading the file a second time.
const keeping = new Map();

async function fetchWithCache(event) {
  const request = event.request;
  const cachedResponse = await caches.match(request);
  if (cachedResponse) {
    return cachedResponse;
  }
  if (!keepableRequest(request)) {
    return await fetch(request);
  }
  const pending = keeping.get(request.url);
  if (pending) {
    await pending;
    const kept = await caches.match(request);
    if (kept) {
      return kept;
    }
  }
  let done;
  const download = new Promise((resolve) => (done = resolve));
  keeping.set(request.url, download);
  const settle = () => {
    if (keeping.get(request.url) === download) {
      keeping.delete(request.url);
    }
    done();
  };
  let response;
  try {
    response = await fetch(request);
  } catch (err) {
    settle();
    throw err;
  }
  if (!keepableResponse(response)) {
    settle();
    return response;
  }
  // The copy is stored while the page reads the response.
  const copy = response.clone();
  event.waitUntil(
    caches
      .open(cacheName)
      .then((cache) => cache.put(request, copy))
      .catch((err) => console.warn("caching", request.url, "failed:", err))
      .finally(settle)
  );
  return response;
}

// keepOnUse reports whether a response is kept for offline use: a whole
// file (status 200, not redirected) that this site sent for a GET, to a
// page navigation or under a path of cacheOnUse, and under none of
// neverCache.
function keepOnUse(request, response) {
  return keepableRequest(request) && keepableResponse(response);
}

// keepableRequest is keepOnUse's test of the request.
function keepableRequest(request) {
  if (request.method !== "GET") {
    return false;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith(rootPath + "/")) {
    return false;
  }
  const path = url.pathname.slice(rootPath.length);
  if (neverCache.some((p) => (p.endsWith("/") ? path.startsWith(p) : path === p))) {
    return false;
  }
  return request.mode === "navigate" || cacheOnUse.some((p) => path.startsWith(p));
}

// keepableResponse is keepOnUse's test of the response.
function keepableResponse(response) {
  return response.status === 200 && !response.redirected && response.type === "basic";
}
