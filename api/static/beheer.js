/*
 * /beheer: sends the token as a Bearer header and shows the report the server renders.
 * The token lives only in the password field of this tab: no cookie, no storage. The report is
 * HTML from our own server with every value escaped; it is parsed with DOMParser (which never
 * runs scripts) and moved into the page, and the CSP allows no inline script anyway.
 */
(function () {
  "use strict";
  var form = document.getElementById("login");
  var token = document.getElementById("token");
  var from = document.getElementById("from");
  var to = document.getElementById("to");
  var show = document.getElementById("show");
  var csv = document.getElementById("csv");
  var status = document.getElementById("status");
  var report = document.getElementById("report");

  function query() {
    return "?from=" + encodeURIComponent(from.value) + "&to=" + encodeURIComponent(to.value);
  }

  function ask(path) {
    return fetch(path + query(), {
      headers: { Authorization: "Bearer " + token.value },
      cache: "no-store",
      credentials: "omit"
    });
  }

  function problem(response) {
    if (response.status === 401) {
      csv.disabled = true;
      report.replaceChildren();
      token.focus();
      return "Het token klopt niet. Probeer het opnieuw.";
    }
    if (response.status === 429) return "Te veel pogingen. Wacht een minuut en probeer het opnieuw.";
    return response.json().then(function (body) {
      var first = body && body.errors && body.errors[0];
      return (first && first.message) || (body && body.detail) || "Er ging iets mis.";
    }, function () { return "Er ging iets mis."; });
  }

  function load() {
    status.textContent = "Bezig met laden...";
    show.disabled = true;
    return ask("/beheer/api/report").then(function (response) {
      if (!response.ok) return Promise.resolve(problem(response)).then(function (text) { status.textContent = text; });
      return response.text().then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        report.replaceChildren.apply(report, Array.prototype.slice.call(doc.body.childNodes));
        csv.disabled = false;
        status.textContent = "Inzicht geladen voor " + from.value + " tot en met " + to.value + ".";
      });
    }, function () {
      status.textContent = "De server is niet bereikbaar.";
    }).then(function () { show.disabled = false; });
  }

  function download() {
    status.textContent = "CSV wordt gemaakt...";
    ask("/beheer/api/insights.csv").then(function (response) {
      if (!response.ok) return Promise.resolve(problem(response)).then(function (text) { status.textContent = text; });
      return response.blob().then(function (blob) {
        var link = document.createElement("a");
        link.href = URL.createObjectURL(blob);
        link.download = "zorgwegwijzer-inzicht-" + from.value + "-" + to.value + ".csv";
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
        status.textContent = "CSV gedownload.";
      });
    }, function () { status.textContent = "De server is niet bereikbaar."; });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    load();
  });
  csv.addEventListener("click", download);
})();
