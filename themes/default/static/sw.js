// Service worker: the site shell and every page a reader opened keep working offline.
// Pages: network first, the saved copy after WAIT_MS (a weak network) or on an outage, updated on
// every good answer. Other files: the saved copy at once, refreshed behind it. Only this site's
// GETs; never the preview's live-reload paths. The build writes the next two lines.
const BUILD = "dev";
const SHELL = ["/", "/routes/", "/style.css", "/offline.js", "/icon.svg", "/manifest.webmanifest"];
const CACHE = "yanxue-" + BUILD;
const SAVED = "x-yanxue-saved";
const WAIT_MS = 3500;

self.addEventListener("install", (e) => {
  e.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await Promise.all(SHELL.map(async (url) => {
      const r = await fetch(url, { cache: "reload" });
      if (r.status === 200) await (url.endsWith("/") ? savePage(cache, url, r) : cache.put(url, r));
    }));
    await self.skipWaiting();
  })());
});

// Pages saved under an older build stay saved (the reader may be offline until the next visit);
// its shell is the new one. Then the old caches go, and pages open now are saved too.
self.addEventListener("activate", (e) => {
  e.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    for (const name of await caches.keys()) {
      if (name === CACHE || !name.startsWith("yanxue-")) continue;
      const old = await caches.open(name);
      for (const req of await old.keys()) {
        if (!(await cache.match(req))) await cache.put(req, await old.match(req));
      }
      await caches.delete(name);
    }
    await self.clients.claim();
    const open = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    await Promise.all(open.map(async (c) => {
      const url = new URL(c.url);
      if (!handled(url)) return;
      try {
        const r = await fetch(url.pathname, { cache: "reload" });
        if (r.status === 200 && isHtml(r)) await savePage(cache, url.pathname, r);
      } catch (_) { /* offline: nothing to save */ }
    }));
  })());
});

self.addEventListener("fetch", (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== "GET" || !handled(url)) return;
  e.respondWith(e.request.mode === "navigate" ? page(e, url) : file(e));
});

function handled(url) {
  return url.origin === location.origin && !url.pathname.startsWith("/__yanxue/") && url.pathname !== "/sw.js";
}

function isHtml(r) {
  return (r.headers.get("content-type") || "").startsWith("text/html");
}

const wait = (ms) => new Promise((done) => setTimeout(done, ms, null));

async function page(e, url) {
  const cache = await caches.open(CACHE);
  const key = url.pathname;
  const net = fetch(e.request).then((r) => [r, r.status === 200 && r.type === "basic" && isHtml(r) ? r.clone() : null]);
  e.waitUntil(net.then(([, copy]) => copy && savePage(cache, key, copy)).catch(() => {}));
  const answer = net.then(([r]) => { if (r.status >= 500) throw r; return r; });
  answer.catch(() => {});
  try {
    const r = await Promise.race([answer, wait(WAIT_MS)]);
    if (r) return r;
  } catch (_) { /* no network, or a server error: the saved copy */ }
  const saved = await cache.match(key);
  if (saved) return marked(saved);
  return answer.catch((r) => r instanceof Response ? r : fallback(cache));
}

// Stores a page with the time it was saved, and the calendar and GeoJSON files it links to.
async function savePage(cache, key, r) {
  const html = await r.text();
  const headers = new Headers(r.headers);
  headers.delete("content-length");
  headers.set(SAVED, String(Date.now()));
  await cache.put(key, new Response(html, { headers }));
  const links = [...html.matchAll(/href="([^"#?]+\.(?:ics|geojson))"/g)].map((m) => new URL(m[1], location.origin + key));
  await Promise.all(links.filter(handled).map(async (u) => {
    try {
      const f = await fetch(u.href);
      if (f.status === 200) await cache.put(u.href, f);
    } catch (_) { /* it stays unsaved */ }
  }));
}

// The saved page, with a mark that offline.js turns into the saved-copy notice.
async function marked(saved) {
  if (!isHtml(saved)) return saved;
  const html = (await saved.text()).replace("<head>", `<head><meta name="yanxue-saved" content="${Number(saved.headers.get(SAVED)) || 0}">`);
  return new Response(html, { headers: saved.headers });
}

async function file(e) {
  const cache = await caches.open(CACHE);
  const fresh = fetch(e.request).then(async (r) => {
    if (r.status === 200 && r.type === "basic") await cache.put(e.request, r.clone());
    return r;
  });
  const saved = await cache.match(e.request);
  if (!saved) return fresh;
  e.waitUntil(fresh.catch(() => {}));
  return saved;
}

// A page never opened, offline: say so, and list the pages that are saved.
async function fallback(cache) {
  const items = [];
  for (const req of await cache.keys()) {
    const path = new URL(req.url).pathname;
    if (!path.endsWith("/")) continue;
    const title = (await (await cache.match(req)).text()).match(/<title>([^<]*)<\/title>/);
    items.push(`<li><a href="${path}">${title ? title[1] : path}</a></li>`);
  }
  const body = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>离线：这一页没有保存</title><link rel="stylesheet" href="/style.css"><main id="main" class="wrap offline-fallback"><h1>没有网络，这一页还没有保存</h1><p role="status">联网时打开过的页面可以离线阅读：</p><ul>${items.join("")}</ul></main></html>`;
  return new Response(body, { status: 503, headers: { "content-type": "text/html; charset=utf-8" } });
}
