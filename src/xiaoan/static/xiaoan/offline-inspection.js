// The inspection form on a phone without a connection. The form carries a fresh
// client_key; submitting it posts with fetch. Without a connection (or when the
// post fails on the way) the inspection and its photos are kept on the phone
// (offline-queue.js uploads them when the connection returns); with one, the
// server's answer is shown as a normal submission would show it: the recorded
// inspection, or the form with its errors.
(function () {
  "use strict";

  var form = document.getElementById("xa-inspection-form");
  var keyInput = document.getElementById("xa-client-key");
  var queue = window.xiaoanQueue;
  if (!form || !keyInput) {
    return;
  }
  var RECORDED = /\/inspections\/\d+\/$/;

  function freshKey() {
    keyInput.value = queue ? queue.newKey() : String(Date.now()) + "-" + String(Math.random()).slice(2);
  }

  freshKey();
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      freshKey(); // back to a page kept in memory: a new submission, a new key
    }
  });
  if (!queue || !window.fetch || !window.FormData || !window.Promise) {
    return; // an old browser: the plain form submission
  }

  var button = form.querySelector('button[type="submit"]');
  var buttonText = button ? button.textContent : "";
  var busy = false;

  function status(text, kind) {
    var box = document.getElementById("xa-offline-status");
    if (!box) {
      box = document.createElement("div");
      box.id = "xa-offline-status";
      box.setAttribute("role", "status");
      form.parentNode.insertBefore(box, form);
    }
    box.className = "alert alert-" + (kind || "warning");
    box.textContent = text;
    return box;
  }

  function target() {
    var url = new URL(form.action || window.location.href, window.location.href);
    return url.pathname + url.search;
  }

  // What the server would refuse, checked here because it cannot be asked offline.
  function problem(data) {
    var categories = data.getAll("categories").length;
    var none = data.get("no_hazard");
    if (categories && none) {
      return "不能同时登记隐患又勾选“未发现隐患”。";
    }
    if (!categories && !none) {
      return "请登记发现的隐患，或明确勾选“未发现隐患”。";
    }
    if (categories && !String(data.get("description") || "").trim()) {
      return "请描述发现的隐患。";
    }
    return "";
  }

  // Keeps the submission on the phone, then clears the form for the next one.
  async function keep(data, note) {
    var wrong = problem(data);
    if (wrong) {
      status(wrong, "danger");
      return;
    }
    var item = {
      client_key: keyInput.value,
      url: target(),
      place: keyInput.getAttribute("data-place") || document.title,
      saved_at: new Date().toISOString(),
      owner: queue.currentUser(),
      fields: queue.fieldsOf(data)
    };
    try {
      await queue.save(item);
    } catch (error) {
      status("未能保存在手机上（" + ((error && error.name) || "存储不可用") + "），请联网后重新提交。", "danger");
      return;
    }
    var items = await queue.list().catch(function () {
      return [item];
    });
    form.reset();
    freshKey();
    status((note ? note + "，" : "") + "已保存在手机上（" + items.length + " 条待上传），联网后自动上传。");
    window.scrollTo(0, 0);
  }

  // Shows the server's page in place of this one, at its address.
  function show(html, url) {
    if (url && url !== window.location.href) {
      window.history.replaceState(null, "", url);
    }
    document.open();
    document.write(html);
    document.close();
  }

  async function submit() {
    var data = new FormData(form);
    data.set("client_key", keyInput.value);
    if (navigator.onLine === false) {
      return keep(data);
    }
    var token = data.get("csrfmiddlewaretoken");
    data.set("csrfmiddlewaretoken", queue.csrfToken(token));
    var response;
    try {
      response = await window.fetch(target(), {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-CSRFToken": queue.csrfToken(token) }
      });
    } catch (error) {
      return keep(data);
    }
    var path = new URL(response.url, window.location.href).pathname;
    if (response.redirected && !RECORDED.test(path)) {
      // signed out meanwhile: keep it, sign in, and it goes up from there
      await keep(data, "登录已过期");
      window.location.assign(response.url);
      return;
    }
    if (response.status >= 500) {
      return keep(data, "服务器暂时出错");
    }
    var html;
    try {
      html = await response.text();
    } catch (error) {
      if (response.redirected) {
        window.location.assign(response.url); // recorded; the page was lost on the way
        return;
      }
      return keep(data);
    }
    show(html, response.redirected ? response.url : null);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (busy) {
      return;
    }
    busy = true;
    if (button) {
      button.disabled = true;
      button.textContent = "正在提交…";
    }
    submit()
      .catch(function () {
        status("提交未完成，请再试一次。", "danger");
      })
      .then(function () {
        busy = false;
        if (button) {
          button.disabled = false;
          button.textContent = buttonText;
        }
      });
  });

  // The queue uploaded what this page kept: say so.
  document.addEventListener("xiaoan:queue", function (event) {
    var box = document.getElementById("xa-offline-status");
    if (!box || !/待上传/.test(box.textContent)) {
      return;
    }
    if (event.detail.count === 0) {
      box.className = "alert alert-" + (event.detail.uploaded.length ? "success" : "secondary");
      box.textContent = event.detail.uploaded.length
        ? "已联网，离线保存的检查已全部上传。"
        : "手机上已没有待上传的检查。";
    } else if (event.detail.count > 0) {
      box.textContent = box.textContent.replace(/（\d+ 条待上传）/, "（" + event.detail.count + " 条待上传）");
    }
  });
})();
