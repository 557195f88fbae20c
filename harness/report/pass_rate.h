#pragma once
// How often a group of records (a stage, a runtime) passed, among those that
// ran: PASS ÷ ran, with UNSUPPORTED and SKIP left out and XFAIL counted
// apart (it ran and did not pass), as trend.html reads a stage's pass rate.
#include <optional>

#include <nlohmann/json.hpp>

#include "harness/report/verdict.h"

namespace exportcheck::report {

struct PassRate {
  int passed = 0;   // PASS
  int ran = 0;      // every record but UNSUPPORTED and SKIP (XFAIL, FAIL, FIXED, ... included)
  int xfail = 0;    // XFAIL, within ran
  int not_run = 0;  // UNSUPPORTED and SKIP

  void add(Verdict v);
  // passed / ran; nullopt when nothing ran.
  std::optional<double> rate() const;
};

// {"passed", "ran", "xfail", "not_run", "rate"}: rate rounded to 4 decimals, null when nothing ran.
nlohmann::json to_json(const PassRate& p);

}  // namespace exportcheck::report
