// host_fetch.js — the network layer: http_request effects over fetch() with the JSON body,
// `X-Schema-Version: 1` and, once the core has handed it over (set_token), the bearer token.
// Answers cc_on_fetch_done(id, status, body, length), status 0 when there was no answer
// (offline, refused, timed out after the request's own timeout).
//
// The token lives here, in memory only (DESIGN §7): never in IndexedDB, a log line or a URL.
//
// Index:
//   [SECTION] Token
//   [SECTION] Requests

mergeInto(LibraryManager.library, {
  $cc_net: {
    token: '',
  },

  // [SECTION] Token ------------------------------------------------------------------------------
  cc_js_set_token__deps: ['$cc_net'],
  cc_js_set_token: function(token) {
    cc_net.token = UTF8ToString(token);
  },

  // The token the page gave the loader (ClientCard.mount(el, {token}), window.ClientCardOptions):
  // taken out of Module.ccConfig once, so it is not left lying on the module object. Returns a
  // malloc'ed string the caller frees, or 0.
  cc_js_take_config_token: function() {
    var config = Module['ccConfig'];
    if (!config || !config['token']) return 0;
    var token = String(config['token']);
    delete config['token'];
    return allocateUTF8(token);
  },

  // [SECTION] Requests ---------------------------------------------------------------------------
  // background = 1: a long poll; it waits on the server by design and idle() does not wait for it.
  cc_js_fetch__deps: ['$cc_net', '$cc_activity', 'malloc', 'free'],
  cc_js_fetch: function(id, method, url, body, body_len, timeout_ms, background) {
    var m = UTF8ToString(method) || 'GET';
    var u = UTF8ToString(url);
    var payload = body_len > 0 ? HEAPU8.slice(body, body + body_len) : null;
    var headers = { 'X-Schema-Version': '1', 'Accept': 'application/json' };
    if (payload) headers['Content-Type'] = 'application/json';
    if (cc_net.token) headers['Authorization'] = 'Bearer ' + cc_net.token;
    var controller = typeof AbortController !== 'undefined' ? new AbortController() : null;
    var timer = controller ? setTimeout(function() { controller.abort(); }, timeout_ms > 0 ? timeout_ms : 15000) : 0;
    if (!background) cc_activity.fetches++;

    var deliver = function(status, bytes) {
      clearTimeout(timer);
      var ptr = bytes.length ? _malloc(bytes.length) : 0;
      if (ptr) HEAPU8.set(bytes, ptr);
      try {
        _cc_on_fetch_done(id, status, ptr, bytes.length);
      } finally {
        if (ptr) _free(ptr);
        if (!background) cc_activity.fetches--;
        cc_activity.settle();
      }
    };
    var request;
    try {
      request = fetch(u, {
        method: m, headers: headers, body: payload, cache: 'no-store', credentials: 'same-origin',
        redirect: 'follow', signal: controller ? controller.signal : undefined,
      });
    } catch (e) {
      request = Promise.reject(e);
    }
    request
      .then(function(response) {
        return response.arrayBuffer().then(function(buf) { return [response.status, new Uint8Array(buf)]; });
      })
      .catch(function() { return [0, new Uint8Array(0)]; })  // offline, refused, timed out
      .then(function(r) { deliver(r[0], r[1]); });
  },
});
