/* mkdocs-diffusion: the filter of the "all papers" page.
 *
 * A row names its year (data-year), categories, venue and tags by their option's number in the
 * form's selects (data-cat, data-venue, data-tag: "|"-separated numbers). The text filter keeps
 * a row when every word is in its text (title, authors, tags, venue, categories; NFKC,
 * lower-cased); the whole summaries (and the authors a row leaves out) are in a side file
 * (form data-search) loaded when a word is first typed, and "more" shows a summary whole. The
 * "download BibTeX" button assembles the shown rows' entries from another side file
 * (data-bibtex) into one .bib file. The filter state stays in the URL query
 * (?text=...&year=...&cat=...&venue=...&tag=...): a reload, the back button or a shared link
 * gives the same view.
 * Every word shown comes from the page (data-* attributes filled from the site's messages).
 * No dependencies; data is only ever written with textContent / value, never innerHTML.
 * Works with Material's instant navigation (document$) and without it (DOMContentLoaded).
 */
(function () {
  "use strict";

  // Not "q": Material for MkDocs opens its search dialog for ?q=...
  var PARAMS = ["text", "year", "cat", "venue", "tag"];
  var UNKNOWN = "unknown";

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

  /* ?venue=CVPR%202023 (a venue as written) finds the option "cvpr": the year has its own control. */
  function venueKey(venue) {
    return norm(String(venue || "")
      .replace(/(^|[^0-9])'?(?:19|20)\d{2}(?![0-9])/g, "$1 ")
      .replace(/([A-Za-z])'?\d{2}(?![0-9])/g, "$1 ")
      .replace(/\s*([.,;:])\s*/g, "$1 ")
      .replace(/^[\s.,;:/]+|[\s.,;:/]+$/g, "")
      .replace(/\s+/g, " "));
  }

  function optionValues(select) {
    if (!select) return [];
    return Array.prototype.slice.call(select.options, 1).map(function (o) { return o.value; });
  }
  function named(el, attribute, values) {
    var raw = el.getAttribute(attribute);
    if (!raw) return [];
    return raw.split("|").map(function (n) { return values[Number(n)]; }).filter(function (v) { return v !== undefined; });
  }

  var loaded = {};  // URL -> promise of the parsed JSON (one request per file and page load)
  function load(url) {
    if (!url) return Promise.reject(new Error("no URL"));
    if (!loaded[url]) {
      loaded[url] = fetch(url, {credentials: "same-origin"}).then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      });
      loaded[url].catch(function () { delete loaded[url]; });
    }
    return loaded[url];
  }

  function setup(form) {
    if (form.getAttribute("data-mdd-ready")) return;
    form.setAttribute("data-mdd-ready", "1");
    var target = document.getElementById(form.getAttribute("aria-controls") || "mdd-papers");
    if (!target) return;
    var controls = {};
    PARAMS.forEach(function (name) { controls[name] = form.querySelector("[name=" + name + "]"); });
    var count = form.querySelector("output");
    var status = form.querySelector(".mdd-status");
    var bibtex = form.querySelector(".mdd-bibtex");
    var empty = target.querySelector(".mdd-empty");
    var cats = optionValues(controls.cat), venues = optionValues(controls.venue), tags = optionValues(controls.tag);
    var rows = makeRows(target);
    if (!rows) return;
    rows.forEach(function (row) {
      var el = row.el;
      row.text = norm(el.cells[0].textContent + " " + el.cells[3].textContent);  // not the year and categories: they have controls
      row.year = el.getAttribute("data-year") || UNKNOWN;
      row.cats = named(el, "data-cat", cats);
      row.venue = named(el, "data-venue", venues)[0] || "";
      row.tags = named(el, "data-tag", tags);
      row.summary = el.querySelector(".mdd-sum");
      row.shown = true;
    });
    var searchLoaded = false;

    function say(text) {
      if (status) status.textContent = text || "";
    }
    function loadSearch() {
      if (searchLoaded) return;
      searchLoaded = true;  // asked once; a failure says so and keeps the in-page text
      say(form.getAttribute("data-loading"));
      load(form.getAttribute("data-search")).then(function (index) {
        say("");
        if (!Array.isArray(index) || index.length !== rows.length) throw new Error("index");
        rows.forEach(function (row, i) {
          var item = index[i];
          if (!Array.isArray(item)) return;
          row.full = String(item[0] || "");
          row.text += " " + norm(item.join(" "));
        });
        update(false);
      }).catch(function () {
        say(form.getAttribute("data-failed"));
      });
    }

    // "more" / "less" under each summary that is cut short
    rows.forEach(function (row) {
      var summary = row.summary;
      if (!summary || summary.className.indexOf("mdd-cut") === -1) return;
      var short = summary.textContent;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "mdd-more";
      button.textContent = form.getAttribute("data-more") || "…";
      button.setAttribute("aria-expanded", "false");
      summary.parentNode.insertBefore(button, summary.nextSibling);
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") !== "true";
        function show() {
          summary.textContent = open && row.full ? row.full : short;
          button.setAttribute("aria-expanded", String(open));
          button.textContent = form.getAttribute(open ? "data-less" : "data-more") || "…";
        }
        if (open && row.full === undefined) {
          loadSearch();
          load(form.getAttribute("data-search")).then(show, show);
        } else {
          show();
        }
      });
    });

    if (bibtex) {
      bibtex.addEventListener("click", function () {
        load(form.getAttribute("data-bibtex")).then(function (entries) {
          if (!Array.isArray(entries) || entries.length !== rows.length) throw new Error("bibtex");
          var parts = [];
          rows.forEach(function (row, i) { if (row.shown && typeof entries[i] === "string") parts.push(entries[i]); });
          var blob = new Blob([parts.join("\n\n") + "\n"], {type: "application/x-bibtex;charset=utf-8"});
          var link = document.createElement("a");
          link.href = URL.createObjectURL(blob);
          link.download = bibtex.getAttribute("data-file") || "papers.bib";
          document.body.appendChild(link);
          link.click();
          link.remove();
          window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
        }).catch(function () {
          say(form.getAttribute("data-failed"));
        });
      });
    }

    readQuery(controls);
    form.hidden = false;

    // The URL follows the filter: a new history entry for each step (a select, or the text once
    // typing starts again), replaced while the text is typed.
    var pending = 0, typing = false;
    function update(record) {
      pending = 0;
      var words = norm(controls.text ? controls.text.value : "").split(/\s+/).filter(Boolean);
      if (words.length) loadSearch();
      var year = controls.year ? controls.year.value : "";
      var cat = controls.cat ? controls.cat.value : "";
      var venue = controls.venue ? controls.venue.value : "";
      var tag = controls.tag ? controls.tag.value : "";
      var shown = 0;
      for (var i = 0; i < rows.length; i++) {
        var row = rows[i];
        var ok = (!year || row.year === year) &&
          (!cat || row.cats.indexOf(cat) !== -1) &&
          (!venue || row.venue === venue) &&
          (!tag || row.tags.indexOf(tag) !== -1);
        for (var w = 0; ok && w < words.length; w++) ok = row.text.indexOf(words[w]) !== -1;
        if (ok !== row.shown) {
          row.el.hidden = !ok;
          row.shown = ok;
        }
        if (ok) shown++;
      }
      if (count) {
        count.setAttribute("data-count", String(shown));
        count.textContent = countText(count, shown, rows.length);
      }
      if (bibtex) bibtex.disabled = shown === 0;
      if (empty) empty.hidden = shown !== 0;
      if (record !== false) writeQuery(controls, record === "push");
    }
    function later() {
      if (pending) return;
      pending = window.setTimeout(function () {
        update(typing ? "replace" : "push");
        typing = true;
      }, rows.length > 2000 ? 120 : 30);
    }
    function step() {
      typing = false;
      update("push");
    }

    form.addEventListener("submit", function (event) { event.preventDefault(); step(); });
    form.addEventListener("reset", function () { window.setTimeout(step, 0); });
    if (controls.text) {
      controls.text.addEventListener("input", later);
      controls.text.addEventListener("change", function () { typing = false; });
    }
    ["year", "cat", "venue", "tag"].forEach(function (name) {
      if (controls[name]) controls[name].addEventListener("change", step);
    });
    // back and forward between filter states of this page
    window.addEventListener("popstate", function () {
      if (!document.body.contains(form)) return;
      PARAMS.forEach(function (name) { if (controls[name]) controls[name].value = ""; });
      readQuery(controls);
      update(false);
    });
    update(false);
  }

  /* The table's rows, made from the page's row text (see all_papers.md.j2): text only ever as
   * textContent, links only as the relative URLs the build computed. */
  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  }
  function link(href, text, className) {
    var a = element("a", className, text);
    href = String(href || "");
    a.setAttribute("href", /^[a-z][a-z0-9+.-]*:/i.test(href) ? "./" + href : href);  // never a scheme
    return a;
  }
  function makeRows(target) {
    var source = target.querySelector(".mdd-rows");
    var table = target.querySelector("table");
    var body = table && table.querySelector("tbody");
    if (!source || !body) return null;
    var lines = source.textContent.split("\n");
    var catLinks = lines[0].split("\x1f"), tagNames = lines[1].split("\x1f");
    function numbers(text) {
      return text ? text.split("|").map(Number) : [];
    }
    var catNames = Array.prototype.slice.call(document.querySelectorAll("#mdd-cat option"), 1).map(function (o) {
      return o.textContent.replace(/\s*\(\d+\)$/, "");
    });
    var fragment = document.createDocumentFragment();
    var rows = lines.slice(2).filter(Boolean).map(function (line) {
      var item = line.split("\x1f");
      var cats = numbers(item[4]), tags = numbers(item[7]);
      var tr = document.createElement("tr");
      tr.setAttribute("data-year", item[3] || "");
      tr.setAttribute("data-cat", item[4] || "");
      if (item[5]) tr.setAttribute("data-venue", item[5]);
      if (item[7]) tr.setAttribute("data-tag", item[7]);
      var first = element("td");
      first.appendChild(link(item[0], item[1], "mdd-title"));
      if (item[2]) {
        first.appendChild(document.createElement("br"));
        first.appendChild(element("span", "mdd-authors", item[2]));
      }
      tags.forEach(function (n) {
        first.appendChild(document.createTextNode(" "));
        first.appendChild(element("span", "mdd-tag", "#" + (tagNames[n] || "")));
      });
      if (item[8]) first.appendChild(element("div", item[9] === "1" ? "mdd-sum mdd-cut" : "mdd-sum", item[8]));
      tr.appendChild(first);
      tr.appendChild(element("td", "", item[3] || "\u2014"));
      var cell = element("td", "mdd-cats");
      cats.forEach(function (n, i) {
        if (i) cell.appendChild(document.createTextNode(", "));
        cell.appendChild(link(catLinks[n], catNames[n] || ""));
      });
      tr.appendChild(cell);
      tr.appendChild(element("td", "", item[6] || ""));
      fragment.appendChild(tr);
      return {el: tr};
    });
    body.textContent = "";
    body.appendChild(fragment);
    table.hidden = false;
    var note = target.querySelector(".mdd-needs-script");
    if (note) note.hidden = true;
    return rows;
  }

  function readQuery(controls) {
    var params = new URLSearchParams(window.location.search);
    PARAMS.forEach(function (name) {
      var control = controls[name];
      if (!control || !params.has(name)) return;
      var value = params.get(name);
      if (control.tagName === "SELECT") {
        var has = function (v) { return Array.prototype.some.call(control.options, function (o) { return o.value === v; }); };
        if (!has(value)) value = name === "venue" ? venueKey(value) : norm(value).trim();
        if (!has(value)) return;  // an unknown value leaves the control as it is
      }
      control.value = value;
    });
  }

  function writeQuery(controls, push) {
    if (!window.history || !window.history.replaceState) return;
    var params = new URLSearchParams(window.location.search);
    PARAMS.forEach(function (name) {
      var control = controls[name];
      var value = control ? control.value.trim() : "";
      if (value) params.set(name, value); else params.delete(name);
    });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    if (url === window.location.pathname + window.location.search + window.location.hash) return;
    if (push) window.history.pushState(window.history.state, "", url);
    else window.history.replaceState(window.history.state, "", url);
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
