#include "harness/report/pass_rate.h"

#include <cmath>

namespace exportcheck::report {

void PassRate::add(Verdict v) {
  if (v == Verdict::Unsupported || v == Verdict::Skip) {
    ++not_run;
    return;
  }
  ++ran;
  passed += v == Verdict::Pass;
  xfail += v == Verdict::XFail;
}

std::optional<double> PassRate::rate() const {
  if (ran == 0) return std::nullopt;
  return static_cast<double>(passed) / ran;
}

nlohmann::json to_json(const PassRate& p) {
  const auto r = p.rate();
  return {{"passed", p.passed}, {"ran", p.ran}, {"xfail", p.xfail}, {"not_run", p.not_run},
          {"rate", r ? nlohmann::json(std::round(*r * 1e4) / 1e4) : nlohmann::json(nullptr)}};
}

}  // namespace exportcheck::report
