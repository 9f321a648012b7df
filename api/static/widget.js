/*
 * Zorgwegwijzer chat widget. One-line embed:
 *   <script src="https://HOST/widget.js" data-api="https://HOST" defer></script>
 * Optional: data-name (municipality), data-color (#rrggbb), data-greeting, data-position
 * ("right" | "left").
 * No framework, no build step, no third-party requests. Everything the bot or the user says
 * is rendered as text (textContent), never as HTML; only http(s) links become clickable.
 */
(function () {
  "use strict";
  if (window.__zorgwegwijzerLoaded) return;
  window.__zorgwegwijzerLoaded = true;

  var script = document.currentScript || document.querySelector("script[src*='widget.js']");
  var data = (script && script.dataset) || {};
  var API = (data.api || (script ? new URL(script.src, location.href).origin : "")).replace(/\/$/, "");
  var NAME = data.name || "de gemeente";
  var COLOR = /^#[0-9a-fA-F]{6}$/.test(data.color || "") ? data.color : "#1d4f91";
  var POSITION = data.position === "left" ? "left" : "right";
  var GREETING = data.greeting || "Hallo! Stel uw vraag over zorg en ondersteuning thuis.";
  var STORE_KEY = "zorgwegwijzer";
  var PRIVACY = "Deel geen persoonsgegevens, zoals uw BSN.";

  var state = load() || { sessionId: null, log: [], open: false };

  function load() {
    try { return JSON.parse(sessionStorage.getItem(STORE_KEY)); } catch (e) { return null; }
  }
  function save() {
    try { sessionStorage.setItem(STORE_KEY, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text != null) node.textContent = text;
    return node;
  }

  // Text with safe, clickable http(s) links: every piece is a text node or an <a> whose href
  // was checked; nothing is ever parsed as HTML.
  function richText(parent, text) {
    var parts = String(text).split(/(https?:\/\/[^\s<>"']+)/g);
    parts.forEach(function (part, i) {
      if (i % 2 === 1) {
        var url = part.replace(/[.,;:!?)]+$/, "");
        var rest = part.slice(url.length);
        var a = el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, url);
        parent.appendChild(a);
        if (rest) parent.appendChild(document.createTextNode(rest));
      } else if (part) {
        part.split("\n").forEach(function (line, j) {
          if (j > 0) parent.appendChild(el("br"));
          parent.appendChild(document.createTextNode(line));
        });
      }
    });
  }

  var css = [
    ":host{all:initial}",
    "*{box-sizing:border-box;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif}",
    ".launcher{position:fixed;bottom:20px;" + POSITION + ":20px;z-index:2147483000;background:" + COLOR +
      ";color:#fff;border:2px solid #fff;border-radius:28px;padding:14px 20px;font-size:16px;font-weight:600;" +
      "cursor:pointer;box-shadow:0 2px 8px rgba(0,0,0,.35)}",
    ".panel{position:fixed;bottom:20px;" + POSITION + ":20px;z-index:2147483001;width:380px;max-width:calc(100vw - 16px);" +
      "height:560px;max-height:calc(100vh - 40px);background:#fff;color:#1a1a1a;border-radius:12px;" +
      "box-shadow:0 4px 24px rgba(0,0,0,.35);display:flex;flex-direction:column;overflow:hidden;font-size:16px}",
    ".panel[hidden],.launcher[hidden]{display:none}",
    "header{background:" + COLOR + ";color:#fff;padding:10px 12px;display:flex;align-items:center;gap:8px}",
    "header h2{font-size:17px;margin:0;flex:1}",
    "header button{background:transparent;color:#fff;border:1px solid #fff;border-radius:6px;padding:6px 10px;font-size:14px;cursor:pointer}",
    ".log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px;background:#f6f7f9}",
    ".msg{max-width:88%;padding:9px 12px;border-radius:12px;line-height:1.45;word-wrap:break-word;overflow-wrap:anywhere}",
    ".bot{background:#fff;border:1px solid #c9ced6;align-self:flex-start}",
    ".user{background:" + COLOR + ";color:#fff;align-self:flex-end}",
    ".bot a{color:#1d4f91}",
    ".user a{color:#fff}",
    ".choices{display:flex;flex-wrap:wrap;gap:6px;align-self:flex-start;max-width:100%}",
    ".choices button{background:#fff;color:#1d4f91;border:2px solid #1d4f91;border-radius:16px;padding:6px 12px;font-size:15px;cursor:pointer}",
    ".card{background:#fff8e1;border:1px solid #8a6d00;border-radius:10px;padding:10px 12px;align-self:stretch}",
    ".card h3{margin:0 0 4px;font-size:16px}",
    ".card p{margin:2px 0}",
    ".card a{color:#1d4f91}",
    ".error{background:#fdecea;border:1px solid #a4262c;color:#5c0f12;align-self:stretch}",
    ".error button{margin-top:6px;background:#a4262c;color:#fff;border:0;border-radius:6px;padding:6px 12px;font-size:15px;cursor:pointer}",
    ".typing{align-self:flex-start;color:#4a4f57;font-style:italic}",
    "form{display:flex;gap:6px;padding:10px;border-top:1px solid #c9ced6;background:#fff}",
    "label.vh,.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}",
    "textarea{flex:1;resize:none;border:1px solid #6b7280;border-radius:8px;padding:8px;font-size:16px;min-height:44px;max-height:120px;color:#1a1a1a}",
    "form button{background:" + COLOR + ";color:#fff;border:0;border-radius:8px;padding:0 14px;font-size:16px;cursor:pointer;min-height:44px}",
    ".privacy{margin:0;padding:6px 12px 10px;font-size:13px;color:#3d434b;background:#fff}",
    "button:focus-visible,textarea:focus-visible,a:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}",
    "@media (prefers-reduced-motion:no-preference){.msg{animation:in .15s ease-out}@keyframes in{from{opacity:0;transform:translateY(4px)}to{opacity:1}}}",
    "@media (max-width:480px){.panel{left:0;right:0;bottom:0;width:100vw;max-width:100vw;height:100vh;max-height:100vh;border-radius:0}}"
  ].join("\n");

  var host = el("div", { id: "zorgwegwijzer-widget" });
  var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
  var style = el("style"); style.textContent = css; root.appendChild(style);

  var launcher = el("button", { class: "launcher", type: "button", "aria-haspopup": "dialog",
    "aria-expanded": "false" }, "Chat: vragen over zorg");
  var panel = el("section", { class: "panel", role: "dialog", "aria-modal": "false",
    "aria-labelledby": "zww-title" });
  panel.hidden = true;
  var header = el("header");
  var title = el("h2", { id: "zww-title" }, "Zorgwegwijzer van " + NAME);
  var restart = el("button", { type: "button" }, "Nieuw gesprek");
  var close = el("button", { type: "button", "aria-label": "Chat sluiten" }, "Sluiten");
  header.appendChild(title); header.appendChild(restart); header.appendChild(close);
  var log = el("div", { class: "log", role: "log", "aria-live": "polite", "aria-relevant": "additions",
    "aria-label": "Gesprek", tabindex: "0" });
  var form = el("form");
  var inputId = "zww-input";
  var label = el("label", { class: "vh", for: inputId }, "Uw bericht");
  var input = el("textarea", { id: inputId, rows: "1", maxlength: "1000", autocomplete: "off",
    placeholder: "Typ uw vraag" });
  var send = el("button", { type: "submit" }, "Verstuur");
  form.appendChild(label); form.appendChild(input); form.appendChild(send);
  var privacy = el("p", { class: "privacy" }, PRIVACY);
  panel.appendChild(header); panel.appendChild(log); panel.appendChild(form); panel.appendChild(privacy);
  root.appendChild(launcher); root.appendChild(panel);

  var busy = false;
  var lastFailed = null;

  function scroll() { log.scrollTop = log.scrollHeight; }

  function renderEntry(entry) {
    if (entry.from === "user") {
      log.appendChild(el("div", { class: "msg user" }, entry.text));
    } else if (entry.from === "bot") {
      if (entry.text) {
        var m = el("div", { class: "msg bot" });
        richText(m, entry.text);
        log.appendChild(m);
      }
      if (entry.handoff) log.appendChild(contactCard(entry.handoff));
      if (entry.buttons && entry.buttons.length && entry.live) {
        var group = el("div", { class: "choices", role: "group", "aria-label": "Keuzes" });
        entry.buttons.forEach(function (b) {
          var btn = el("button", { type: "button" }, b.title);
          btn.addEventListener("click", function () { choose(b, group); });
          group.appendChild(btn);
        });
        log.appendChild(group);
      }
    }
    scroll();
  }

  function contactCard(c) {
    var card = el("div", { class: "card", role: "group", "aria-label": "Contact met " + c.name });
    card.appendChild(el("h3", null, "Contact met " + c.name));
    card.appendChild(el("p", null, "Telefoon: " + c.phone));
    card.appendChild(el("p", null, c.hours));
    if (/^https?:\/\//.test(c.url)) {
      var p = el("p");
      p.appendChild(el("a", { href: c.url, target: "_blank", rel: "noopener noreferrer" }, "Naar de contactpagina"));
      card.appendChild(p);
    }
    return card;
  }

  function renderAll() {
    log.textContent = "";
    if (!state.log.length) renderEntry({ from: "bot", text: GREETING });
    state.log.forEach(renderEntry);
  }

  function add(entry) {
    // Only the newest bot buttons stay clickable: older choices are history.
    state.log.forEach(function (e) { e.live = false; });
    state.log.push(entry);
    if (state.log.length > 200) state.log = state.log.slice(-200);
    save();
    renderAll();
  }

  function choose(button, group) {
    group.remove();
    submit(button.payload, button.title);
  }

  function showError(text, retry) {
    var box = el("div", { class: "msg error", role: "alert" });
    box.appendChild(document.createTextNode(text));
    if (retry) {
      var again = el("button", { type: "button" }, "Opnieuw proberen");
      again.addEventListener("click", function () { box.remove(); retry(); });
      box.appendChild(el("br"));
      box.appendChild(again);
    }
    log.appendChild(box);
    scroll();
  }

  function submit(message, shown) {
    if (busy || !message.trim()) return;
    busy = true;
    add({ from: "user", text: shown || message });
    var typing = el("div", { class: "typing", "aria-hidden": "true" }, "De wegwijzer typt…");
    log.appendChild(typing); scroll();
    var retry = function () { state.log.pop(); save(); submit(message, shown); };
    fetch(API + "/api/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ session_id: state.sessionId, message: message })
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (body) {
        return { status: res.status, body: body };
      });
    }).then(function (r) {
      typing.remove();
      busy = false;
      if (r.status === 200) {
        state.sessionId = r.body.session_id;
        (r.body.messages || []).forEach(function (m) {
          add({ from: "bot", text: m.text, buttons: m.buttons || [], handoff: m.handoff, live: true });
        });
      } else if (r.status === 429) {
        showError("U stuurt veel berichten kort na elkaar. Wacht even en probeer het opnieuw.", retry);
      } else if (r.status === 413) {
        showError((r.body && r.body.detail) || "Uw bericht is te lang.", null);
      } else {
        showError((r.body && r.body.detail) || "Er ging iets mis. Probeer het opnieuw.", retry);
      }
    }).catch(function () {
      typing.remove();
      busy = false;
      showError("Geen verbinding. Controleer uw internet en probeer het opnieuw.", retry);
    });
  }

  function open() {
    state.open = true; save();
    panel.hidden = false; launcher.hidden = true;
    launcher.setAttribute("aria-expanded", "true");
    renderAll();
    input.focus();
  }
  function shut() {
    state.open = false; save();
    panel.hidden = true; launcher.hidden = false;
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }

  launcher.addEventListener("click", open);
  close.addEventListener("click", shut);
  restart.addEventListener("click", function () {
    state = { sessionId: null, log: [], open: true }; save(); renderAll(); input.focus();
  });
  panel.addEventListener("keydown", function (e) { if (e.key === "Escape") shut(); });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value;
    input.value = "";
    submit(text);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit")); }
  });

  function mount() {
    document.body.appendChild(host);
    if (state.open) { panel.hidden = false; launcher.hidden = true; launcher.setAttribute("aria-expanded", "true"); renderAll(); }
  }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();
