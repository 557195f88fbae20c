#include "harness/report/dashboard.h"

#include <algorithm>

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

std::string dashboard_html(const Summary& s, const Comparison* comparison) {
  nlohmann::json data = {{"summary", summary_to_json(s)},
                         {"comparison", comparison ? to_json(*comparison) : nlohmann::json(nullptr)},
                         {"not_run_columns", not_run_columns(s.results)}};
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
