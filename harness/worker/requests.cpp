#include "harness/worker/requests.h"

namespace exportcheck::worker {
namespace {

using nlohmann::json;

json forbid_modules(const std::string& model_module) {
  return model_module.empty() ? json::array() : json::array({model_module});
}

void add_preload(json& request, const json& preload) {
  if (preload.is_array() && !preload.empty()) request["preload"] = preload;
}

json runtime_request(const char* op, const RuntimeTarget& t) {
  json j = {{"op", op},
            {"runtime", t.runtime},
            {"device", t.device},
            {"archive", t.archive},
            {"bundle", t.bundle},
            {"tolerance", t.tolerance.to_json()},
            {"forbid_modules", forbid_modules(t.model_module)}};
  if (!t.package.empty()) j["package"] = t.package;
  add_preload(j, t.preload);
  return j;
}

}  // namespace

json export_request(const json& normalized_case, const std::string& out_dir) {
  return {{"op", "export"}, {"case", normalized_case}, {"out_dir", out_dir}};
}

json list_suite_request(const std::string& suite) { return {{"op", "list_suite"}, {"suite", suite}}; }

json repro_request(const json& normalized_case, const ReproTarget& t, const json& preload) {
  json j = {{"op", "repro"}, {"case", normalized_case}, {"stage", t.stage}, {"mode", t.mode},
            {"ir", t.ir}, {"out_dir", t.out_dir}, {"tolerances", resolved_tolerances(t.tolerance)}};
  if (t.sample) j["sample"] = *t.sample;
  add_preload(j, preload);
  return j;
}

json replay_request(const RuntimeTarget& target) {
  json j = runtime_request("replay", target);
  j["tolerances"] = resolved_tolerances(target.tolerance);
  return j;
}

json guards_request(const RuntimeTarget& target) { return runtime_request("guards", target); }

json sequence_request(const RuntimeTarget& target) {
  json j = runtime_request("sequence", target);
  j["tolerances"] = resolved_tolerances(target.tolerance);
  return j;
}

json resave_request(const std::string& archive, const std::string& out, const std::string& bundle,
                    const std::string& model_module, const json& preload) {
  json j = {{"op", "resave"}, {"archive", archive}, {"out", out}, {"bundle", bundle},
            {"forbid_modules", forbid_modules(model_module)}};
  add_preload(j, preload);
  return j;
}

json aoti_compile_request(const AotiCompileTarget& t) {
  json j = {{"op", "aoti_compile"}, {"archive", t.archive}, {"device", t.device}, {"cache_dir", t.cache_dir},
            {"options", t.options.is_object() ? t.options : json::object()}, {"forbid_modules", forbid_modules(t.model_module)}};
  add_preload(j, t.preload);
  return j;
}

}  // namespace exportcheck::worker
