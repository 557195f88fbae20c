#include "harness/report/dashboard_page.h"

namespace exportcheck::report {

const char* const kDashboardCss = R"CSS(
body { font: 14px/1.4 system-ui, sans-serif; margin: 0 1.5em 3em; color: #1f2328; }
h1 { font-size: 1.4em; margin: .8em 0 .3em; } h2 { font-size: 1.15em; margin: 1.4em 0 .4em; }
dl.run { display: grid; grid-template-columns: max-content auto; gap: .1em 1em; margin: .3em 0; }
dl.run dt { color: #59636e; } dl.run dd { margin: 0; font-family: ui-monospace, monospace; }
.counts span { display: inline-block; margin: .2em .3em .2em 0; padding: .1em .5em; border-radius: 3px; }
#filters { position: sticky; top: 0; background: #fff; padding: .5em 0; border-bottom: 1px solid #d1d9e0; z-index: 2; }
#filters label { margin-right: 1em; } #filters input { width: 18em; }
table { border-collapse: collapse; } th, td { border: 1px solid #d1d9e0; padding: .15em .4em; text-align: left; vertical-align: top; }
#matrix th { background: #f6f8fa; position: sticky; top: 2.6em; z-index: 1; }
#matrix tr.case-row { scroll-margin-top: 7em; }  /* clear of the sticky filters and header */
#matrix td.case { cursor: pointer; font-family: ui-monospace, monospace; white-space: nowrap; }
#matrix td.case:hover { text-decoration: underline; }
#matrix td.cell { text-align: center; white-space: nowrap; font-size: 12px; }
#matrix th.stage { font-size: 12px; font-weight: 600; min-width: 4.5em; }  /* names wrap after each ':' */
.strip { background: #f6f8fa; border: 1px solid #d1d9e0; border-radius: 4px; padding: .3em .6em; margin: .5em 0; font-size: 13px; }
.strip code { font-size: 12px; }
#upstream-gaps td.gap-reason { min-width: 24em; max-width: 48em; } #upstream-gaps td.gap-cases { max-width: 24em; }
#upstream-gaps td.gap-repro { max-width: 36em; } #upstream-gaps a { margin-right: .5em; }
#upstream-gaps code { font-size: 12px; word-break: break-all; }
td.none { color: #aaa; }
#more-rows { margin: .5em 0; } #executor-coverage details { display: inline-block; }
.suite table.rates td { text-align: right; font-size: 12px; white-space: nowrap; } .suite table.rates th.stage { font-size: 12px; min-width: 4.5em; }
.suite table.ops td { font-size: 12px; white-space: nowrap; } .suite table.ops td.op { font-family: ui-monospace, monospace; }
pre { margin: .2em 0; white-space: pre-wrap; word-break: break-word; max-height: 30em; overflow: auto; font-size: 12px; }
pre.diff .add { color: #116329; background: #dafbe1; } pre.diff .del { color: #82071e; background: #ffebe9; }
pre.diff .hunk { color: #0550ae; }
.drill > td { background: #fbfbfb; padding: .6em 1em; }
.drill table { margin: .4em 0; } .drill code { background: #f0f0f0; padding: .1em .3em; }
.muted { color: #59636e; } .tag { background: #ddf4ff; border-radius: 8px; padding: 0 .45em; margin-right: .3em; font-size: 12px; }
.gate-pass { color: #116329; font-weight: bold; } .gate-fail { color: #cf222e; font-weight: bold; }
details { margin: .2em 0; } summary { cursor: pointer; }
.v-PASS { background: #dafbe1; } .v-FAIL { background: #ff8182; } .v-XFAIL { background: #fff1c5; }
.v-XPASS { background: #f9a8d4; } .v-UNSUPPORTED { background: #eaeef2; color: #59636e; }
.v-SKIP { background: #f3f4f6; color: #59636e; } .v-TIMEOUT { background: #fb8f44; } .v-CRASH { background: #d1242f; color: #fff; }
.v-ERROR { background: #a475f9; color: #fff; } .v-FIXED { background: #b6e3ff; } .v-DRIFT { background: #f5e0a0; }
)CSS";

const char* const kDashboardBody = R"HTML(<header id="header"><h1>exportcheck</h1><noscript>This page needs JavaScript to render the results.</noscript></header>
<section id="comparison" hidden></section>
<section id="suites"></section>
<section id="filters">
 <label>tag <select id="tag"><option value="">all</option></select></label>
 <label>verdict <select id="verdict"><option value="">all</option><option value="unexpected">unexpected</option></select></label>
 <label>text <input id="q" type="search" placeholder="case, description or message"></label>
 <span id="shown" class="muted"></span>
</section>
<p id="not-run-columns" class="strip" hidden></p>
<table id="matrix"><thead></thead><tbody id="matrix-body"></tbody></table>
<p id="more-rows" hidden><button type="button"></button></p>
<section id="expectations"></section>
)HTML";

const char* const kDashboardJs = R"JS(
"use strict";
(function () {
  const started = performance.now();
  // Read by the browser test: the page must paint within 1 s with 2000 cases (time since navigation start).
  document.addEventListener("DOMContentLoaded", () => document.body.setAttribute("data-dcl-ms", Math.round(performance.now())));
  try {
    new PerformanceObserver(list => {
      for (const e of list.getEntries())
        if (e.name === "first-contentful-paint") document.body.setAttribute("data-fcp-ms", Math.round(e.startTime));
    }).observe({ type: "paint", buffered: true });
  } catch (e) { /* no paint timing in this browser */ }
  const data = JSON.parse(document.getElementById("exportcheck-data").textContent);
  const S = data.summary, C = data.comparison, run = S.run || {};
  // summary.json's results, from the compact form the page embeds (dashboard.h: compact_records).
  if (data.records) {
    const t = data.records.strings;
    S.results = data.records.rows.map(x => {
      const r = { case: t[x[0]], stage: t[x[1]], variant: t[x[2]], verdict: t[x[3]], message: t[x[4]], seconds: x[5] };
      const e = x[6];
      if (e) {
        if (e.reason !== undefined) r.reason = t[e.reason];
        if (e.finding) r.finding = true;
        if (e.details) r.details = e.details;
      }
      return r;
    });
  }
  // Most noteworthy first: a cell shows the first of these among its variants.
  const ORDER = ["ERROR", "CRASH", "TIMEOUT", "FAIL", "XPASS", "DRIFT", "FIXED", "XFAIL", "SKIP", "UNSUPPORTED", "PASS"];
  const UNEXPECTED = new Set(["FAIL", "XPASS", "TIMEOUT", "CRASH", "ERROR"]);
  const rank = v => { const i = ORDER.indexOf(v); return i < 0 ? ORDER.length : i; };

  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v; else if (k === "text") e.textContent = v; else e.setAttribute(k, v);
    }
    for (const k of kids) if (k !== null && k !== undefined) e.append(k);  // strings become text, never HTML
    return e;
  }
  const fileUrl = p => "file://" + encodeURI(p);

  // Model: cases in summary order, stage columns in pipeline order.
  const cases = new Map();
  for (const r of S.results) {
    if (!cases.has(r.case)) cases.set(r.case, { name: r.case, info: (S.cases || {})[r.case] || {}, results: [], stages: new Map() });
    const c = cases.get(r.case);
    c.results.push(r);
    if (!c.stages.has(r.stage)) c.stages.set(r.stage, []);
    c.stages.get(r.stage).push(r);
  }
  // Pipeline order by the stage's root ("roundtrip:bytes" -> roundtrip), then by name.
  const ROOTS = data.stage_order || [];  // report/stage_order.h
  const stageKey = s => {
    const i = ROOTS.indexOf(s.split(":")[0]);
    return [i < 0 ? ROOTS.length : i, s];
  };
  // Columns where nothing ran in the whole run (every record UNSUPPORTED/SKIP, e.g. every cuda column on a CPU
  // machine) are not matrix columns: one strip above the matrix names them with their cause (dashboard.cpp).
  const notRunColumns = data.not_run_columns || [];
  const collapsed = new Set(notRunColumns.flatMap(g => g.stages.map(x => x.stage)));
  const stages = [...new Set(S.results.map(r => r.stage))].filter(s => !collapsed.has(s)).sort((a, b) => {
    const ka = stageKey(a), kb = stageKey(b);
    return ka[0] - kb[0] || (ka[1] < kb[1] ? -1 : ka[1] > kb[1] ? 1 : 0);
  });
  // A stage name breaks after each ':' ("replay:" / "nativert:" / "cpu"), so 15 columns fit 1500 px.
  const stageHead = s => el("th", { class: "stage", title: s }, ...s.split(":").flatMap((p, i, a) => i < a.length - 1 ? [p + ":", el("wbr")] : [p]));
  let devices = run.devices && run.devices.length ? run.devices : null;
  if (!devices) devices = [...new Set(stages.filter(s => s.startsWith("replay:")).map(s => s.split(":")[2]))];

  // Header.
  const header = document.getElementById("header");
  header.replaceChildren(el("h1", { text: "exportcheck run " + (run.id || "") }));
  const dl = el("dl", { class: "run" });
  const fields = [["torch", run.torch], ["python", run.python], ["devices", devices.join(", ")], ["machine", run.host],
                  ["commit", run.commit], ["date", run.started_at], ["seconds", run.seconds !== undefined ? Number(run.seconds).toFixed(1) : ""],
                  ["command", run.command], ["shard", run.shard]];
  for (const [k, v] of fields) if (v) dl.append(el("dt", { text: k }), el("dd", { text: String(v) }));
  header.append(dl);
  const counts = el("div", { class: "counts", id: "counts" });
  const countOf = {};
  for (const r of S.results) countOf[r.verdict] = (countOf[r.verdict] || 0) + 1;
  for (const v of ORDER) if (countOf[v]) counts.append(el("span", { class: "v-" + v, id: "count-" + v, "data-count": countOf[v] }, v + " " + countOf[v]));
  const unexpected = S.results.filter(r => UNEXPECTED.has(r.verdict)).length;
  counts.append(el("span", { id: "unexpected", "data-count": unexpected, class: unexpected ? "gate-fail" : "gate-pass" },
                   unexpected ? unexpected + " unexpected" : "all as expected"));
  counts.append(el("span", { class: "muted" }, cases.size + " cases, " + S.results.length + " results"));
  header.append(counts);
  // The closing line's numbers (they add up to the results) and the case verdicts, from summary.json 1.4.
  const T = S.totals || {};
  if (T.results !== undefined) {
    const within = [[T.expected_failures, "expected failures"], [T.fixed, "goldens updated"],
                    [T.drift, "goldens drifted"], [T.findings, "findings"]].filter(([n]) => n).map(([n, w]) => n + " " + w);
    const causes = (S.not_run_by_cause || []).map(g => g.count + " " + g.cause).join(", ");
    const caseCounts = ORDER.filter(v => (S.case_counts || {})[v]).map(v => v + " " + S.case_counts[v]).join(", ");
    header.append(el("p", { id: "totals", "data-passed": T.passed, "data-failed": T.failed, "data-skipped": T.skipped, "data-results": T.results },
                     T.passed + " passed" + (within.length ? " (" + within.join(", ") + ")" : "") + ", " + T.failed + " failed, " +
                     T.skipped + " not run here" + (causes ? " (" + causes + ")" : "") + " — cases: " + caseCounts));
  }
  // The C++ executor against module() (summary.json 1.6 executor_coverage, executor_coverage.h); the programs
  // where module() passes and cpp does not are listed on demand (built when opened).
  const X = S.executor_coverage;
  if (X && X.programs) {
    const pct = X.samples ? " (" + (100 * X.samples_passed / X.samples).toFixed(1) + "%" : " (";
    const p = el("p", { id: "executor-coverage", "data-samples": X.samples, "data-samples-passed": X.samples_passed,
                        "data-programs": X.programs, "data-programs-passed": X.programs_passed, "data-not-passed": X.not_passed.length },
                 "C++ executor runs " + X.samples_passed + " of the " + X.samples + " samples module() runs" + pct + "; " +
                 X.programs_passed + " of " + X.programs + " programs) ");
    if (X.not_passed.length) {
      const d = el("details", { id: "executor-gaps" },
                   el("summary", { text: X.not_passed.length + " where module() passes and " + X.executor + " does not" }));
      d.addEventListener("toggle", () => {
        if (!d.open || d.querySelector("table")) return;
        const t = el("table", {}, el("tr", {}, ...["case", "variant", "cpp", "samples", "message"].map(h => el("th", { text: h }))));
        for (const g of X.not_passed)
          t.append(el("tr", { class: "executor-gap" }, el("td", {}, el("a", { href: "#case=" + encodeURIComponent(g.case), text: g.case })),
                      el("td", { text: g.variant }), el("td", { class: "v-" + (g.verdict || ""), text: g.verdict || "none" }),
                      el("td", { text: String(g.samples) }), el("td", { title: g.message, text: (g.message || "").split("\n")[0] })));
        d.append(t);
      });
      p.append(d);
    }
    header.append(p);
  }

  // Comparison with a baseline.
  if (C) {
    const sec = document.getElementById("comparison");
    sec.hidden = false;
    sec.append(el("h2", { text: "Comparison with baseline " + C.baseline + " " },
                  el("span", { class: C.passes ? "gate-pass" : "gate-fail", id: "gate" }, C.passes ? "gate PASS" : "gate FAIL")));
    const changes = (title, list, id) => {
      sec.append(el("h3", { text: title + " (" + list.length + ")" }));
      if (!list.length) return;
      const t = el("table", { id });
      t.append(el("tr", {}, el("th", { text: "result" }), el("th", { text: "before" }), el("th", { text: "now" }), el("th", { text: "message" })));
      const rowsOf = part => part.map(ch =>
        // First line only: the case's drill-down (the link) has the whole message and diff.
        el("tr", {}, el("td", {}, el("a", { href: "#case=" + encodeURIComponent(ch.case), text: ch.id }),
                         ch.acknowledged ? " (case file updated)" : ""),
           el("td", { class: "v-" + ch.before, text: ch.before }), el("td", { class: "v-" + ch.after, text: ch.after }),
           el("td", { title: ch.message, text: ch.message.split("\n")[0] })));
      // A long list (a new expectation set, a torch upgrade) shows its first 100; the rest when asked.
      t.append(...rowsOf(list.slice(0, 100)));
      sec.append(t);
      if (list.length > 100) {
        const all = el("button", { type: "button", text: "show all " + list.length });
        all.addEventListener("click", () => { t.append(...rowsOf(list.slice(100))); all.remove(); });
        sec.append(all);
      }
    };
    changes("Regressions: expected before, unexpected now", C.regressions, "regressions");
    changes("Fixes: update the expectation", C.fixes, "fixes");
    sec.append(el("p", { text: "New cases (" + C.new_cases.length + "): " + C.new_cases.join(", ") }));
    sec.append(el("p", { text: "Removed cases (" + C.removed_cases.length + "): " + C.removed_cases.join(", ") }));
    if (C.timing.length) {
      const t = el("table", { id: "timing" }, el("tr", {}, el("th", { text: "case" }), el("th", { text: "before (s)" }), el("th", { text: "now (s)" })));
      for (const x of C.timing) t.append(el("tr", {}, el("td", { text: x.case }), el("td", { text: x.before.toFixed(2) }), el("td", { text: x.after.toFixed(2) })));
      sec.append(el("h3", { text: "Timing changes (" + C.timing.length + ")" }), t);
    }
  }

  // Per-suite view (summary.json 1.6 suites, suite_table.h): pass rates per stage and per runtime, and the
  // op x lane x stage table, collapsed: built when opened, 500 rows at a time.
  const PAGE = 250;
  const pct = p => p.rate === null || p.rate === undefined ? "–" : (100 * p.rate).toFixed(1) + "%";
  const rateTitle = p => p.passed + " PASS of " + p.ran + " run; " + p.xfail + " XFAIL; " + p.not_run + " not run";
  for (const [name, T] of Object.entries(S.suites || {})) {
    const ops = Object.keys(T.ops);
    const rates = T.pass_rates || { stages: {}, runtimes: {} };
    const ran = T.stages.filter(s => (rates.stages[s] || {}).ran);
    const sec = el("section", { class: "suite", id: "suite-" + name, "data-ops": ops.length, "data-cases": T.cases });
    sec.append(el("h2", { text: "Suite " + name + ": " + ops.length + " ops, " + T.cases + " cases (lanes: " + T.lanes.join(", ") + ")" }));
    const rateRow = (label, f) => el("tr", {}, el("th", { text: label }), ...ran.map(s => f(rates.stages[s], s)));
    sec.append(el("table", { class: "rates", id: "suite-" + name + "-stages" },
                  el("tr", {}, el("th", { text: "stage" }), ...ran.map(s => stageHead(s))),
                  rateRow("pass rate", (p, s) => el("td", { title: rateTitle(p), "data-stage": s, "data-rate": p.rate }, pct(p))),
                  rateRow("PASS / ran", p => el("td", { text: p.passed + "/" + p.ran })),
                  rateRow("XFAIL", p => el("td", { text: String(p.xfail) }))));
    const runtimes = Object.entries(rates.runtimes).filter(([, p]) => p.ran);
    if (runtimes.length)
      sec.append(el("p", { class: "runtime-rates" }, "per runtime (replay, guards and sequence): ",
                    ...runtimes.flatMap(([rt, p], i) => [i ? "; " : "", el("b", { text: rt }), " ",
                                                          el("span", { title: rateTitle(p), "data-runtime": rt, "data-rate": p.rate }, pct(p)),
                                                          " (" + p.passed + "/" + p.ran + ", " + p.xfail + " XFAIL)"])));
    const notRan = T.stages.filter(s => !(rates.stages[s] || {}).ran);
    if (notRan.length) sec.append(el("p", { class: "muted", text: "nothing ran: " + notRan.join(", ") }));
    const opsBox = el("details", { class: "ops" }, el("summary", { text: "per-operator table (" + ops.length + " ops × lanes × " + ran.length + " stages)" }));
    let shownOps = 0, opsTable = null, opsMore = null;
    const moreOps = () => {
      const end = Math.min(ops.length, shownOps + PAGE);
      for (; shownOps < end; ++shownOps) {
        const op = ops[shownOps], lanes = Object.keys(T.ops[op]);
        lanes.forEach((lane, i) => {
          const tr = el("tr", { class: "op-row", "data-op": op });
          if (!i) tr.append(el("td", { class: "op", rowspan: lanes.length, text: op }));
          tr.append(el("td", {}, el("a", { href: "#case=" + encodeURIComponent(name + "/" + op + "/" + lane), text: lane })));
          for (const s of ran) {
            const v = T.ops[op][lane][s];
            tr.append(v ? el("td", { class: "v-" + v, text: v }) : el("td", { class: "none", text: "–" }));
          }
          opsTable.append(tr);
        });
      }
      opsMore.hidden = shownOps >= ops.length;
      opsMore.textContent = "show " + Math.min(PAGE, ops.length - shownOps) + " more ops (" + (ops.length - shownOps) + " not shown)";
    };
    opsBox.addEventListener("toggle", () => {
      if (!opsBox.open || opsTable) return;
      opsTable = el("table", { class: "ops" }, el("tr", {}, el("th", { text: "op" }), el("th", { text: "lane" }), ...ran.map(s => stageHead(s))));
      opsMore = el("button", { type: "button" });
      opsMore.addEventListener("click", moreOps);
      opsBox.append(opsTable, opsMore);
      moreOps();
    });
    sec.append(opsBox);
    document.getElementById("suites").append(sec);
  }

  // Filters.
  const tagSel = document.getElementById("tag"), verdictSel = document.getElementById("verdict"), q = document.getElementById("q");
  const allTags = new Set();
  for (const c of cases.values()) for (const t of c.info.tags || []) allTags.add(t);
  for (const t of [...allTags].sort()) tagSel.append(el("option", { value: t, text: t }));
  for (const v of ORDER) if (countOf[v]) verdictSel.append(el("option", { value: v, text: v }));

  // Matrix: one row per case, one column per stage; a cell holds the stage's variants.
  const thead = document.querySelector("#matrix thead"), tbody = document.querySelector("#matrix tbody");
  thead.append(el("tr", {}, el("th", { text: "case" }), el("th", { text: "verdict" }), ...stages.map(stageHead)));
  if (notRunColumns.length) {
    const strip = document.getElementById("not-run-columns");
    strip.hidden = false;
    strip.setAttribute("data-columns", collapsed.size);
    strip.append(el("b", { text: "not run here (" + collapsed.size + " columns, left out of the matrix): " }));
    notRunColumns.forEach((g, i) => {
      const span = el("span", { class: "not-run-group", "data-cause": g.cause });
      g.stages.forEach((x, k) => span.append(k ? ", " : "", el("code", { class: "not-run-stage", title: x.count + " records: " +
                                                                  x.causes.map(c => c.count + " " + c.cause).join(", ") }, x.stage)));
      span.append(" \u2014 " + g.cause);
      strip.append(i ? "; " : "", span);
    });
  }
  // The case verdict by the harness's one rule (case_verdict.h), written into summary.json.
  const caseVerdict = c => ({ verdict: c.info.verdict || "", detail: c.info.detail || "" });
  // Rows are built when first shown, PAGE at a time (2000 cases x 20 columns up front would hold up the
  // first paint); what a filter leaves out is not in the DOM. "show more" and scrolling near it add a page.
  const rows = [];
  for (const c of cases.values()) rows.push({ c, tr: null, text: null, verdicts: new Set(c.results.map(r => r.verdict)), drill: null });
  function buildRow(r) {
    const c = r.c;
    const tr = el("tr", { class: "case-row", "data-case": c.name });
    tr.append(el("td", { class: "case", title: c.info.description || "" }, c.name));
    const cv = caseVerdict(c);
    tr.append(el("td", { class: "case-verdict v-" + cv.verdict, "data-case-verdict": cv.verdict, title: cv.detail }, cv.verdict));
    for (const s of stages) {
      const rs = c.stages.get(s);
      if (!rs) { tr.append(el("td", { class: "cell none", text: "–" })); continue; }
      const worst = rs.map(r => r.verdict).sort((a, b) => rank(a) - rank(b))[0];
      const n = rs.filter(r => r.verdict === worst).length;
      tr.append(el("td", { class: "cell v-" + worst, "data-verdict": worst,
                           title: rs.map(r => (r.variant || s) + ": " + r.verdict).join("\n") },
                   worst + (rs.length > 1 ? " " + n + "/" + rs.length : "")));
    }
    tr.firstChild.addEventListener("click", () => toggle(r));
    r.tr = tr;
  }
  // Lower-case text the text filter searches, made on its first use.
  const rowText = r => r.text || (r.text = [r.c.name, r.c.info.description || "", ...r.c.results.map(x => x.message)].join("\n").toLowerCase());
  const moreRows = document.getElementById("more-rows"), moreButton = moreRows.querySelector("button");
  let matches = rows, limit = 0;
  function render(upTo) {
    const from = upTo > limit && limit > 0 ? limit : 0;
    const frag = document.createDocumentFragment();
    for (const r of matches.slice(from, upTo)) {
      if (!r.tr) buildRow(r);
      frag.append(r.tr);
      if (r.drill) frag.append(r.drill);
    }
    if (from) tbody.append(frag); else tbody.replaceChildren(frag);
    limit = Math.min(upTo, matches.length);
    const rest = matches.length - limit;
    moreRows.hidden = rest === 0;
    moreButton.textContent = "show " + Math.min(rest, PAGE) + " more (" + rest + " not shown)";
    tbody.setAttribute("data-rendered", limit);
  }
  moreButton.addEventListener("click", () => render(limit + PAGE));
  if ("IntersectionObserver" in window)
    new IntersectionObserver(es => { if (es.some(e => e.isIntersecting) && !moreRows.hidden) render(limit + PAGE); },
                             { rootMargin: "600px" }).observe(moreRows);
  // A row of the current matches, rendered (with the pages before it) if it was not yet.
  function show(r) {
    const i = matches.indexOf(r);
    if (i >= limit) render((Math.floor(i / PAGE) + 1) * PAGE);
    return i >= 0;
  }
  const byName = new Map(rows.map(r => [r.c.name, r]));
  function row(name) { return byName.get(name); }
  // Drill-down, built on first open (500 cases with their diffs would be slow to build up front).
  function toggle(r, open) {
    if (!r || !r.tr) return;
    if (!r.drill) {
      r.drill = el("tr", { class: "drill" }, el("td", { colspan: stages.length + 2 }, drill(r.c)));
      r.tr.after(r.drill);
      r.drill.hidden = true;
    }
    r.drill.hidden = open === undefined ? !r.drill.hidden : !open;
  }
  function drill(c) {
    const d = el("div", { class: "drill-body", id: "drill-" + c.name });
    const cv = caseVerdict(c);
    d.append(el("p", { class: "case-verdict-line" }, el("span", { class: "v-" + cv.verdict, text: cv.verdict }), " " + cv.detail));
    if (c.info.description) d.append(el("p", { text: c.info.description }));
    if ((c.info.tags || []).length) d.append(el("p", {}, ...c.info.tags.map(t => el("span", { class: "tag", text: t }))));
    const links = el("p", {});
    if (c.info.file && run.root) links.append(el("a", { href: fileUrl(run.root + "/" + c.info.file), text: c.info.file }), " · ");
    links.append(el("a", { href: "cases/" + encodeURIComponent(c.name) + "/", text: "run files" }));
    if (run.root) links.append(" · ", el("a", { href: fileUrl(run.root + "/golden/" + c.name + "/"), text: "golden" }));
    d.append(links);
    d.append(el("p", {}, "repro: ", el("code", { text: "build/exportcheck run --case " + c.name })));
    const t = el("table", {}, el("tr", {}, ...["stage", "variant", "verdict", "s", "message"].map(h => el("th", { text: h }))));
    for (const r of c.results) {
      const msg = el("td", {});
      if (r.message) msg.append(el("pre", { text: r.message }));
      for (const [k, v] of Object.entries(r.details || {})) {
        if (k === "diff" && typeof v === "string") msg.append(el("div", { class: "muted", text: "golden diff" }), diffPre(v));
        else msg.append(el("div", { class: "muted", text: k }), el("pre", { text: typeof v === "string" ? v : JSON.stringify(v, null, 2) }));
      }
      t.append(el("tr", {}, el("td", { text: r.stage }), el("td", { text: r.variant }), el("td", { class: "v-" + r.verdict, text: r.verdict }),
                  el("td", { text: Number(r.seconds || 0).toFixed(2) }), msg));
    }
    d.append(t);
    return d;
  }
  function diffPre(text) {
    const pre = el("pre", { class: "diff" });
    for (const line of text.split("\n")) {
      const cls = line.startsWith("@@") ? "hunk" : line.startsWith("+") && !line.startsWith("+++") ? "add"
                : line.startsWith("-") && !line.startsWith("---") ? "del" : "";
      pre.append(el("span", { class: cls, text: line + "\n" }));
    }
    return pre;
  }

  // Filtering, mirrored in the URL hash so a link (or --dump-dom) shows the same view.
  function apply() {
    const tag = tagSel.value, verdict = verdictSel.value, text = q.value.trim().toLowerCase();
    matches = rows.filter(r => (!tag || (r.c.info.tags || []).includes(tag)) &&
                               (!verdict || (verdict === "unexpected" ? [...r.verdicts].some(v => UNEXPECTED.has(v)) : r.verdicts.has(verdict))) &&
                               (!text || rowText(r).includes(text)));
    limit = 0;
    render(PAGE);
    const s = document.getElementById("shown");
    s.textContent = "showing " + matches.length + " of " + rows.length + " cases" +
                    (matches.length > limit ? " (the first " + limit + " below; scroll for more)" : "");
    s.setAttribute("data-shown", matches.length);
    s.setAttribute("data-total", rows.length);
  }
  function fromHash() {
    const p = new URLSearchParams(location.hash.slice(1));
    const pick = (sel, v) => { sel.value = [...sel.options].some(o => o.value === v) ? v : ""; };
    pick(tagSel, p.get("tag") || "");
    pick(verdictSel, p.get("verdict") || "");
    q.value = p.get("q") || "";
    apply();
    if (p.get("case")) { const r = row(p.get("case")); if (r && show(r)) { toggle(r, true); r.tr.scrollIntoView({ block: "start" }); } }
  }
  function toHash() {
    const p = new URLSearchParams();
    if (tagSel.value) p.set("tag", tagSel.value);
    if (verdictSel.value) p.set("verdict", verdictSel.value);
    if (q.value) p.set("q", q.value);
    history.replaceState(null, "", "#" + p.toString());
    apply();
  }
  for (const e of [tagSel, verdictSel]) e.addEventListener("change", toHash);
  q.addEventListener("input", toHash);
  window.addEventListener("hashchange", fromHash);

  // Expected failures grouped by reason; what did not run, by cause (summary.json's not_run_by_cause).
  const exp = document.getElementById("expectations");
  const groups = new Map();
  for (const r of S.results) {
    if (r.verdict !== "XFAIL") continue;
    // An XFAIL's message is "<reason> — <failure>": group by the reason (as summary.json's expected_by_reason).
    const reason = r.reason || r.message.split(" \u2014 ")[0];
    const key = r.verdict + "\u0000" + reason;
    if (!groups.has(key)) groups.set(key, { verdict: r.verdict, message: reason, ids: [] });
    groups.get(key).ids.push(r.case + " " + r.stage + (r.variant ? "[" + r.variant + "]" : ""));
  }
  exp.append(el("h2", { text: "Expected failures by reason (" + groups.size + ")" }));
  for (const g of [...groups.values()].sort((a, b) => rank(a.verdict) - rank(b.verdict) || b.ids.length - a.ids.length)) {
    exp.append(el("details", { class: "reason" },
                  el("summary", {}, el("span", { class: "v-" + g.verdict, text: g.verdict }), " ×" + g.ids.length + " — " + (g.message.split("\n")[0] || "(no reason given)")),
                  el("pre", { text: g.message + "\n\n" + g.ids.join("\n") })));
  }
  const causes = S.not_run_by_cause || [];
  if (causes.length) {
    exp.append(el("h2", { text: "Not run here (" + causes.reduce((n, g) => n + g.count, 0) + " results; UNSUPPORTED and SKIP by cause)" }));
    for (const g of causes)
      exp.append(el("details", { class: "cause" }, el("summary", {}, "×" + g.count + " — " + g.cause + " (" + g.cases.length + " cases)"),
                    el("pre", { text: g.cases.join("\n") })));
  }
  // Upstream gaps (summary.json's upstream_gaps, upstream_gap.h): one row per gap, not per record, with the
  // cases it affects (links open them) and its standalone repro. Findings (xpass: finding) are among them.
  const gaps = S.upstream_gaps || [];
  exp.append(el("h2", { text: "Upstream gaps (" + gaps.length + ")" }));
  exp.append(el("p", { class: "muted", text: "What torch does not do yet, as this run saw it: known gaps (cases/known-gaps.yaml), " +
                       "expected failures whose reason blames torch, and findings (upstream expects a failure, the stage passed)." }));
  if (gaps.length) {
    const t = el("table", { id: "upstream-gaps" },
                 el("tr", {}, ...["kind", "gap", "records", "cases", "standalone repro"].map(h => el("th", { text: h }))));
    const caseLinks = names => names.map(n => el("a", { href: "#case=" + encodeURIComponent(n), text: n }));
    for (const g of gaps) {
      const cs = el("td", { class: "gap-cases", "data-cases": g.cases.length }, ...caseLinks(g.cases.slice(0, 8)));
      if (g.cases.length > 8) {  // the rest built when opened: a gap of a 2000-case suite lists them all
        const more = el("details", {}, el("summary", { text: "+" + (g.cases.length - 8) + " more" }));
        more.addEventListener("toggle", () => { if (more.open && more.childElementCount === 1) more.append(...caseLinks(g.cases.slice(8))); });
        cs.append(more);
      }
      t.append(el("tr", { class: "gap", "data-kind": g.kind },
                  el("td", { text: g.kind }), el("td", { class: "gap-reason", text: g.reason }),
                  el("td", { title: g.stages.join("\n"), text: g.count + " in " + g.stages.length + (g.stages.length === 1 ? " stage" : " stages") }),
                  cs,
                  g.repro ? el("td", { class: "gap-repro" }, el("code", { text: g.repro }))
                          : el("td", { class: "gap-repro muted", text: "no standalone repro: " + (g.no_repro || "") })));
    }
    exp.append(t);
  }
  fromHash();
  // Read by the browser test: the page must stay usable with 500 cases, and the matrix fit a 1500 px window.
  document.body.setAttribute("data-render-ms", Math.round(performance.now() - started));
  document.body.setAttribute("data-ready-ms", Math.round(performance.now()));
  const matrix = document.getElementById("matrix");
  matrix.setAttribute("data-width", Math.round(matrix.getBoundingClientRect().width));
  matrix.setAttribute("data-viewport-width", document.documentElement.clientWidth);
})();
)JS";

}  // namespace exportcheck::report
