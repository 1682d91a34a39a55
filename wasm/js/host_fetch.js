// host_fetch.js — http_request effects over fetch(): the JSON body, X-Schema-Version: 1, the
// bearer token the host page gave (memory only), a 15 s timeout. Answers
// cc_on_fetch_done(id, status, body, length) with status 0 when there was no answer.

mergeInto(LibraryManager.library, {
  $cc_net: {
    token: '',
    timeout_ms: 15000,
  },

  cc_js_fetch__deps: ['$cc_net', '$cc_activity', 'malloc', 'free'],
  cc_js_fetch: function(id, method, url, body, body_len) {
    var m = UTF8ToString(method) || 'GET';
    var u = UTF8ToString(url);
    var payload = body_len > 0 ? HEAPU8.slice(body, body + body_len) : null;
    var headers = { 'X-Schema-Version': '1', 'Accept': 'application/json' };
    if (payload) headers['Content-Type'] = 'application/json';
    if (cc_net.token) headers['Authorization'] = 'Bearer ' + cc_net.token;
    var controller = typeof AbortController !== 'undefined' ? new AbortController() : null;
    var timer = controller ? setTimeout(function() { controller.abort(); }, cc_net.timeout_ms) : 0;
    cc_activity.fetches++;

    var deliver = function(status, bytes) {
      clearTimeout(timer);
      var ptr = bytes.length ? _malloc(bytes.length) : 0;
      if (ptr) HEAPU8.set(bytes, ptr);
      try {
        _cc_on_fetch_done(id, status, ptr, bytes.length);
      } finally {
        if (ptr) _free(ptr);
        cc_activity.fetches--;
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
