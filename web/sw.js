// sw.js — service worker of the standalone app (registered by loader.js). It caches the app
// shell so ClientCard opens with no network at all (DESIGN §4); API requests always go to the
// network (the card's own offline store is IndexedDB, not this cache).
// The build replaces @CC_BUILD_VERSION@ with a hash of the shell (wasm/publish_web.cmake): a new
// build is a new worker with a new cache, and the old cache is deleted on activation.
'use strict';

var VERSION = '@CC_BUILD_VERSION@';
var CACHE = 'clientcard-' + VERSION;
// The page is cached as index.html (a server need not serve it for the bare folder too).
var SHELL = ['index.html', 'loader.js', 'app.css', 'clientcard.js', 'clientcard.wasm'];

// Static routes (Chromium 123+): the shell's files come straight from this version's cache,
// without starting the worker first, which costs 50 ms or more on every page load. Only exact
// paths without a query are routed (a cache miss would go to the network, not to the fetch
// handler below, so "?server=..." pages still go through the handler and work offline).
function shell_routes(event) {
  if (typeof event.addRoutes !== 'function') return Promise.resolve();
  var scope = new URL(self.registration.scope).pathname;
  var routes = [{ condition: { urlPattern: { pathname: scope, search: '' } }, source: { cacheName: CACHE } }];
  SHELL.forEach(function (p) {
    routes.push({ condition: { urlPattern: { pathname: scope + p, search: '' } }, source: { cacheName: CACHE } });
  });
  // A browser that refuses the rules still has the fetch handler: installing goes on.
  try {
    return Promise.resolve(event.addRoutes(routes)).catch(function () {});
  } catch (e) {
    return Promise.resolve();
  }
}

self.addEventListener('install', function (event) {
  var routed = shell_routes(event);  // while the event is being dispatched
  event.waitUntil(
    caches.open(CACHE)
      .then(function (cache) {
        // The page is cached under the folder's own address too, for its static route.
        return cache.addAll(['./'].concat(SHELL).map(function (p) { return new Request(p, { cache: 'reload' }); }));
      })
      .then(function () { return routed; })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener('activate', function (event) {
  event.waitUntil(
    caches.keys()
      .then(function (names) {
        return Promise.all(names.map(function (name) {
          if (name.indexOf('clientcard-') === 0 && name !== CACHE) return caches.delete(name);
          return null;
        }));
      })
      .then(function () { return self.clients.claim(); })
  );
});

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET') return;                 // pushes go to the network as they are
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.indexOf('/api/') !== -1) return;    // data: always the network
  var scope = new URL(self.registration.scope);
  if (url.pathname.indexOf(scope.pathname) !== 0) return;

  // The app page, as the folder or as index.html, under any query (?server=...), is the cached
  // index.html; other pages in the folder (demo hosts) go to the network.
  var page = url.pathname === scope.pathname || url.pathname === scope.pathname + 'index.html';
  var key = page ? new URL('index.html', scope).href : url.origin + url.pathname;
  event.respondWith(
    caches.open(CACHE).then(function (cache) {
      return cache.match(key, { ignoreSearch: true }).then(function (hit) {
        return hit || fetch(request);
      });
    })
  );
});
