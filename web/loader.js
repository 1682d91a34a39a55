// loader.js — starts ClientCard in a container element and gives integrators and tests a
// small API (docs/embedding.md):
//
//   <div data-clientcard data-server="https://crm.example" data-actor="anna"></div>
//   <script src=".../loader.js"></script>            // mounts every [data-clientcard]
//   await window.clientcardReady; window.clientcard.tree() / frames() / idle() / status()
//
//   ClientCard.mount(element, { server, actor, token })  // mount by hand; resolves to the API
//   window.ClientCardOptions = { token, server, actor }  // set before this script: auto-mount
//
// The bearer token is never read from attributes or the URL, and is handed to the module in
// memory only (DESIGN §7): the module takes it out of its configuration when it starts.
//
// Index:
//   [SECTION] Where the files are
//   [SECTION] Configuration
//   [SECTION] Mounting
//   [SECTION] Service worker (standalone page only)
//   [SECTION] Auto-mount
(function () {
  'use strict';

  // [SECTION] Where the files are -------------------------------------------------------------
  // Next to this script, wherever the host page lives.
  var script = document.currentScript;
  var base = new URL('.', script && script.src ? script.src : location.href).href;

  var module_script = null;
  function load_module_script() {
    if (!module_script) {
      module_script = new Promise(function (resolve, reject) {
        if (typeof window.createClientCard === 'function') return resolve();
        var s = document.createElement('script');
        s.src = base + 'clientcard.js';
        s.async = true;
        s.onload = function () { resolve(); };
        s.onerror = function () { reject(new Error('clientcard: could not load ' + s.src)); };
        document.head.appendChild(s);
      });
    }
    return module_script;
  }

  // [SECTION] Configuration -------------------------------------------------------------------
  // options > ?server= / ?actor= (standalone page only) > data-server / data-actor > defaults.
  // The token comes from options only.
  function config_for(container, options) {
    var params = new URLSearchParams(location.search);
    var standalone = container.hasAttribute('data-standalone');
    function pick(name) {
      if (options && options[name] !== undefined && options[name] !== null) return String(options[name]);
      if (standalone && params.has(name)) return params.get(name);
      var attr = container.getAttribute('data-' + name);
      return attr !== null ? attr : '';
    }
    var server = pick('server').replace(/\/+$/, '');  // '' = same origin
    var config = { server: server, actor: pick('actor') };
    // "0": the first download walks paged pulls instead of one snapshot (docs/sync.md).
    var snapshot = pick('snapshot');
    if (snapshot) config.snapshot = snapshot;
    if (options && options.token) config.token = String(options.token);
    return config;
  }

  // window.ClientCardOptions, set by the page before loader.js runs, configures the cards this
  // script mounts by itself. The token is taken out of it at once, so scripts that run later
  // cannot read it there.
  var page_options = null;
  function take_page_options() {
    var given = window.ClientCardOptions;
    if (!given || typeof given !== 'object') return null;
    var copy = {};
    ['server', 'actor', 'token', 'snapshot'].forEach(function (k) {
      if (given[k] !== undefined && given[k] !== null) copy[k] = given[k];
    });
    try { delete given.token; } catch (e) { /* frozen: leave it */ }
    return copy;
  }

  // [SECTION] Mounting ------------------------------------------------------------------------
  function mount(container, options) {
    if (!container) return Promise.reject(new Error('clientcard: no container'));
    container.classList.add('cc-app');
    var canvas = document.createElement('canvas');
    canvas.className = 'cc-canvas';
    canvas.setAttribute('aria-label', 'ClientCard');
    container.appendChild(canvas);
    var config = config_for(container, options);

    return load_module_script()
      .then(function () {
        return window.createClientCard({
          canvas: canvas,
          ccConfig: config,
          locateFile: function (path) { return base + path; },
          print: function (text) { console.log('clientcard:', text); },
          printErr: function (text) { console.warn('clientcard:', text); },
          onAbort: function (what) { container.classList.add('cc-failed'); console.error('clientcard aborted:', what); },
        });
      })
      .then(function (module) {
        var host = module.ccHost;
        if (!host) throw new Error('clientcard: the module did not start (WebGL2 missing?)');
        container.classList.add('cc-ready');
        var api = {
          tree: host.tree,
          frames: host.frames,
          idle: host.idle,
          status: host.status,
          // Sign in with a bearer token (memory only); the card then syncs as that user.
          setToken: host.setToken,
          container: container,
          canvas: canvas,
          // Finds nodes of the last frame's semantic tree: by label, and optionally role.
          find: function (label, role) {
            return host.tree().filter(function (n) {
              return n.label === label && (role === undefined || n.role === role);
            });
          },
        };
        return api;
      })
      .catch(function (err) {
        container.classList.add('cc-failed');
        var msg = container.querySelector('.cc-loading');
        if (msg) msg.textContent = 'ClientCard could not start: ' + err.message;
        throw err;
      });
  }

  // [SECTION] Service worker (standalone page only) -------------------------------------------
  // Embedded, the host page owns its service worker scope and decides.
  function register_worker() {
    if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
    navigator.serviceWorker.register(base + 'sw.js', { scope: base }).catch(function (err) {
      console.warn('clientcard: service worker not registered:', err);
    });
  }

  // [SECTION] Auto-mount ----------------------------------------------------------------------
  window.ClientCard = { mount: mount, version: '1' };
  page_options = take_page_options();

  function auto_mount() {
    var elements = document.querySelectorAll('[data-clientcard]');
    var first = null;
    Array.prototype.forEach.call(elements, function (el) {
      var started = mount(el, page_options).then(function (api) {
        // An element with id="clientcard" would also be window.clientcard: only our API counts.
        if (!(window.clientcard && window.clientcard.tree)) window.clientcard = api;
        if (el.hasAttribute('data-standalone')) register_worker();
        return api;
      });
      if (!first) first = started;
    });
    page_options = null;  // each card's configuration has its copy; keep no other
    if (first) window.clientcardReady = first;
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', auto_mount);
  else auto_mount();
})();
