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
  var MAX_LOG = 200;
  var PRIVACY = "Deel geen persoonsgegevens, zoals uw BSN.";
  var THANKS = "Bedankt voor uw reactie!";
  // Same two starting points as the bot's own greeting, so a first step needs no typing.
  var STARTERS = [
    { title: "Welke zorg past bij mij?", payload: "/start_wegwijzer" },
    { title: "Ik wil iemand spreken", payload: "/human_handoff" }
  ];

  // A municipality may pick any colour: text on it and accents on white must still reach
  // WCAG AA contrast (4.5:1), so the widget derives them instead of trusting the choice.
  function luminance(hex) {
    var rgb = [1, 3, 5].map(function (i) {
      var v = parseInt(hex.substr(i, 2), 16) / 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
  }
  function contrast(a, b) {
    var x = luminance(a), y = luminance(b);
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
  }
  var INK = contrast(COLOR, "#ffffff") >= contrast(COLOR, "#000000") ? "#ffffff" : "#000000";
  var ACCENT = contrast(COLOR, "#ffffff") >= 4.5 ? COLOR : "#1d4f91";

  var state = load();

  function load() {
    try {
      var s = JSON.parse(sessionStorage.getItem(STORE_KEY));
      if (s && Array.isArray(s.log)) return s;
    } catch (e) { /* storage blocked or damaged: start fresh */ }
    return { sessionId: null, log: [], open: false };
  }
  function save() {
    try { sessionStorage.setItem(STORE_KEY, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text != null) node.textContent = String(text);
    return node;
  }

  function externalLink(href, text) {
    var a = el("a", { href: href, target: "_blank", rel: "noopener noreferrer" }, text);
    a.appendChild(el("span", { class: "vh" }, " (opent in een nieuw venster)"));
    return a;
  }

  // Text with safe, clickable http(s) links: every piece is a text node or an <a> whose href
  // was checked; nothing is ever parsed as HTML.
  function richText(parent, text) {
    var parts = String(text).split(/(https?:\/\/[^\s<>"']+)/g);
    parts.forEach(function (part, i) {
      if (i % 2 === 1) {
        var url = part.replace(/[.,;:!?)]+$/, "");
        parent.appendChild(externalLink(url, url));
        if (part.length > url.length) parent.appendChild(document.createTextNode(part.slice(url.length)));
      } else if (part) {
        part.split("\n").forEach(function (line, j) {
          if (j > 0) parent.appendChild(el("br"));
          parent.appendChild(document.createTextNode(line));
        });
      }
    });
  }

  function thumb(down) {
    // Inline SVG: an emoji would depend on the visitor's fonts, an image on another request.
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(ns, "path");
    if (down) path.setAttribute("transform", "rotate(180 12 12)");
    path.setAttribute("d", "M2 21h4V9H2v12zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6v-.3c0-.4-.2-.8-.5-1.1L13.2 1 " +
      "6.6 7.6C6.2 8 6 8.5 6 9v10a2 2 0 0 0 2 2h9c.8 0 1.5-.5 1.8-1.2l3-7.1c.1-.2.2-.5.2-.7v-2z");
    svg.appendChild(path);
    return svg;
  }

  var css = [
    ":host{all:initial}",
    "*{box-sizing:border-box;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif}",
    "button{font:inherit;cursor:pointer;min-height:32px}",
    ".launcher{position:fixed;bottom:20px;" + POSITION + ":20px;z-index:2147483000;background:" + COLOR +
      ";color:" + INK + ";border:2px solid " + INK + ";border-radius:28px;padding:12px 20px;font-size:16px;" +
      "font-weight:600;box-shadow:0 2px 8px rgba(0,0,0,.35);max-width:calc(100vw - 40px)}",
    ".panel{position:fixed;bottom:20px;" + POSITION + ":20px;z-index:2147483001;width:380px;" +
      "max-width:calc(100vw - 16px);height:560px;max-height:calc(100vh - 40px);background:#fff;color:#1a1a1a;" +
      "border-radius:12px;box-shadow:0 4px 24px rgba(0,0,0,.35);display:flex;flex-direction:column;" +
      "overflow:hidden;font-size:16px;line-height:1.45}",
    ".panel[hidden],.launcher[hidden]{display:none}",
    "header{background:" + COLOR + ";color:" + INK + ";padding:8px 10px 8px 12px;display:flex;" +
      "flex-wrap:wrap;align-items:center;gap:6px}",
    "header h2{font-size:17px;line-height:1.25;margin:0;flex:1 1 140px;min-width:0;overflow-wrap:anywhere}",
    "header .sub{display:block;font-size:13px;font-weight:400}",
    ".tools{display:flex;gap:6px}",
    "header button{background:transparent;color:" + INK + ";border:1px solid " + INK +
      ";border-radius:6px;padding:4px 10px;font-size:14px}",
    ".log{flex:1;min-height:0;overflow-y:auto;overflow-x:hidden;padding:12px;display:flex;" +
      "flex-direction:column;gap:8px;background:#f6f7f9}",
    ".msg{max-width:88%;padding:9px 12px;border-radius:12px;overflow-wrap:anywhere;word-break:break-word}",
    ".bot{background:#fff;border:1px solid #c9ced6;align-self:flex-start}",
    ".user{background:" + COLOR + ";color:" + INK + ";align-self:flex-end;white-space:pre-wrap}",
    "a{color:#1d4f91}",
    ".choices{display:flex;flex-wrap:wrap;gap:6px;align-self:flex-start;max-width:100%}",
    ".choices button{background:#fff;color:" + ACCENT + ";border:2px solid " + ACCENT +
      ";border-radius:16px;padding:5px 12px;font-size:15px;text-align:left;max-width:100%}",
    ".choices button:hover{background:#e8eef7}",
    ".feedback{display:flex;flex-wrap:wrap;align-items:center;gap:6px;align-self:flex-start;" +
      "font-size:14px;color:#3d434b;margin-top:-4px}",
    ".feedback p{margin:0}",
    ".feedback button{display:inline-flex;align-items:center;justify-content:center;width:32px;height:32px;" +
      "padding:0;background:#fff;color:#1d4f91;border:1px solid #6b7280;border-radius:6px}",
    ".feedback button svg{width:18px;height:18px;fill:currentColor}",
    ".feedback button:hover{background:#e8eef7}",
    ".feedback button[aria-pressed=true]{background:#1d4f91;color:#fff;border-color:#1d4f91}",
    ".feedback button[aria-disabled=true]{cursor:default}",
    ".card{background:#fff8e1;border:1px solid #8a6d00;border-radius:10px;padding:10px 12px;" +
      "align-self:stretch;overflow-wrap:anywhere}",
    ".card h3{margin:0 0 4px;font-size:16px}",
    ".card p{margin:2px 0}",
    ".error{background:#fdecea;border:1px solid #a4262c;color:#5c0f12;align-self:stretch;max-width:100%}",
    ".error button{display:block;margin-top:6px;background:#a4262c;color:#fff;border:0;border-radius:6px;" +
      "padding:6px 12px;font-size:15px}",
    ".typing{align-self:flex-start;color:#4a4f57;font-style:italic}",
    "form{display:flex;gap:6px;padding:8px 10px;border-top:1px solid #c9ced6;background:#fff}",
    ".vh{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}",
    "textarea{flex:1;min-width:0;resize:none;border:1px solid #6b7280;border-radius:8px;padding:9px 8px;" +
      "font:inherit;font-size:16px;line-height:1.4;height:44px;max-height:120px;color:#1a1a1a;background:#fff}",
    "textarea::placeholder{color:#5f6670;opacity:1}",
    "form button{background:" + COLOR + ";color:" + INK + ";border:0;border-radius:8px;padding:0 14px;" +
      "font-size:16px;min-height:44px;align-self:flex-end}",
    ".privacy{margin:0;padding:0 12px 8px;font-size:13px;color:#3d434b;background:#fff}",
    ".privacy a{color:" + ACCENT + "}",
    ".privacy button{font:inherit;font-size:13px;color:" + ACCENT + ";background:none;border:0;padding:2px 0;" +
      "margin-left:8px;text-decoration:underline;cursor:pointer;min-height:24px}",
    // Two rings, dark outside and white inside, so focus shows on any page and on any colour.
    "button:focus-visible,textarea:focus-visible,a:focus-visible,[tabindex]:focus-visible{" +
      "outline:3px solid #0b0c0c;outline-offset:2px;box-shadow:0 0 0 2px #fff}",
    ".log:focus-visible{outline-offset:-3px;box-shadow:inset 0 0 0 5px #fff}",
    "textarea:focus{border-color:#0b0c0c}",
    "@media (prefers-reduced-motion:no-preference){.msg,.card,.choices,.feedback{animation:zww-in .2s ease-out}" +
      ".typing{animation:zww-pulse 1.2s ease-in-out infinite}}",
    "@keyframes zww-in{from{opacity:0;transform:translateY(4px)}to{opacity:1;transform:none}}",
    "@keyframes zww-pulse{50%{opacity:.55}}",
    // Small screens and strong zoom (200% on a laptop leaves about 640x360 CSS pixels): the
    // panel takes the whole viewport so the conversation keeps as much room as possible.
    "@media (max-width:480px),(max-height:480px){.panel{top:0;left:0;right:0;bottom:0;width:auto;" +
      "max-width:none;height:auto;max-height:none;border-radius:0}.launcher{bottom:10px;" + POSITION + ":10px}}",
    "@media (max-height:480px){.log{padding:8px}header h2{font-size:16px}}",
    "@media (forced-colors:active){.launcher,.panel,.msg,.card,button{border:1px solid CanvasText}}"
  ].join("\n");

  var host = el("div", { id: "zorgwegwijzer-widget", lang: "nl" });
  var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
  var style = el("style"); style.textContent = css; root.appendChild(style);

  // A landmark keeps the widget findable with a screen reader's landmark list.
  var region = el("aside", { "aria-label": "Chat met de Zorgwegwijzer" });
  var launcher = el("button", { class: "launcher", type: "button", "aria-haspopup": "dialog",
    "aria-expanded": "false", "aria-controls": "zww-panel" }, "Chat: vragen over zorg");
  var panel = el("section", { id: "zww-panel", class: "panel", role: "dialog", "aria-modal": "false",
    "aria-labelledby": "zww-title" });
  panel.hidden = true;
  var header = el("header");
  // Reads as one name ("Zorgwegwijzer van ..."), shows as a title with the municipality below.
  var title = el("h2", { id: "zww-title" }, "Zorgwegwijzer");
  title.appendChild(el("span", { class: "vh" }, " van "));
  title.appendChild(el("span", { class: "sub" }, NAME));
  var tools = el("div", { class: "tools" });
  var restart = el("button", { type: "button" }, "Nieuw gesprek");
  var close = el("button", { type: "button", "aria-label": "Chat sluiten" }, "Sluiten");
  tools.appendChild(restart); tools.appendChild(close);
  header.appendChild(title); header.appendChild(tools);
  // role=log is a polite live region: screen readers read what is appended, and only that.
  var log = el("div", { class: "log", role: "log", "aria-live": "polite", "aria-relevant": "additions",
    "aria-label": "Gesprek", tabindex: "0" });
  var form = el("form");
  var label = el("label", { class: "vh", for: "zww-input" }, "Uw bericht");
  var input = el("textarea", { id: "zww-input", rows: "1", maxlength: "1000", autocomplete: "off",
    placeholder: "Typ uw vraag" });
  var send = el("button", { type: "submit" }, "Verstuur");
  form.appendChild(label); form.appendChild(input); form.appendChild(send);
  var privacy = el("p", { class: "privacy" }, PRIVACY + " ");
  // What is stored and how to reach a person: the API's /privacy page, built from its settings.
  privacy.appendChild(externalLink(API + "/privacy", "Privacy"));
  // Removes the conversation and its feedback from the server at once (DELETE /api/session),
  // not only from this browser as "Nieuw gesprek" does.
  var forget = el("button", { type: "button", class: "forget" }, "Gesprek wissen");
  privacy.appendChild(forget);
  panel.appendChild(header); panel.appendChild(log); panel.appendChild(form); panel.appendChild(privacy);
  region.appendChild(launcher); region.appendChild(panel);
  root.appendChild(region);

  var busy = false;

  function scroll() { log.scrollTop = log.scrollHeight; }

  function choices(buttons) {
    var group = el("div", { class: "choices", role: "group", "aria-label": "Keuzes" });
    buttons.forEach(function (b) {
      var btn = el("button", { type: "button" }, b.title);
      btn.addEventListener("click", function () {
        if (busy) return;
        group.remove();
        // The pressed button is gone; keep the keyboard user inside the chat.
        input.focus();
        submit(String(b.payload), String(b.title));
      });
      group.appendChild(btn);
    });
    return group;
  }

  function feedback(entry) {
    // Icons only: a visible "Ja/Nee" would be mistaken for answers to the bot's own questions.
    var group = el("div", { class: "feedback", role: "group", "aria-label": "Beoordeel dit antwoord" });
    var up = el("button", { type: "button", "aria-pressed": "false", "aria-label": "Nuttig", title: "Nuttig" });
    var down = el("button", { type: "button", "aria-pressed": "false", "aria-label": "Niet nuttig",
      title: "Niet nuttig" });
    up.appendChild(thumb(false));
    down.appendChild(thumb(true));
    group.appendChild(up); group.appendChild(down);

    function settle() {
      // aria-disabled, not disabled: the focused button keeps focus after the vote.
      [up, down].forEach(function (b) {
        b.setAttribute("aria-disabled", "true");
        b.setAttribute("aria-pressed", String(entry.vote === (b === up ? "up" : "down")));
      });
      group.appendChild(el("p", null, THANKS));
    }
    var sending = false;  // in memory only: a reload halfway must not block voting forever
    function vote(rating) {
      if (entry.vote || sending) return;
      sending = true;
      fetch(API + "/api/feedback", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        // Only what identifies the answer: never the text of the conversation.
        body: JSON.stringify({ session_id: state.sessionId, answer_key: entry.answerKey, rating: rating })
      }).then(function (res) {
        if (!res.ok) throw new Error(String(res.status));
        entry.vote = rating; save();
        var failed = group.querySelector(".fb-error");
        if (failed) failed.remove();
        settle();
      }).catch(function () {
        if (!group.querySelector(".fb-error")) {
          group.appendChild(el("p", { class: "fb-error" }, "Uw reactie is niet verstuurd. Probeer het later opnieuw."));
        }
      }).then(function () { sending = false; });
    }
    up.addEventListener("click", function () { vote("up"); });
    down.addEventListener("click", function () { vote("down"); });
    if (entry.vote) settle();
    return group;
  }

  function contactCard(c) {
    var name = String(c.name || NAME);
    var card = el("div", { class: "card", role: "group", "aria-label": "Contact met " + name });
    card.appendChild(el("h3", null, "Contact met " + name));
    if (c.phone) {
      var p = el("p", null, "Telefoon: ");
      var digits = String(c.phone).replace(/[^0-9+]/g, "");
      if (digits) p.appendChild(el("a", { href: "tel:" + digits }, c.phone));
      else p.appendChild(document.createTextNode(c.phone));
      card.appendChild(p);
    }
    if (c.hours) card.appendChild(el("p", null, "Bereikbaar: " + c.hours));
    if (/^https?:\/\//i.test(c.url || "")) {
      var lp = el("p");
      lp.appendChild(externalLink(String(c.url), "Naar de contactpagina"));
      card.appendChild(lp);
    }
    return card;
  }

  function render(entry) {
    if (entry.from === "user") {
      log.appendChild(el("div", { class: "msg user" }, entry.text));
    } else if (entry.from === "bot") {
      if (entry.text) {
        var m = el("div", { class: "msg bot" });
        richText(m, entry.text);
        log.appendChild(m);
        if (entry.answerKey) log.appendChild(feedback(entry));
      }
      if (entry.handoff && typeof entry.handoff === "object") log.appendChild(contactCard(entry.handoff));
      if (entry.live && entry.buttons && entry.buttons.length) log.appendChild(choices(entry.buttons));
    }
  }

  function renderAll() {
    log.textContent = "";
    log.appendChild(el("div", { class: "msg bot" }, GREETING));
    if (!state.log.length) log.appendChild(choices(STARTERS));
    state.log.forEach(render);
    scroll();
  }

  // Appends only the new entry: re-rendering the log would make screen readers repeat it all.
  function add(entry) {
    // Only the newest bot buttons stay clickable: older choices are history.
    state.log.forEach(function (e) { e.live = false; });
    Array.prototype.forEach.call(log.querySelectorAll(".choices"), function (g) { g.remove(); });
    state.log.push(entry);
    if (state.log.length > MAX_LOG) state.log = state.log.slice(-MAX_LOG);
    save();
    render(entry);
    scroll();
  }

  function showError(text, retry) {
    var box = el("div", { class: "msg error", role: "alert" });
    box.appendChild(el("span", null, text));
    if (retry) {
      var again = el("button", { type: "button" }, "Opnieuw proberen");
      again.addEventListener("click", function () {
        if (busy) return;
        box.remove();
        input.focus();
        retry();
      });
      box.appendChild(again);
    }
    log.appendChild(box);
    scroll();
  }

  function detail(body, fallback) {
    return body && typeof body.detail === "string" && body.detail ? body.detail : fallback;
  }

  function submit(message, shown) {
    if (busy || !message.trim()) return false;
    add({ from: "user", text: shown || message });
    ask(message);
    return true;
  }

  function ask(message) {
    busy = true;
    // An older error and its retry button belong to a question that is no longer the last one.
    Array.prototype.forEach.call(log.querySelectorAll(".error"), function (e) { e.remove(); });
    var typing = el("div", { class: "typing", "aria-hidden": "true" }, "De wegwijzer typt…");
    log.appendChild(typing); scroll();
    var retry = function () { ask(message); };
    function done() { typing.remove(); busy = false; }
    fetch(API + "/api/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ session_id: state.sessionId, message: message })
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (body) {
        return { status: res.status, body: body };
      });
    }).then(function (r) {
      done();
      if (r.status === 200 && r.body && typeof r.body.session_id === "string") {
        state.sessionId = r.body.session_id;
        save();
        (r.body.messages || []).forEach(function (m) {
          add({ from: "bot", text: m.text, buttons: m.buttons || [], handoff: m.handoff,
            answerKey: typeof m.answer_key === "string" ? m.answer_key : null, live: true });
        });
      } else if (r.status === 429) {
        showError(detail(r.body, "U stuurt veel berichten kort na elkaar. Wacht even en probeer het opnieuw."), retry);
      } else if (r.status === 413 || r.status === 422) {
        showError(detail(r.body, "Dit bericht kan ik niet versturen. Maak het korter of pas het aan."), null);
      } else {
        showError(detail(r.body, "Er ging iets mis. Probeer het opnieuw."), retry);
      }
    }).catch(function () {
      done();
      showError("Geen verbinding. Controleer uw internet en probeer het opnieuw.", retry);
    });
  }

  function show() {
    panel.hidden = false; launcher.hidden = true;
    launcher.setAttribute("aria-expanded", "true");
  }
  function open() {
    state.open = true; save();
    // Fill the log before showing it, so opening does not read out the whole history.
    renderAll();
    show();
    scroll();
    input.focus();
  }
  function shut() {
    state.open = false; save();
    panel.hidden = true; launcher.hidden = false;
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }

  function fitInput() {
    input.style.height = "";
    if (input.scrollHeight > input.clientHeight) input.style.height = Math.min(input.scrollHeight + 2, 120) + "px";
  }

  function forgetConversation() {
    if (busy) return;
    var id = state.sessionId;
    function cleared() {
      state = { sessionId: null, log: [], open: true };
      save();
      renderAll();
      log.appendChild(el("div", { class: "msg bot" }, "Uw gesprek is gewist."));
      input.focus();
    }
    if (!id) { cleared(); return; }
    busy = true;
    fetch(API + "/api/session/" + encodeURIComponent(id), { method: "DELETE" }).then(function (res) {
      busy = false;
      if (res.status !== 204) throw new Error(String(res.status));
      cleared();
    }).catch(function () {
      busy = false;
      showError("Het gesprek is niet gewist. Probeer het later opnieuw.", forgetConversation);
    });
  }

  forget.addEventListener("click", forgetConversation);
  launcher.addEventListener("click", open);
  close.addEventListener("click", shut);
  restart.addEventListener("click", function () {
    state = { sessionId: null, log: [], open: true };
    save();
    renderAll();
    input.focus();
  });
  panel.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { e.preventDefault(); shut(); }
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    // Keep what was typed when a previous question is still on its way.
    if (submit(input.value)) { input.value = ""; fitInput(); }
  });
  input.addEventListener("input", fitInput);
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      if (form.requestSubmit) form.requestSubmit(); else form.dispatchEvent(new Event("submit", { cancelable: true }));
    }
  });

  function mount() {
    document.body.appendChild(host);
    if (state.open) { renderAll(); show(); scroll(); }
  }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();
