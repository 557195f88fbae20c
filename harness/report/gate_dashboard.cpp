#include "harness/report/gate_dashboard.h"

#include <sstream>
#include <unordered_map>

#include "harness/report/atomic_file.h"
#include "harness/report/dashboard.h"
#include "harness/report/dashboard_page.h"
#include "harness/report/junit_xml.h"

namespace exportcheck::report {
namespace {

// The run dashboard's CSS (verdict colours, tables, pre.diff) plus the gate's few rules.
const char* const kGateCss = R"CSS(
section { margin-bottom: 1em; } #filters input[type=checkbox] { width: auto; }
#side-by-side th { background: #f6f8fa; position: sticky; top: 2.6em; z-index: 1; }
#side-by-side tr.case-head td { background: #f6f8fa; font-family: ui-monospace, monospace; font-weight: 600; }
#side-by-side td.v { text-align: center; font-size: 12px; white-space: nowrap; }
#side-by-side tr.differs td.stage { font-weight: 600; } #side-by-side tr.regression td.stage { color: #cf222e; }
td.id, td.stage, td.variant { font-family: ui-monospace, monospace; font-size: 12px; }
.kind { font-size: 12px; border-radius: 8px; padding: 0 .45em; background: #ffebe9; }
)CSS";

// The side-by-side table from the compact rows (gate_html): filter, toggle, 500 rows at a time.
const char* const kGateJs = R"JS(
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("gate-data").textContent);
  const t = data.strings, FORWARD = 1, DIFFERS = 2, REGRESSION = 4;
  const rows = data.rows.map(x => ({ c: t[x[0]], s: t[x[1]], v: t[x[2]], b: x[3] < 0 ? null : t[x[3]],
                                     n: x[4] < 0 ? null : t[x[4]], f: x[5], k: x[6] < 0 ? "" : t[x[6]] }));
  const el = (tag, attrs, ...kids) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) { if (k === "text") e.textContent = v; else e.setAttribute(k, v); }
    for (const k of kids) if (k !== null && k !== undefined) e.append(k);  // strings become text, never HTML
    return e;
  };
  const q = document.getElementById("q"), only = document.getElementById("only-diff");
  const body = document.getElementById("side-by-side-body"), more = document.getElementById("more-rows");
  const shown = document.getElementById("shown");
  const PAGE = 500;
  let matches = [], limit = 0;
  const cell = v => el("td", { class: "v" + (v ? " v-" + v : " none"), text: v || "\u2014" });
  function render() {
    const end = Math.min(matches.length, limit + PAGE);
    let last = limit ? matches[limit - 1].c : null;
    for (let i = limit; i < end; ++i) {
      const r = matches[i];
      if (r.c !== last) body.append(el("tr", { class: "case-head" }, el("td", { colspan: "5", text: r.c })));
      last = r.c;
      const cls = (r.f & DIFFERS ? "differs" : "") + (r.f & REGRESSION ? " regression" : "");
      body.append(el("tr", { class: cls.trim(), "data-case": r.c },
                     el("td", { class: "stage", text: (r.f & FORWARD ? "forward: " : "") + r.s },
                        r.k ? " " : null, r.k ? el("span", { class: "kind", text: r.k }) : null),
                     el("td", { class: "variant", text: r.v }), cell(r.b), cell(r.f & FORWARD ? "" : r.n),
                     el("td", { class: "muted", text: r.f & FORWARD ? "the baseline release on the candidate's archive" : "" })));
    }
    limit = end;
    more.hidden = limit >= matches.length;
    more.querySelector("button").textContent = "show " + Math.min(PAGE, matches.length - limit) + " more of " + (matches.length - limit);
  }
  function apply() {
    const text = q.value.trim().toLowerCase(), diff = only.checked;
    matches = rows.filter(r => (!diff || r.f & DIFFERS) &&
                               (!text || (r.c + " " + r.s + " " + r.v + " " + (r.b || "") + " " + (r.n || "") + " " + r.k).toLowerCase().includes(text)));
    body.replaceChildren();
    limit = 0;
    render();
    shown.textContent = matches.length + " of " + rows.length + " records";
    const h = new URLSearchParams();
    if (diff) h.set("diff", "1");
    if (text) h.set("q", q.value.trim());
    history.replaceState(null, "", h.toString() ? "#" + h.toString() : location.pathname + location.search);
  }
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.has("q")) q.value = hash.get("q");
  if (hash.has("diff")) only.checked = hash.get("diff") === "1";
  q.addEventListener("input", apply);
  only.addEventListener("change", apply);
  more.querySelector("button").addEventListener("click", render);
  apply();
})();
)JS";

std::string esc(std::string_view s) { return xml_escape(s); }

std::string verdict_cell(const std::optional<Verdict>& v) {
  if (!v) return "<td class=\"none\">—</td>";
  std::string text(to_string(*v));
  return "<td class=\"v-" + text + "\">" + text + "</td>";
}

// A message: its first line, and the rest behind a click when there is more.
std::string message_cell(const std::string& message) {
  auto nl = message.find('\n');
  if (nl == std::string::npos) return "<td>" + esc(message) + "</td>";
  return "<td><details><summary>" + esc(message.substr(0, nl)) + "</summary><pre>" + esc(message.substr(nl + 1)) +
         "</pre></details></td>";
}

// A unified diff, each line coloured as the run dashboard's diffPre does.
std::string diff_pre(const std::string& diff) {
  std::string out = "<pre class=\"diff\">";
  std::istringstream in(diff);
  for (std::string line; std::getline(in, line);) {
    const char* cls = line.rfind("@@", 0) == 0                                 ? "hunk"
                      : line.rfind("+", 0) == 0 && line.rfind("+++", 0) != 0 ? "add"
                      : line.rfind("-", 0) == 0 && line.rfind("---", 0) != 0 ? "del"
                                                                               : "";
    out += *cls ? std::string("<span class=\"") + cls + "\">" + esc(line) + "</span>\n" : esc(line) + "\n";
  }
  return out + "</pre>";
}

std::string seconds(double s) {
  std::ostringstream o;
  o.setf(std::ios::fixed);
  o.precision(2);
  o << s;
  return o.str();
}

void regressions_section(std::ostringstream& o, const GateReport& g, RegressionKind kind, const std::string& id,
                         const std::string& title) {
  int n = g.count(kind);
  if (!n && kind == RegressionKind::BackwardCompat) return;  // a section only when it has something to say
  o << "<section id=\"" << id << "\"><h2>" << esc(title) << " (" << n << ")</h2>\n";
  if (n) {
    // A compat record has no counterpart in the other run: one verdict column, the release that ran it.
    const bool pair = kind == RegressionKind::Regression;
    const std::string ran_by = kind == RegressionKind::ForwardCompat
                                   ? "torch " + (g.forward ? g.forward->torch : g.baseline.torch)
                                   : "torch " + g.candidate.torch;
    o << "<table><tr><th>record</th>" << (pair ? "<th>baseline</th><th>candidate</th>" : "<th>" + esc(ran_by) + "</th>")
      << "<th>message</th></tr>\n";
    for (const auto& r : g.regressions) {
      if (r.kind != kind) continue;
      o << "<tr class=\"regression\"><td class=\"id\">" << esc(r.id) << "</td>" << (pair ? verdict_cell(r.before) : "")
        << verdict_cell(r.after) << message_cell(r.message) << "</tr>\n";
    }
    o << "</table>\n";
  }
  o << "</section>\n";
}

// The side-by-side rows as the script reads them: every text once in `strings`,
// rows as [case, stage, variant, baseline | -1, candidate | -1, flags, kind | -1].
nlohmann::json compact_rows(const std::vector<SideBySideRow>& rows) {
  nlohmann::json strings = nlohmann::json::array(), out = nlohmann::json::array();
  std::unordered_map<std::string, int> index;
  auto id = [&](std::string_view text) {
    auto [it, fresh] = index.emplace(std::string(text), static_cast<int>(index.size()));
    if (fresh) strings.push_back(it->first);
    return it->second;
  };
  for (const auto& r : rows) {
    int flags = (r.forward ? 1 : 0) | (r.differs() ? 2 : 0) | (r.regression ? 4 : 0);
    out.push_back({id(r.case_name), id(r.stage), id(r.variant), r.baseline ? id(to_string(*r.baseline)) : -1,
                   r.candidate ? id(to_string(*r.candidate)) : -1, flags,
                   r.regression ? id(to_string(*r.regression)) : -1});
  }
  return {{"strings", std::move(strings)}, {"rows", std::move(out)}};
}

}  // namespace

std::string gate_html(const GateReport& g) {
  const std::string base = "torch " + g.baseline.torch, cand = "torch " + g.candidate.torch;
  size_t added = 0, removed = 0;
  for (const auto& e : g.new_entries) added += e.cases.size();
  for (const auto& e : g.removed_entries) removed += e.cases.size();
  size_t differing = 0;
  for (const auto& r : g.rows) differing += r.differs();

  std::ostringstream o;
  o << "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>exportcheck gate "
    << esc(g.baseline.torch) << " → " << esc(g.candidate.torch) << "</title>\n<style>\n"
    << kDashboardCss << kGateCss << "</style>\n</head>\n<body>\n";

  // Header: the releases, the verdict, every count (each a link to its section).
  o << "<header id=\"header\"><h1>exportcheck gate: " << esc(base) << " → " << esc(cand) << " <span id=\"gate\" class=\""
    << (g.passes() ? "gate-pass\">gate PASS" : "gate-fail\">gate FAIL") << "</span></h1>\n<dl class=\"run\">"
    << "<dt>baseline</dt><dd>" << esc(base) << " (run " << esc(g.baseline.id) << ")</dd>"
    << "<dt>candidate</dt><dd>" << esc(cand) << " (run " << esc(g.candidate.id) << ")</dd>";
  if (g.forward)
    o << "<dt>forward compat</dt><dd>torch " << esc(g.forward->torch) << " on the candidate's archives (run "
      << esc(g.forward->id) << ")</dd>";
  o << "</dl>\n<div class=\"counts\" id=\"counts\">";
  auto count = [&](const char* id, const char* href, size_t n, const std::string& what, bool bad) {
    o << "<a href=\"#" << href << "\"><span id=\"count-" << id << "\" data-count=\"" << n << "\" class=\""
      << (n && bad ? "gate-fail" : "muted") << "\">" << n << " " << esc(what) << "</span></a> ";
  };
  count("regressions", "regressions", g.count(RegressionKind::Regression), "regressions", true);
  count("forward-compat", "forward-compat", g.count(RegressionKind::ForwardCompat), "forward-compat failures", true);
  if (g.count(RegressionKind::BackwardCompat))
    count("backward-compat", "backward-compat", g.count(RegressionKind::BackwardCompat), "backward-compat failures", true);
  count("fixes", "fixes", g.fixes.size(), "fixes", false);
  count("drift", "drift", g.drift.size(), "golden drift", false);
  count("new", "entries", added, "new entries", false);
  count("removed", "entries", removed, "removed entries", false);
  count("export-time", "export-time", g.export_time.size(), "export-time changes", false);
  o << "<span class=\"muted\">" << g.rows.size() << " records side by side, " << differing << " differ</span></div>\n";
  if (g.still_unexpected)
    o << "<p class=\"muted\">" << g.still_unexpected << " record(s) unexpected under both releases (not a change).</p>\n";
  o << "</header>\n";

  regressions_section(o, g, RegressionKind::Regression, "regressions",
                      "Regressions: expected under " + base + ", unexpected under " + cand);
  regressions_section(o, g, RegressionKind::ForwardCompat, "forward-compat",
                      "Forward compat: " + (g.forward ? "torch " + g.forward->torch : base) + " on " + cand +
                          "'s archives" + (g.forward ? "" : " (no forward run given)"));
  regressions_section(o, g, RegressionKind::BackwardCompat, "backward-compat", "Backward compat: " + cand + " on older archives");

  o << "<section id=\"fixes\"><h2>Fixes under " << esc(cand) << " (" << g.fixes.size()
    << ", news: they do not fail the gate)</h2>\n";
  if (!g.fixes.empty()) {
    o << "<table><tr><th>record</th><th>baseline</th><th>candidate</th><th>message</th></tr>\n";
    for (const auto& f : g.fixes)
      o << "<tr><td class=\"id\">" << esc(f.id) << "</td>" << verdict_cell(f.before) << verdict_cell(f.after)
        << message_cell(f.message) << "</tr>\n";
    o << "</table>\n";
  }
  o << "</section>\n";

  o << "<section id=\"drift\"><h2>Golden IR drift (" << g.drift.size() << " program(s): matched under " << esc(base)
    << ", not under " << esc(cand) << ")</h2>\n";
  for (const auto& d : g.drift)
    o << "<details class=\"drift\" open><summary><code>" << esc(d.case_name) << "</code> [" << esc(d.variant) << "] <span class=\"v-"
      << to_string(d.before) << "\">" << to_string(d.before) << "</span> → <span class=\"v-" << to_string(d.after) << "\">"
      << to_string(d.after) << "</span></summary>" << diff_pre(d.diff) << "</details>\n";
  o << "</section>\n";

  o << "<section id=\"entries\"><h2>New and removed suite entries (" << added << " new, " << removed << " removed)</h2>\n";
  auto entries = [&](const char* what, const std::vector<SuiteEntries>& v) {
    for (const auto& e : v) {
      o << "<details class=\"entries\"><summary>" << what << " in " << esc(e.suite) << ": " << e.cases.size()
        << "</summary><p>";
      for (size_t i = 0; i < e.cases.size(); ++i) o << (i ? ", " : "") << "<code>" << esc(e.cases[i]) << "</code>";
      o << "</p></details>\n";
    }
  };
  entries("new", g.new_entries);
  entries("removed", g.removed_entries);
  o << "</section>\n";

  o << "<section id=\"export-time\"><h2>Export-time changes (" << g.export_time.size() << ")</h2>\n";
  if (!g.export_time.empty()) {
    o << "<table><tr><th>case</th><th>" << esc(base) << " (s)</th><th>" << esc(cand) << " (s)</th><th>ratio</th></tr>\n";
    for (const auto& t : g.export_time)
      o << "<tr><td class=\"id\">" << esc(t.case_name) << "</td><td>" << seconds(t.before) << "</td><td>" << seconds(t.after)
        << "</td><td>" << (t.before > 0 ? seconds(t.after / t.before) + "×" : "—") << "</td></tr>\n";
    o << "</table>\n";
  }
  o << "</section>\n";

  o << "<section id=\"side\"><h2>Side by side</h2>\n<section id=\"filters\">"
       "<label>text <input id=\"q\" type=\"search\" placeholder=\"case, stage, variant or verdict\"></label> "
       "<label><input id=\"only-diff\" type=\"checkbox\"> only differences</label> <span id=\"shown\" class=\"muted\"></span>"
       "</section>\n<noscript>The side-by-side table needs JavaScript; gate.json has its rows.</noscript>\n"
       "<table id=\"side-by-side\"><thead><tr><th>stage</th><th>variant</th><th>"
    << esc(base) << "</th><th>" << esc(cand) << "</th><th></th></tr></thead><tbody id=\"side-by-side-body\"></tbody></table>\n"
    << "<p id=\"more-rows\" hidden><button type=\"button\"></button></p>\n</section>\n";

  o << "<script type=\"application/json\" id=\"gate-data\">" << script_safe_json(compact_rows(g.rows))
    << "</script>\n<script>\n" << kGateJs << "</script>\n</body>\n</html>\n";
  return o.str();
}

void write_gate_dashboard(const std::filesystem::path& path, const GateReport& g) {
  write_file_atomically(path, gate_html(g));
}

}  // namespace exportcheck::report
