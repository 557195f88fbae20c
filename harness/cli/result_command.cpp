#include <iostream>

#include "harness/cli/arguments.h"
#include "harness/cli/commands.h"
#include "harness/report/summary_json.h"

namespace exportcheck::cli {

// Used by the per-case CTest tests: prints one case's records from a run and
// fails if any is unexpected.
int result_command(const std::vector<std::string>& argv) {
  Arguments args(argv, "exportcheck result");
  if (args.flag("--help") || args.flag("-h")) {
    std::cout << "usage: exportcheck result --run DIR --case NAME\n\n"
                 "Prints the case's results from DIR/summary.json; exit 1 if any is unexpected.\n";
    return 0;
  }
  auto run = args.value("--run");
  auto name = args.value("--case");
  args.finish();
  if (!run || !name) throw UsageError("exportcheck result: needs --run DIR and --case NAME");
  auto summary = report::read_summary(std::filesystem::path(*run) / "summary.json");
  int found = 0, unexpected = 0;
  for (const auto& r : summary.results) {
    if (r.case_name != *name) continue;
    ++found;
    bool bad = report::is_unexpected(r.verdict);
    unexpected += bad;
    std::cout << report::to_string(r.verdict) << ": " << r.id() << "\n";
    if (bad || !r.message.empty()) std::cout << "    " << r.message << "\n";
  }
  if (!found) {
    std::cerr << "exportcheck result: no results for case '" << *name << "' in " << *run << "\n";
    return 1;
  }
  return unexpected ? 1 : 0;
}

}  // namespace exportcheck::cli
