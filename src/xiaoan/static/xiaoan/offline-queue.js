// The inspections waiting on the phone. The inspection form (offline-inspection.js)
// keeps a submission here, in IndexedDB, when there is no connection; this script,
// loaded on every page, uploads what waits when the connection returns (on the
// `online` event, on every page load, when the page is shown again, and once a
// minute), and shows a small badge "待上传 N" while anything is left.
//
// The server recognises a submission by its client_key and answers a repeat with
// the inspection it already recorded, so sending an item again after a lost answer
// is safe; still, an item is never sent twice at once: a page claims it in IndexedDB
// (a lease, so a closed tab gives it up) before sending it.
(function () {
  "use strict";

  if (window.xiaoanQueue) {
    // the same window again (a page written over the previous one): listen again
    window.xiaoanQueue.start();
    return;
  }

  var DB_NAME = "xiaoan-offline";
  var STORE = "inspections";
  var LEASE_MS = 5 * 60 * 1000;
  var RETRY_MS = 60 * 1000;
  var NOTE_MS = 15 * 1000;
  var RECORDED = /\/inspections\/\d+\/$/;
  var REFUSED = {
    403: "服务器拒绝（403）：可能已无权检查该场所",
    404: "场所不存在或已无权访问（404）",
    413: "照片太大，服务器不接收（413）"
  };

  var dbPromise = null;
  var running = null;
  var pending = null;
  var uploaded = [];
  var uploadedTimer = null;
  var channel = "BroadcastChannel" in window ? new BroadcastChannel("xiaoan-queue") : null;

  // --- IndexedDB -----------------------------------------------------------

  function openDb() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        if (!window.indexedDB) {
          reject(new Error("IndexedDB is not available"));
          return;
        }
        var request = window.indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = function () {
          request.result.createObjectStore(STORE, { keyPath: "client_key" });
        };
        request.onsuccess = function () {
          var db = request.result;
          db.onversionchange = function () {
            db.close();
            dbPromise = null;
          };
          resolve(db);
        };
        request.onerror = function () {
          reject(request.error);
        };
      });
      dbPromise.catch(function () {
        dbPromise = null;
      });
    }
    return dbPromise;
  }

  // Runs `work(store, done)` in one transaction; resolves with what `done` was given
  // once the transaction has committed.
  function transact(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result;
        work(tx.objectStore(STORE), function (value) {
          result = value;
        });
        tx.oncomplete = function () {
          resolve(result);
        };
        tx.onerror = function () {
          reject(tx.error);
        };
        tx.onabort = function () {
          reject(tx.error || new Error("transaction aborted"));
        };
      });
    });
  }

  function list() {
    return transact("readonly", function (store, done) {
      var request = store.getAll();
      request.onsuccess = function () {
        done(request.result || []);
      };
    }).then(function (items) {
      return (items || []).sort(function (a, b) {
        return a.saved_at < b.saved_at ? -1 : a.saved_at > b.saved_at ? 1 : 0;
      });
    });
  }

  function changed(news) {
    if (channel) {
      channel.postMessage(news && news.uploaded ? news : { changed: true });
    }
    return refresh();
  }

  // Notes inspections uploaded (by this page or another one) for a while.
  function noteUploaded(urls) {
    uploaded = uploaded.concat(urls);
    window.clearTimeout(uploadedTimer);
    uploadedTimer = window.setTimeout(function () {
      uploaded = [];
      refresh();
    }, NOTE_MS);
  }

  function save(item) {
    item.state = item.state || "waiting";
    item.sending_until = 0;
    return transact("readwrite", function (store) {
      store.put(item);
    }).then(function () {
      return changed();
    });
  }

  function forget(key) {
    return transact("readwrite", function (store) {
      store.delete(key);
    });
  }

  // Takes the item for this page, unless another page is sending it right now.
  function claim(key) {
    var now = Date.now();
    return transact("readwrite", function (store, done) {
      var request = store.get(key);
      request.onsuccess = function () {
        var item = request.result;
        if (item && !(item.sending_until > now)) {
          item.sending_until = now + LEASE_MS;
          store.put(item);
          done(item);
        }
      };
    });
  }

  // Gives the item back with what happened to it (unless it was deleted meanwhile).
  function release(key, changes) {
    return transact("readwrite", function (store) {
      var request = store.get(key);
      request.onsuccess = function () {
        var item = request.result;
        if (item) {
          Object.keys(changes).forEach(function (name) {
            item[name] = changes[name];
          });
          item.sending_until = 0;
          store.put(item);
        }
      };
    });
  }

  // --- the page ------------------------------------------------------------

  // Who is signed in on this page (the link to their own account), or null.
  function currentUser() {
    var menu = document.getElementById("xa-user-menu");
    if (!menu) {
      return null;
    }
    var link = menu.parentNode.querySelector('a[href*="/users/"]');
    return link ? link.getAttribute("href") : menu.textContent.replace(/\s+/g, " ").trim();
  }

  function csrfToken(fallback) {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) {
      return decodeURIComponent(match[1]);
    }
    try {
      var headers = JSON.parse((document.body && document.body.getAttribute("hx-headers")) || "{}");
      if (headers["X-CSRFToken"]) {
        return headers["X-CSRFToken"];
      }
    } catch (ignored) {
      // no token on this page
    }
    return fallback || "";
  }

  function newKey() {
    var cryptoApi = window.crypto;
    if (cryptoApi && typeof cryptoApi.randomUUID === "function") {
      return cryptoApi.randomUUID();
    }
    // randomUUID needs a secure context (https); build a version-4 UUID by hand
    var bytes = new Uint8Array(16);
    if (cryptoApi && typeof cryptoApi.getRandomValues === "function") {
      cryptoApi.getRandomValues(bytes);
    } else {
      for (var i = 0; i < bytes.length; i += 1) {
        bytes[i] = Math.floor(Math.random() * 256);
      }
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map
      .call(bytes, function (b) {
        return (b + 0x100).toString(16).slice(1);
      })
      .join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  // --- sending -------------------------------------------------------------

  // A form's fields as IndexedDB keeps them: strings, and photos as Blobs.
  function fieldsOf(data) {
    var fields = [];
    data.forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken" || name === "client_key") {
        return; // a fresh token is sent with the upload; the key is kept on the item
      }
      if (typeof value === "string") {
        fields.push({ name: name, value: value });
      } else if (value && (value.size > 0 || value.name)) {
        fields.push({ name: name, file: value, filename: value.name || "photo.jpg" });
      }
    });
    return fields;
  }

  function formDataOf(item) {
    var data = new FormData();
    item.fields.forEach(function (field) {
      if (field.file) {
        data.append(field.name, field.file, field.filename);
      } else {
        data.append(field.name, field.value);
      }
    });
    data.append("client_key", item.client_key);
    return data;
  }

  function problemsIn(html) {
    try {
      var page = new DOMParser().parseFromString(html, "text/html");
      var texts = [];
      page.querySelectorAll("#xa-inspection-form .alert-danger, #xa-inspection-form .text-danger").forEach(function (el) {
        var text = el.textContent.replace(/\s+/g, " ").trim();
        if (text && texts.indexOf(text) < 0) {
          texts.push(text);
        }
      });
      return texts.join("；").slice(0, 300);
    } catch (ignored) {
      return "";
    }
  }

  // What the server's answer to an upload means: {done, url} when the inspection is
  // recorded; otherwise the state to keep the item in ("waiting": try again later,
  // "attention": the server refused it, someone must look), and whether to stop.
  function outcomeOf(response) {
    var path = new URL(response.url, window.location.href).pathname;
    if (response.redirected && RECORDED.test(path)) {
      return Promise.resolve({ done: true, url: response.url });
    }
    if (response.redirected) {
      return Promise.resolve({ state: "waiting", error: "请先登录", stop: true });
    }
    if (response.status >= 500) {
      return Promise.resolve({
        state: "waiting",
        error: "服务器暂时出错（" + response.status + "）",
        stop: true
      });
    }
    if (response.status >= 400) {
      return Promise.resolve({
        state: "attention",
        error: REFUSED[response.status] || "服务器拒绝（" + response.status + "）"
      });
    }
    return response.text().then(
      function (html) {
        return { state: "attention", error: problemsIn(html) || "服务器退回了这次检查" };
      },
      function () {
        return { state: "waiting", error: "网络中断", stop: true };
      }
    );
  }

  function send(item) {
    return window
      .fetch(item.url, {
        method: "POST",
        body: formDataOf(item),
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken() }
      })
      .then(outcomeOf, function () {
        return { state: "waiting", error: "网络不通", stop: true };
      });
  }

  async function drain(options) {
    var me = currentUser();
    if (!me || navigator.onLine === false) {
      return;
    }
    var sent = [];
    var items = await list();
    for (var i = 0; i < items.length; i += 1) {
      var item = items[i];
      if (item.owner && item.owner !== me) {
        continue; // saved by another account on this phone: it waits for them
      }
      if (item.state === "attention" && options.retry !== item.client_key) {
        continue;
      }
      var claimed = await claim(item.client_key);
      if (!claimed) {
        continue;
      }
      var outcome = await send(claimed);
      if (outcome.done) {
        await forget(claimed.client_key);
        noteUploaded([outcome.url]);
        sent.push(outcome.url);
        continue;
      }
      await release(claimed.client_key, {
        state: outcome.state,
        error: outcome.error,
        tried_at: new Date().toISOString(),
        attempts: (claimed.attempts || 0) + 1
      });
      if (outcome.stop) {
        break;
      }
    }
    return sent;
  }

  // Uploads what waits; one run at a time in this page (a call during a run gets
  // another run after it, for what was saved meanwhile).
  function replay(options) {
    options = options || {};
    if (running) {
      if (options.retry) {
        return running.then(function () {
          return replay(options);
        });
      }
      if (!pending) {
        pending = running.then(function () {
          pending = null;
          return replay();
        });
      }
      return pending;
    }
    running = drain(options)
      .catch(function () {
        // IndexedDB unavailable or a transaction failed: nothing to upload from here
      })
      .then(function (sent) {
        running = null;
        return changed(sent && sent.length ? { uploaded: sent } : null);
      });
    return running;
  }

  // --- the badge -----------------------------------------------------------

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) {
      el.className = className;
    }
    if (text) {
      el.textContent = text;
    }
    return el;
  }

  function when(iso) {
    try {
      return new Date(iso).toLocaleString("zh-CN", {
        month: "numeric",
        day: "numeric",
        hour: "2-digit",
        minute: "2-digit"
      });
    } catch (ignored) {
      return iso || "";
    }
  }

  function holder() {
    var box = document.getElementById("xa-queue");
    if (!box && document.body) {
      box = element("div", "position-fixed bottom-0 start-0 m-2 d-print-none");
      box.id = "xa-queue";
      box.style.zIndex = "1080";
      box.style.maxWidth = "calc(100vw - 1rem)";
      document.body.appendChild(box);
    }
    return box;
  }

  function panelOf(items) {
    var panel = element("div", "card shadow small mb-2");
    panel.id = "xa-queue-panel";
    panel.style.width = "20rem";
    panel.style.maxWidth = "100%";
    panel.style.maxHeight = "60vh";
    panel.style.overflowY = "auto";
    var list = element("ul", "list-group list-group-flush");
    var me = currentUser();
    items.forEach(function (item) {
      var row = element("li", "list-group-item");
      row.appendChild(element("div", "fw-semibold", item.place || "检查"));
      row.appendChild(element("div", "text-muted", when(item.saved_at) + " 保存在手机上"));
      if (item.state === "attention") {
        row.appendChild(element("div", "text-danger", "需处理：" + (item.error || "服务器拒绝")));
        var actions = element("div", "mt-1 d-flex gap-2");
        var retry = element("button", "btn btn-sm btn-outline-primary", "重试");
        retry.type = "button";
        retry.addEventListener("click", function () {
          replay({ retry: item.client_key });
        });
        var drop = element("button", "btn btn-sm btn-outline-danger", "删除");
        drop.type = "button";
        drop.addEventListener("click", function () {
          if (window.confirm("删除这条未上传的检查？删除后无法恢复。")) {
            forget(item.client_key).then(function () {
              return changed();
            });
          }
        });
        actions.appendChild(retry);
        actions.appendChild(drop);
        row.appendChild(actions);
      } else if (!me) {
        row.appendChild(element("div", "text-muted", "登录后上传"));
      } else if (item.owner && item.owner !== me) {
        row.appendChild(element("div", "text-muted", "由其他账号保存，待其登录后上传"));
      } else {
        row.appendChild(element("div", "text-muted", "等待上传" + (item.error ? "（" + item.error + "）" : "")));
      }
      list.appendChild(row);
    });
    panel.appendChild(list);
    return panel;
  }

  function render(items) {
    var done = uploaded.slice();
    var box = document.getElementById("xa-queue");
    if (!items.length && !done.length) {
      if (box) {
        box.remove();
      }
    } else if ((box = box || holder())) {
      var open = Boolean(document.getElementById("xa-queue-panel"));
      box.textContent = "";
      if (!items.length) {
        // the announcement is the wrapper's: a link given role=status stops being a link
        var status = element("div", "", "");
        status.setAttribute("role", "status");
        var note = element("a", "btn btn-success btn-sm shadow", "已上传 " + done.length + " 条离线保存的检查");
        note.id = "xa-queue-done";
        note.href = done[done.length - 1];
        status.appendChild(note);
        box.appendChild(status);
      } else {
        box.appendChild(badgeOf(box, items, open));
      }
    }
    document.dispatchEvent(
      new CustomEvent("xiaoan:queue", { detail: { count: items.length, uploaded: done } })
    );
  }

  function badgeOf(box, items, open) {
    var attention = items.filter(function (item) {
      return item.state === "attention";
    }).length;
    if (open) {
      box.appendChild(panelOf(items));
    }
    var badge = element(
      "button",
      "btn btn-sm shadow " + (attention ? "btn-danger" : "btn-warning"),
      "待上传 " + items.length + (attention ? "（" + attention + " 条需处理）" : "")
    );
    badge.type = "button";
    badge.id = "xa-queue-badge";
    badge.setAttribute("aria-expanded", open ? "true" : "false");
    badge.setAttribute("aria-controls", "xa-queue-panel");
    badge.addEventListener("click", function () {
      var shown = document.getElementById("xa-queue-panel");
      if (shown) {
        shown.remove();
        badge.setAttribute("aria-expanded", "false");
      } else {
        box.insertBefore(panelOf(items), badge);
        badge.setAttribute("aria-expanded", "true");
      }
    });
    return badge;
  }

  function refresh() {
    return list().then(render, function () {
      // no IndexedDB here: nothing can be waiting
    });
  }

  // --- starting ------------------------------------------------------------

  function onOnline() {
    replay();
  }

  function onVisible() {
    if (document.visibilityState === "visible") {
      replay();
    }
  }

  function start() {
    window.addEventListener("online", onOnline);
    document.addEventListener("visibilitychange", onVisible);
    replay();
  }

  if (channel) {
    channel.onmessage = function (event) {
      if (event.data && event.data.uploaded) {
        noteUploaded(event.data.uploaded);
      }
      refresh();
    };
  }
  window.setInterval(function () {
    if (document.getElementById("xa-queue-badge")) {
      replay();
    }
  }, RETRY_MS);

  window.xiaoanQueue = {
    save: save,
    list: list,
    forget: function (key) {
      return forget(key).then(function () {
        return changed();
      });
    },
    replay: replay,
    refresh: refresh,
    start: start,
    outcomeOf: outcomeOf,
    fieldsOf: fieldsOf,
    csrfToken: csrfToken,
    currentUser: currentUser,
    newKey: newKey
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
