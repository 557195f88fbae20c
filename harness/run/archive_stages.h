#pragma once
// Stages `archive` and `roundtrip` of an exported PT2 archive.
//
// archive: every check of validate/ (named findings) on the archive torch wrote.
// roundtrip: three checks, recorded as stages roundtrip:validate,
// roundtrip:bytes and roundtrip:reload (an expectation keyed `roundtrip`
// covers all three, `roundtrip:<check>` one). The C++ rewrite (validate/archive_rewrite.h) goes to
// <case>/roundtrip/<mode>/<ir>.rewritten.pt2;
//   validate: the rewrite passes every archive check;
//   bytes:    it holds the original's entries byte for byte (JSON by value);
//   reload:   the load worker (no model code) torch.export.loads the rewrite
//             and torch.export.saves it to <ir>.resaved.pt2, whose canonical
//             IR must equal the rewrite's.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/catalog/schema.h"
#include "harness/report/expectation_logic.h"
#include "harness/worker/json_lines_worker.h"

namespace exportcheck::run {

struct Check {
  report::Outcome outcome;
  double seconds = 0;
  nlohmann::json details = nlohmann::json::object();
};

Check archive_check(const std::filesystem::path& archive);

struct RoundtripCheck {
  std::string name;                 // "validate", "bytes", "reload"
  std::optional<Check> result;      // nullopt: not run, for `not_run_reason`
  std::string not_run_reason;
};

struct RoundtripRequest {
  std::filesystem::path archive;    // <case>/<mode>/<ir>.pt2
  std::filesystem::path work_dir;   // <case>/roundtrip/<mode>
  std::string bundle;               // <mode>/replay.pt ("" for none): its type_modules register dataclass input types before load
  std::string model_module;         // forbidden in the load worker
  double timeout_s = 300;
  nlohmann::json preload = nlohmann::json::array();  // the case's `preload`: modules the load worker imports first
};

std::vector<RoundtripCheck> roundtrip_checks(worker::JsonLinesWorker& loader, const RoundtripRequest& request);
// (The checks, in order, are catalog::schema::kRoundtripChecks: stages roundtrip:<check>.)

}  // namespace exportcheck::run
