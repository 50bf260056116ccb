// The HTML report's script, inlined into the page: the current step of each chart, moved with the
// keyboard (↓/j, ↑/k, Home, End, PageDown, PageUp) or a click, and the state panel that shows the
// state after it (what changed marked with ✎ and the word "changed"). Plain ES2017, no libraries; it
// builds the panel with textContent only, so nothing from the checked program becomes markup.

export const REPORT_SCRIPT = String.raw`
(function () {
  "use strict";
  function h(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function rowsOf(state) {
    var out = [];
    if (!state) return out;
    var contents = {};
    state.objects.forEach(function (o) { contents[o[0]] = o[1]; });
    state.processes.forEach(function (p) {
      var group = { title: "pid " + p.pid + " — " + p.status, key: "pid " + p.pid, rows: [] };
      p.globals.forEach(function (g) { group.rows.push([g[0], g[1]]); });
      group.rows.push(["pending", p.pending.length ? p.pending.join(", ") : "—"]);
      p.threads.forEach(function (t) {
        var words = t.state + "; blocked: " + (t.mask.length ? t.mask.join(", ") : "none");
        if (t.pending.length) words += "; pending for the thread: " + t.pending.join(", ");
        if (t.handlers.length) words += "; in " + t.handlers.map(function (s) { return "handler(" + s + ")"; }).join(" ⊃ ");
        group.rows.push(["thread " + t.tid, words]);
      });
      if (p.alarm > 0) group.rows.push(["alarm", p.alarm + " s"]);
      p.fds.forEach(function (f) {
        // a pipe's end shows what the pipe holds
        var pipe = /^(pipe #\d+)/.exec(f[1]);
        var held = pipe ? contents[pipe[1]] : undefined;
        group.rows.push(["fd " + f[0], f[1] + (held !== undefined ? " holding " + held : "")]);
      });
      out.push(group);
    });
    if (state.objects.length) {
      var objects = { title: "kernel objects", key: "objects", rows: [] };
      state.objects.forEach(function (o) { objects.rows.push([o[0], o[1]]); });
      out.push(objects);
    }
    return out;
  }
  function values(groups) {
    var m = {};
    groups.forEach(function (g) { g.rows.forEach(function (r) { m[g.key + "\u0000" + r[0]] = r[1]; }); });
    return m;
  }
  function setup(article) {
    var dataEl = article.querySelector("script.trace-data");
    var chart = article.querySelector(".chart");
    var panel = article.querySelector(".state");
    if (!dataEl || !chart || !panel) return;
    var data = JSON.parse(dataEl.textContent);
    var steps = data.steps;
    var source = article.querySelector("pre.source");
    var head = chart.querySelector(".chart-head");
    var groups = {};
    Array.prototype.forEach.call(chart.querySelectorAll("g.step"), function (g) { groups[g.getAttribute("data-step")] = g; });
    var current = 0;
    var announce = panel.querySelector(".announce");
    var body = panel.querySelector(".panel") || panel;
    function render(n) {
      var s = steps[n - 1];
      var prev = n > 1 ? values(rowsOf(steps[n - 2].state)) : null;
      if (announce) announce.textContent = "Step " + n + " of " + steps.length + ", " + s.actor + ": " + s.text + (s.effect.length ? "; " + s.effect.join(", ") : "; nothing changed");
      var panel = body;
      panel.textContent = "";
      panel.appendChild(h("h5", "Step " + n + " of " + steps.length + " · " + s.actor, "step-title"));
      var what = h("p", null, "what");
      what.appendChild(h("code", s.text));
      if (s.line) what.appendChild(document.createTextNode(" · line " + s.line));
      panel.appendChild(what);
      panel.appendChild(h("p", s.effect.length ? "What changed:" : "Nothing changed."));
      if (s.effect.length) {
        var ul = h("ul", null, "effects");
        s.effect.forEach(function (e) { ul.appendChild(h("li", e)); });
        panel.appendChild(ul);
      }
      if (!s.state) return;
      panel.appendChild(h("h5", "State after step " + n));
      var table = h("table", null, "state-table");
      rowsOf(s.state).forEach(function (g) {
        var body = h("tbody");
        var tr = h("tr");
        var th = h("th", g.title);
        th.setAttribute("scope", "rowgroup");
        th.setAttribute("colspan", "2");
        tr.appendChild(th);
        body.appendChild(tr);
        g.rows.forEach(function (r) {
          var row = h("tr");
          var changed = prev !== null && prev[g.key + "\u0000" + r[0]] !== r[1];
          if (changed) row.className = "chg";
          row.appendChild(h("td", r[0]));
          var v = h("td", r[1]);
          if (changed) v.appendChild(h("span", " (changed)", "sr"));
          row.appendChild(v);
          body.appendChild(row);
        });
        table.appendChild(body);
      });
      panel.appendChild(table);
    }
    function keepInView(g) {
      var rect = g.querySelector("rect");
      if (!rect) return;
      var y = Number(rect.getAttribute("y"));
      var hh = head ? head.offsetHeight : 0;
      var top = y + hh - 8;
      var bottom = y + hh + 28;
      if (top - hh < chart.scrollTop) chart.scrollTop = Math.max(0, top - hh);
      else if (bottom > chart.scrollTop + chart.clientHeight) chart.scrollTop = bottom - chart.clientHeight + 8;
    }
    function markSource(line) {
      if (!source) return;
      var old = source.querySelector(".cur");
      if (old) { old.classList.remove("cur"); old.removeAttribute("aria-current"); }
      var n = parseInt(line, 10);
      if (!n) return;
      var el = source.querySelector('[data-line="' + n + '"]');
      if (!el) return;
      el.classList.add("cur");
      el.setAttribute("aria-current", "step");
      var top = el.offsetTop;
      if (top < source.scrollTop || top + el.offsetHeight > source.scrollTop + source.clientHeight) source.scrollTop = Math.max(0, top - source.clientHeight / 2);
    }
    function select(n) {
      if (!steps.length) return;
      n = Math.max(1, Math.min(steps.length, n));
      if (groups[current]) { groups[current].classList.remove("current"); groups[current].removeAttribute("aria-current"); }
      current = n;
      var g = groups[n];
      if (g) { g.classList.add("current"); g.setAttribute("aria-current", "step"); keepInView(g); }
      chart.setAttribute("data-current", String(n));
      render(n);
      markSource(steps[n - 1].line);
    }
    chart.addEventListener("keydown", function (e) {
      var k = e.key;
      var next = k === "ArrowDown" || k === "j" ? current + 1 : k === "ArrowUp" || k === "k" ? current - 1 : k === "Home" ? 1 : k === "End" ? steps.length : k === "PageDown" ? current + 10 : k === "PageUp" ? current - 10 : 0;
      if (!next) return;
      e.preventDefault();
      select(next);
    });
    chart.addEventListener("focus", function () { if (!current) select(1); });
    chart.addEventListener("click", function (e) {
      var t = e.target;
      while (t && t !== chart && !(t.classList && t.classList.contains("step"))) t = t.parentNode;
      if (t && t !== chart) { select(Number(t.getAttribute("data-step"))); chart.focus({ preventScroll: true }); }
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("article.finding"), setup);
})();
`.trim();
