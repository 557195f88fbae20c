// `exportcheck worker --role cpp`: the cpp runtime's worker process. The
// loop is worker/json_lines_server.h, the role replay/cpp_worker.h; this
// file only reads the command line.
#include <iostream>
#include <string>

#include "harness/cli/arguments.h"
#include "harness/cli/commands.h"
#include "harness/replay/cpp_worker.h"
#include "harness/worker/json_lines_server.h"

namespace exportcheck::cli {

int worker_command(const std::vector<std::string>& argv) {
  Arguments args(argv, "exportcheck worker");
  if (args.flag("--help") || args.flag("-h")) {
    std::cout << "usage: exportcheck worker --role cpp\n\n"
                 "Serves replay/guards requests for the cpp runtime as JSON lines on stdin/stdout\n"
                 "(exporter/PROTOCOL.md, \"cpp worker\"); exits 0 when stdin closes.\n";
    return 0;
  }
  auto role = args.value("--role");
  args.finish();
  if (!role || *role != "cpp") throw UsageError("exportcheck worker: needs --role cpp");
  return worker::serve_json_lines(replay::cpp_worker_ready(), replay::cpp_worker_handler(), std::cin);
}

}  // namespace exportcheck::cli
