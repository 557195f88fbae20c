#pragma once
// The CLI's subcommands. Each returns the process exit code:
// 0 every result as expected, 1 any unexpected result, 2 usage or catalog error.
#include <string>
#include <vector>

namespace exportcheck::cli {

int run_command(const std::vector<std::string>& args);      // exportcheck run ...
int list_command(const std::vector<std::string>& args);     // exportcheck list ...
int archive_command(const std::vector<std::string>& args);  // exportcheck archive print PATH
int result_command(const std::vector<std::string>& args);   // exportcheck result --run DIR --case NAME
int report_command(const std::vector<std::string>& args);   // exportcheck report --merge/--baseline/--html
int gate_command(const std::vector<std::string>& args);     // exportcheck gate --baseline RUN --candidate RUN --out DIR
int replay_command(const std::vector<std::string>& args);   // exportcheck replay --runtime R --device D --archive A --bundle B
int repro_command(const std::vector<std::string>& args);    // exportcheck repro CASE --stage S --out DIR
int worker_command(const std::vector<std::string>& args);   // exportcheck worker --role cpp (JSON lines)

}  // namespace exportcheck::cli
