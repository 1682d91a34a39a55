// host_fetch.js — the network layer: http_request effects over fetch() with the JSON body,
// `X-Schema-Version: 1` and, once the core has handed it over (set_token), the bearer token.
// Answers cc_on_fetch_done(id, status, body, length), status 0 when there was no answer
// (offline, refused, timed out after the request's own timeout).
//
// The token lives here, in memory only (DESIGN §7): never in IndexedDB, a log line or a URL.
//
// A request with `stream` set (the first-download snapshot) answers as its body arrives instead:
// cc_on_stream_chunk(id, lines, length, bytes_received) with whole lines (at most one batch per
// frame: 64 KB first, doubling up to 1 MB), then cc_on_stream_done(id, status, body, length).
//
// Index:
//   [SECTION] Token
//   [SECTION] Requests
//   [SECTION] Streamed requests

mergeInto(LibraryManager.library, {
  $cc_net__deps: ['malloc', 'free'],
  $cc_net: {
    token: '',
    // Calls answer(ptr, len) with a copy of `bytes` on the wasm heap, freed when it returns.
    hand_over: function(bytes, answer) {
      var ptr = bytes.length ? _malloc(bytes.length) : 0;
      if (ptr) HEAPU8.set(bytes, ptr);
      try {
        answer(ptr, bytes.length);
      } finally {
        if (ptr) _free(ptr);
      }
    },
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
      try {
        cc_net.hand_over(bytes, function(ptr, len) { _cc_on_fetch_done(id, status, ptr, len); });
      } finally {
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

  // [SECTION] Streamed requests ------------------------------------------------------------------
  // The body is read with response.body.getReader() (the browser undoes Content-Encoding: gzip,
  // so the bytes are the body's own). Bytes wait here until a newline closes them; once per
  // frame (after it is drawn) the whole lines so far, up to stream_batch_bytes, go to the core,
  // so the card draws between batches. Reading pauses while stream_backlog_bytes wait (the core
  // is slower than the network): memory stays bounded however large the body is. `timeout_ms`
  // counts until the answer starts; after that the server bounds the stream.
  $cc_stream: {
    batch_bytes: 1 << 20,
    // The first batch is small, so the first clients are drawn within a frame or two of the
    // answer (a 1 MB batch is over a thousand clients to apply first); each next one doubles.
    first_batch_bytes: 64 << 10,
    backlog_bytes: 16 << 20,
    // The next turn after a frame was drawn (rAF then a task), or a task when the page is hidden
    // (rAF does not run there, and the download must not stop with it).
    next_turn: function() {
      return new Promise(function(resolve) {
        if (typeof document !== 'undefined' && document.visibilityState === 'visible' &&
            typeof requestAnimationFrame === 'function') {
          requestAnimationFrame(function() { setTimeout(resolve, 0); });
        } else {
          setTimeout(resolve, 0);
        }
      });
    },
    // How many bytes of buf[0, len) to hand over: up to the last newline within `cap`, or up to
    // the first one after it (a line longer than the cap goes whole); everything at the end.
    cut: function(buf, len, cap, end) {
      var limit = Math.min(len, cap);
      for (var i = limit - 1; i >= 0; i--) if (buf[i] === 10) return i + 1;
      for (var j = limit; j < len; j++) if (buf[j] === 10) return j + 1;
      return end ? len : 0;
    },
  },

  cc_js_fetch_stream__deps: ['$cc_net', '$cc_stream', '$cc_activity', 'malloc', 'free'],
  cc_js_fetch_stream: function(id, method, url, timeout_ms) {
    var m = UTF8ToString(method) || 'GET';
    var u = UTF8ToString(url);
    var headers = { 'X-Schema-Version': '1', 'Accept': 'application/x-ndjson, application/json' };
    if (cc_net.token) headers['Authorization'] = 'Bearer ' + cc_net.token;
    var controller = typeof AbortController !== 'undefined' ? new AbortController() : null;
    var timer = controller ? setTimeout(function() { controller.abort(); }, timeout_ms > 0 ? timeout_ms : 15000) : 0;
    cc_activity.fetches++;
    var finished = false;
    var finish = function(status, bytes) {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      try {
        cc_net.hand_over(bytes, function(ptr, len) { _cc_on_stream_done(id, status, ptr, len); });
      } finally {
        cc_activity.fetches--;
        cc_activity.settle();
      }
    };
    var request;
    try {
      request = fetch(u, {
        method: m, headers: headers, cache: 'no-store', credentials: 'same-origin',
        redirect: 'follow', signal: controller ? controller.signal : undefined,
      });
    } catch (e) {
      request = Promise.reject(e);
    }
    request.then(function(response) {
      clearTimeout(timer);  // the answer started: no more timeout of ours
      if (response.status !== 200 || !response.body || !response.body.getReader) {
        return response.arrayBuffer().then(function(buf) { finish(response.status, new Uint8Array(buf)); });
      }
      var reader = response.body.getReader();
      var buf = new Uint8Array(1 << 20), len = 0, received = 0, ended = false, failed = false;
      var append = function(piece) {
        if (len + piece.length > buf.length) {
          var grown = new Uint8Array(Math.max(buf.length * 2, len + piece.length));
          grown.set(buf.subarray(0, len));
          buf = grown;
        }
        buf.set(piece, len);
        len += piece.length;
        received += piece.length;
      };
      var read = function() {
        if (len >= cc_stream.backlog_bytes) return cc_stream.next_turn().then(read);
        return reader.read().then(function(r) {
          if (r.done) { ended = true; return; }
          append(r.value);
          return read();
        });
      };
      read().catch(function() { failed = true; ended = true; });
      var cap = cc_stream.first_batch_bytes;
      var pump = function() {
        if (finished) return;
        var n = cc_stream.cut(buf, len, cap, ended);
        if (n > 0) {
          cc_net.hand_over(buf.subarray(0, n), function(ptr, size) { _cc_on_stream_chunk(id, ptr, size, received); });
          buf.copyWithin(0, n, len);
          len -= n;
          cap = Math.min(cap * 2, cc_stream.batch_bytes);
        }
        if (ended && len === 0) return finish(failed ? 0 : 200, new Uint8Array(0));
        cc_stream.next_turn().then(pump);
      };
      cc_stream.next_turn().then(pump);
    }).catch(function() { finish(0, new Uint8Array(0)); });  // offline, refused, timed out
  },
});
