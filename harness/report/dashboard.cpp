#include "harness/report/dashboard.h"
#include "harness/report/stage_order.h"

#include <algorithm>
#include <unordered_map>

#include "harness/report/atomic_file.h"
#include "harness/report/dashboard_page.h"
#include "harness/report/not_run_cause.h"

namespace exportcheck::report {
namespace {

std::string html_text(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

nlohmann::json not_run_columns(const std::vector<StageResult>& results) {
  nlohmann::json groups = nlohmann::json::array();
  for (const NotRunStage& st : stages_not_run(results)) {
    const std::string& cause = st.causes.front().cause;
    nlohmann::json causes = nlohmann::json::array();
    for (const auto& c : st.causes) causes.push_back(nlohmann::json::object({{"cause", c.cause}, {"count", c.count}}));
    auto it = std::find_if(groups.begin(), groups.end(), [&](const nlohmann::json& g) { return g["cause"] == cause; });
    if (it == groups.end())
      it = groups.insert(groups.end(), nlohmann::json::object({{"cause", cause}, {"stages", nlohmann::json::array()}}));
    (*it)["stages"].push_back(nlohmann::json::object({{"stage", st.stage}, {"count", st.count}, {"causes", causes}}));
  }
  return groups;
}

nlohmann::json compact_records(const std::vector<StageResult>& results) {
  nlohmann::json strings = nlohmann::json::array(), rows = nlohmann::json::array();
  std::unordered_map<std::string, int> index;
  auto id = [&](std::string_view text) {
    auto [it, fresh] = index.emplace(std::string(text), static_cast<int>(index.size()));
    if (fresh) strings.push_back(it->first);
    return it->second;
  };
  for (const auto& r : results) {
    nlohmann::json row = {id(r.case_name), id(r.stage), id(r.variant), id(to_string(r.verdict)), id(r.message), r.seconds};
    nlohmann::json extra = nlohmann::json::object();
    if (!r.reason.empty()) extra["reason"] = id(r.reason);
    if (r.finding) extra["finding"] = true;
    if (!r.details.empty()) extra["details"] = r.details;
    if (!extra.empty()) row.push_back(std::move(extra));
    rows.push_back(std::move(row));
  }
  return {{"strings", std::move(strings)}, {"rows", std::move(rows)}};
}

std::string script_safe_json(const nlohmann::json& j) {
  std::string text = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  for (char c : text) {
    if (c == '<')
      out += "\\u003c";
    else
      out += c;
  }
  return out;
}

// kStageOrder for the page's column order.
static nlohmann::json stage_order_json() {
  nlohmann::json order = nlohmann::json::array();
  for (std::string_view root : kStageOrder) order.push_back(std::string(root));
  return order;
}

std::string dashboard_html(const Summary& s, const Comparison* comparison) {
  // The records once, compact (compact_records); the page rebuilds summary.json's `results` from them.
  nlohmann::json summary = summary_to_json(s);
  summary["results"] = nlohmann::json::array();
  nlohmann::json data = {{"summary", std::move(summary)},
                         {"records", compact_records(s.results)},
                         {"comparison", comparison ? to_json(*comparison) : nlohmann::json(nullptr)},
                         {"not_run_columns", not_run_columns(s.results)},
                         {"stage_order", stage_order_json()}};
  std::string out;
  out.reserve(64 * 1024);
  out += "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>exportcheck ";
  out += html_text(s.run.id);
  out += "</title>\n<style>\n";
  out += kDashboardCss;
  out += "</style>\n</head>\n<body>\n";
  out += kDashboardBody;
  out += "<script type=\"application/json\" id=\"exportcheck-data\">";
  out += script_safe_json(data);
  out += "</script>\n<script>\n";
  out += kDashboardJs;
  out += "</script>\n</body>\n</html>\n";
  return out;
}

void write_dashboard(const std::filesystem::path& path, const Summary& s, const Comparison* comparison) {
  write_file_atomically(path, dashboard_html(s, comparison));
}

}  // namespace exportcheck::report
