// host_files.js — files for the card: the file picker (pick_file effects: an <input type=file>
// opened from the user's click), uploads (http_request effects whose body is a file of the store,
// uploads/<key>: XMLHttpRequest for its upload progress, answered like a fetch) and downloads
// (download_file effects: a ticket URL of our server, opened through a link).
//
// Index:
//   [SECTION] The file picker
//   [SECTION] Uploads
//   [SECTION] Downloads

mergeInto(LibraryManager.library, {
  // [SECTION] The file picker --------------------------------------------------------------------
  // Files larger than this are not read into the module's memory: the core refuses them by size
  // (its limit is 25 MiB), so only the size is handed over.
  $cc_files: { read_limit: 26 * 1024 * 1024 },

  cc_js_pick_file__deps: ['$cc_files', 'malloc', 'free'],
  cc_js_pick_file: function(id, accept) {
    var input = document.createElement('input');
    input.type = 'file';
    input.accept = UTF8ToString(accept);
    input.style.display = 'none';
    document.body.appendChild(input);
    var answered = false;
    var answer = function(file, bytes) {
      if (answered) return;
      answered = true;
      input.remove();
      if (!file) { _cc_on_file_picked(id, 0, 0, 0, 0, 0); return; }
      var name = allocateUTF8(file.name);
      var type = allocateUTF8(file.type || '');
      var ptr = bytes && bytes.length ? _malloc(bytes.length) : 0;
      if (ptr) HEAPU8.set(bytes, ptr);
      try {
        _cc_on_file_picked(id, name, type, ptr, bytes ? bytes.length : 0, file.size);
      } finally {
        _free(name); _free(type);
        if (ptr) _free(ptr);
      }
    };
    input.addEventListener('change', function() {
      var file = input.files && input.files[0];
      if (!file) { answer(null); return; }
      if (file.size > cc_files.read_limit) { answer(file, null); return; }
      file.arrayBuffer().then(function(buf) { answer(file, new Uint8Array(buf)); },
                              function() { answer(file, null); });
    });
    input.addEventListener('cancel', function() { answer(null); });
    input.click();
  },

  // [SECTION] Uploads ----------------------------------------------------------------------------
  // POST of a file of the store (its full MEMFS path) with its type and name; the token from
  // host_fetch.js. Progress goes to cc_on_upload_progress, the answer to cc_on_fetch_done (status
  // 0: no answer; 410: the file is not in the store any more).
  cc_js_upload__deps: ['$cc_net', '$cc_activity', '$FS', 'malloc', 'free'],
  cc_js_upload: function(id, url, path, type, name, timeout_ms) {
    var deliver = function(status, bytes) {
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
    cc_activity.fetches++;
    var body;
    try {
      body = FS.readFile(UTF8ToString(path));
    } catch (e) {
      deliver(410, new Uint8Array(0));
      return;
    }
    var xhr = new XMLHttpRequest();
    xhr.open('POST', UTF8ToString(url));
    xhr.responseType = 'arraybuffer';
    xhr.timeout = timeout_ms > 0 ? timeout_ms : 600000;
    xhr.setRequestHeader('X-Schema-Version', '1');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Content-Type', UTF8ToString(type));
    xhr.setRequestHeader('X-File-Name', encodeURIComponent(UTF8ToString(name)));
    if (cc_net.token) xhr.setRequestHeader('Authorization', 'Bearer ' + cc_net.token);
    var last = 0;
    xhr.upload.onprogress = function(e) {
      var now = Date.now();
      if (now - last < 100 && e.loaded < e.total) return;  // a few reports a second are plenty
      last = now;
      _cc_on_upload_progress(id, e.loaded, e.lengthComputable ? e.total : body.length);
    };
    var done = false;
    var finish = function(status) {
      if (done) return;
      done = true;
      deliver(status, status && xhr.response ? new Uint8Array(xhr.response) : new Uint8Array(0));
    };
    xhr.onload = function() { finish(xhr.status); };
    xhr.onerror = function() { finish(0); };
    xhr.ontimeout = function() { finish(0); };
    xhr.onabort = function() { finish(0); };
    try {
      xhr.send(body);
    } catch (e) {
      finish(0);
    }
  },

  // [SECTION] Downloads --------------------------------------------------------------------------
  // The core sends only ticket URLs of our server ("/api/v1/files/<id>?ticket=..." on its base).
  // The server answers documents as attachments, audio and images inline (a new tab).
  cc_js_download: function(url) {
    var text = UTF8ToString(url);
    var parsed;
    try { parsed = new URL(text, document.baseURI); } catch (e) { return; }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return;
    var a = document.createElement('a');
    a.href = parsed.href;
    a.download = '';
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    a.style.display = 'none';
    document.body.appendChild(a);
    a.click();
    a.remove();
  },
});
