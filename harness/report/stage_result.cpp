#include "harness/report/stage_result.h"

#include <stdexcept>
#include <string_view>

namespace exportcheck::report {

std::string StageResult::id() const {
  std::string s = case_name + "::" + stage;
  if (!variant.empty()) s += "[" + variant + "]";
  return s;
}

nlohmann::json to_json(const StageResult& r) {
  nlohmann::json j = {{"case", r.case_name},         {"stage", r.stage},   {"variant", r.variant},
                      {"verdict", to_string(r.verdict)}, {"message", r.message}, {"seconds", r.seconds}};
  if (!r.reason.empty()) j["reason"] = r.reason;
  if (r.finding) j["finding"] = true;
  if (!r.details.empty()) j["details"] = r.details;
  return j;
}

StageResult stage_result_from_json(const nlohmann::json& j) {
  StageResult r;
  try {
    r.case_name = j.at("case").get<std::string>();
    r.stage = j.at("stage").get<std::string>();
    r.variant = j.value("variant", "");
    auto v = verdict_from_string(j.at("verdict").get<std::string>());
    if (!v) throw std::runtime_error("unknown verdict '" + j.at("verdict").get<std::string>() + "'");
    r.verdict = *v;
    r.message = j.value("message", "");
    r.reason = j.value("reason", "");
    r.finding = j.value("finding", false);
    r.seconds = j.value("seconds", 0.0);
    if (j.contains("details")) r.details = j.at("details");
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string("bad result record: ") + e.what());
  }
  return r;
}

namespace {
constexpr std::string_view kLegacyFindingPrefix = "finding: ";
}

std::string expected_reason(const StageResult& r) {
  if (r.verdict != Verdict::XFail && r.verdict != Verdict::Unsupported) return "";
  std::string reason = r.reason;
  if (reason.empty()) reason = r.verdict == Verdict::XFail ? r.message.substr(0, r.message.find(" — ")) : r.message;
  reason = reason.substr(0, reason.find('\n'));
  return reason.empty() ? "(no reason given)" : reason;
}

bool is_finding(const StageResult& r) {
  return r.verdict == Verdict::Pass && (r.finding || r.message.starts_with(kLegacyFindingPrefix));
}

}  // namespace exportcheck::report
