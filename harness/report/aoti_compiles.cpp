#include "harness/report/aoti_compiles.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <tuple>

namespace exportcheck::report {

AotiCompiles aoti_compiles(const std::vector<StageResult>& results) {
  AotiCompiles out;
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  for (const StageResult& r : results) {
    if (!r.details.is_object() || !r.details.contains("aoti") || !r.details["aoti"].is_object()) continue;
    // Stages are <kind>:aoti:<device>; every aoti stage of a program carries the same compile.
    const auto last = r.stage.rfind(':');
    const std::string device = last == std::string::npos ? "" : r.stage.substr(last + 1);
    if (!seen.insert({r.case_name, r.variant, device}).second) continue;
    const nlohmann::json& a = r.details["aoti"];
    AotiCompileRecord p{r.case_name, r.variant, device, a.value("cache", ""), a.value("compile_seconds", 0.0)};
    if (p.cache == "hit") {
      ++out.hits;
      out.cached_seconds += p.compile_seconds;
    } else {
      p.cache == "rebuilt" ? ++out.rebuilt : ++out.misses;
      out.compiled_seconds += p.compile_seconds;
    }
    out.programs.push_back(std::move(p));
  }
  return out;
}

std::string aoti_line(const AotiCompiles& a) {
  if (a.programs.empty()) return "";
  const int compiled = a.misses + a.rebuilt;
  char buf[256];
  std::snprintf(buf, sizeof buf, "AOTInductor: %zu programs, %d compiled in %.1f s%s, %d from the compile cache (%.0f%% hits, %.1f s saved)",
                a.programs.size(), compiled, a.compiled_seconds,
                a.rebuilt ? (" (" + std::to_string(a.rebuilt) + " rebuilt)").c_str() : "", a.hits,
                100.0 * a.hits / static_cast<double>(a.programs.size()), a.cached_seconds);
  return buf;
}

nlohmann::json to_json(const AotiCompiles& a) {
  std::vector<const AotiCompileRecord*> order;
  for (const auto& p : a.programs) order.push_back(&p);
  std::stable_sort(order.begin(), order.end(),
                   [](auto* x, auto* y) { return x->compile_seconds > y->compile_seconds; });
  nlohmann::json slowest = nlohmann::json::array();
  for (size_t i = 0; i < order.size() && i < 10; ++i)
    slowest.push_back({{"case", order[i]->case_name}, {"variant", order[i]->variant}, {"device", order[i]->device},
                       {"cache", order[i]->cache}, {"compile_seconds", order[i]->compile_seconds}});
  return {{"programs", a.programs.size()}, {"hits", a.hits}, {"misses", a.misses}, {"rebuilt", a.rebuilt},
          {"hit_rate", a.programs.empty() ? 0.0 : a.hits / static_cast<double>(a.programs.size())},
          {"compiled_seconds", a.compiled_seconds}, {"cached_seconds", a.cached_seconds}, {"slowest", slowest}};
}

}  // namespace exportcheck::report
