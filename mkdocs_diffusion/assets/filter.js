/* mkdocs-diffusion: the filter of the "all papers" page.
 *
 * Reads the rows' data-year, data-categories ("|"-separated), data-venue and data-text
 * attributes; filters by text (every word a case-insensitive substring of title, authors and
 * venue), year, category and venue; updates the count; keeps the filter in the URL query
 * (?text=...&year=...&cat=...&venue=...) so a filtered view can be shared.
 * No dependencies; data is only ever written with textContent / value, never innerHTML.
 * Works with Material's instant navigation (document$) and without it (DOMContentLoaded).
 */
(function () {
  "use strict";

  // Not "q": Material for MkDocs opens its search dialog for ?q=...
  var PARAMS = ["text", "year", "cat", "venue"];
  var UNKNOWN = "unknown";

  // The count's words come from the page (data-one, data-other, data-of: "{n}", "{total}"),
  // in the site's language; the script has none of its own.
  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (all, name) {
      return name in values ? String(values[name]) : all;
    });
  }
  function countText(el, shown, total) {
    var papers = fill(el.getAttribute(shown === 1 ? "data-one" : "data-other") || "{n}", {n: shown});
    if (shown === total) return papers;
    return fill(el.getAttribute("data-of") || "{n} / {total}", {n: papers, total: total});
  }
  function norm(text) {
    text = String(text || "");
    if (text.normalize) text = text.normalize("NFKC");
    return text.toLowerCase();
  }

  /* "CVPR 2023", "CVPR2023", "NeurIPS22", "CVPR '23" -> "cvpr": the year has its own control. */
  function venueLabel(venue) {
    return String(venue || "")
      .replace(/(^|[^0-9])'?(?:19|20)\d{2}(?![0-9])/g, "$1 ")
      .replace(/([A-Za-z])'?\d{2}(?![0-9])/g, "$1 ")
      .replace(/\s*[.,;:/]+\s*$/, "")
      .replace(/^\s*[.,;:/]+\s*/, "")
      .replace(/\s*([.,;:])\s*/g, "$1 ")
      .replace(/\s+/g, " ")
      .trim();
  }

  function venueKey(venue) {
    return norm(venueLabel(venue));
  }

  function setup(form) {
    if (form.getAttribute("data-mdd-ready")) return;
    form.setAttribute("data-mdd-ready", "1");
    var target = document.getElementById(form.getAttribute("aria-controls") || "mdd-papers");
    if (!target) return;
    var controls = {
      text: form.querySelector("[name=text]"),
      year: form.querySelector("[name=year]"),
      cat: form.querySelector("[name=cat]"),
      venue: form.querySelector("[name=venue]")
    };
    var count = form.querySelector("output");
    var empty = target.querySelector(".mdd-empty");
    var rows = Array.prototype.map.call(target.querySelectorAll("tr[data-text]"), function (el) {
      var venue = el.getAttribute("data-venue") || "";
      return {
        el: el,
        text: norm(el.getAttribute("data-text")),
        year: el.getAttribute("data-year") || UNKNOWN,
        cats: (el.getAttribute("data-categories") || "").split("|"),
        venue: venueKey(venue),
        venueLabel: venueLabel(venue),
        shown: true
      };
    });

    fillVenues(controls.venue, rows);
    readQuery(controls);
    form.hidden = false;

    var pending = 0;
    function update() {
      pending = 0;
      var words = norm(controls.text ? controls.text.value : "").split(/\s+/).filter(Boolean);
      var year = controls.year ? controls.year.value : "";
      var cat = controls.cat ? controls.cat.value : "";
      var venue = controls.venue ? controls.venue.value : "";
      var shown = 0;
      for (var i = 0; i < rows.length; i++) {
        var row = rows[i];
        var ok = (!year || row.year === year) &&
          (!cat || row.cats.indexOf(cat) !== -1) &&
          (!venue || row.venue === venue);
        for (var w = 0; ok && w < words.length; w++) ok = row.text.indexOf(words[w]) !== -1;
        if (ok !== row.shown) {
          row.el.hidden = !ok;
          row.shown = ok;
        }
        if (ok) shown++;
      }
      if (count) {
        var total = rows.length;
        count.setAttribute("data-count", String(shown));
        count.textContent = countText(count, shown, total);
      }
      if (empty) empty.hidden = shown !== 0;
      writeQuery(controls);
    }
    function later() {
      if (!pending) pending = window.setTimeout(update, rows.length > 2000 ? 120 : 30);
    }

    form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
    form.addEventListener("reset", function () { window.setTimeout(update, 0); });
    if (controls.text) controls.text.addEventListener("input", later);
    ["year", "cat", "venue"].forEach(function (name) {
      if (controls[name]) controls[name].addEventListener("change", update);
    });
    update();
  }

  function fillVenues(select, rows) {
    if (!select) return;
    var groups = {};
    rows.forEach(function (row) {
      if (!row.venue) return;
      var group = groups[row.venue] || (groups[row.venue] = { count: 0, labels: {} });
      group.count++;
      group.labels[row.venueLabel] = (group.labels[row.venueLabel] || 0) + 1;
    });
    var keys = Object.keys(groups).map(function (key) {
      var labels = groups[key].labels;
      var label = Object.keys(labels).sort(function (a, b) { return labels[b] - labels[a] || (a < b ? -1 : 1); })[0];
      return { key: key, label: label, count: groups[key].count };
    });
    keys.sort(function (a, b) { return a.label.localeCompare(b.label, undefined, { sensitivity: "base" }); });
    keys.forEach(function (item) {
      var option = document.createElement("option");
      option.value = item.key;
      option.textContent = item.label + " (" + item.count + ")";
      select.appendChild(option);
    });
  }

  function readQuery(controls) {
    var params = new URLSearchParams(window.location.search);
    PARAMS.forEach(function (name) {
      var control = controls[name];
      if (!control || !params.has(name)) return;
      var value = params.get(name);
      if (control.tagName === "SELECT") {
        var has = function (v) { return Array.prototype.some.call(control.options, function (o) { return o.value === v; }); };
        if (!has(value) && name === "venue") value = venueKey(value);  // ?venue=CVPR%202023 works too
        if (!has(value)) return;  // an unknown value leaves the control as it is
      }
      control.value = value;
    });
  }

  function writeQuery(controls) {
    if (!window.history || !window.history.replaceState) return;
    var params = new URLSearchParams(window.location.search);
    PARAMS.forEach(function (name) {
      var control = controls[name];
      var value = control ? control.value.trim() : "";
      if (value) params.set(name, value); else params.delete(name);
    });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    if (url !== window.location.pathname + window.location.search + window.location.hash) {
      window.history.replaceState(window.history.state, "", url);
    }
  }

  function init() {
    var forms = document.querySelectorAll("form.mdd-filter");
    for (var i = 0; i < forms.length; i++) setup(forms[i]);
  }

  if (typeof window.document$ !== "undefined" && window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
