// exportcheck: a conformance and regression harness for torch.export.
#include <iostream>
#include <string>
#include <vector>

#include "harness/catalog/catalog.h"
#include "harness/cli/arguments.h"
#include "harness/cli/commands.h"

namespace {

const char* kHelp = R"(usage: exportcheck <command> [options]

commands:
  list       the catalog's cases, tags and devices (--json, --ctest)
  run        run cases: export, golden IR, replay against eager; write reports
  archive    print the canonical IR of a PT2 archive
  result     one case's results from a finished run (used by CTest)
  report     merge shard runs, compare with a baseline, write index.html
  gate       the release gate between two torch releases' runs (+ forward compat)
  replay     replay one archive against a replay bundle (module, nativert, cpp)
  repro      a standalone script (torch only) reproducing one stage of a case
  worker     the cpp runtime's worker process (--role cpp; JSON lines)

`exportcheck <command> --help` describes each. Exit codes: 0 all as
expected, 1 unexpected results, 2 usage or catalog error.
)";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kHelp;
    return args.empty() ? 2 : 0;
  }
  std::string command = args[0];
  args.erase(args.begin());
  using namespace exportcheck;
  try {
    if (command == "run") return cli::run_command(args);
    if (command == "list") return cli::list_command(args);
    if (command == "archive") return cli::archive_command(args);
    if (command == "result") return cli::result_command(args);
    if (command == "report") return cli::report_command(args);
    if (command == "gate") return cli::gate_command(args);
    if (command == "replay") return cli::replay_command(args);
    if (command == "repro") return cli::repro_command(args);
    if (command == "worker") return cli::worker_command(args);
    std::cerr << "exportcheck: unknown command '" << command << "'\n\n" << kHelp;
    return 2;
  } catch (const cli::UsageError& e) {
    std::cerr << e.what() << "\n";
    return 2;
  } catch (const catalog::CatalogError& e) {
    std::cerr << "exportcheck: catalog error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "exportcheck: " << e.what() << "\n";
    return 2;
  }
}
