// `exportcheck worker --role cpp`: the cpp runtime's worker process. Speaks
// the load worker's JSON-lines protocol (exporter/PROTOCOL.md, "cpp worker")
// so the harness runs our executor in a process of its own: a crash or hang
// in a kernel becomes CRASH/TIMEOUT of one case, never of the run.
#include <cstdio>
#include <iostream>
#include <string>

#include <unistd.h>

#include <ATen/Context.h>
#include <nlohmann/json.hpp>
#include <torch/version.h>

#include "harness/cli/arguments.h"
#include "harness/cli/commands.h"
#include "harness/replay/cpp_replay.h"

namespace exportcheck::cli {
namespace {

// Keeps a private copy of stdout for protocol lines and points fd 1 at
// stderr, so whatever LibTorch or a kernel prints lands in the log.
FILE* claim_stdout() {
  std::cout.flush();
  std::fflush(stdout);
  int protocol_fd = dup(1);
  if (protocol_fd < 0 || dup2(2, 1) < 0) throw std::runtime_error("worker: cannot re-point stdout");
  FILE* protocol = fdopen(protocol_fd, "w");
  if (!protocol) throw std::runtime_error("worker: fdopen failed");
  return protocol;
}

void send(FILE* protocol, const nlohmann::json& message) {
  std::string line = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::fwrite(line.data(), 1, line.size(), protocol);
  std::fflush(protocol);
}

nlohmann::json error_response(const nlohmann::json& id, const std::string& type, const std::string& message) {
  return {{"id", id}, {"ok", false}, {"error_type", type}, {"message", message}, {"traceback", ""}};
}

nlohmann::json serve(const nlohmann::json& request) {
  const std::string op = request.value("op", "");
  if (op != "replay" && op != "guards") {
    throw std::invalid_argument("role 'cpp' serves ops [guards, replay], not " + (request.contains("op") ? request["op"].dump() : "none"));
  }
  const std::string runtime = request.value("runtime", "cpp");
  if (runtime != "cpp") throw std::invalid_argument("the cpp worker runs runtime 'cpp', not '" + runtime + "'");
  for (const char* key : {"archive", "bundle"}) {
    if (!request.contains(key) || !request[key].is_string()) throw std::invalid_argument(std::string("request needs a string '") + key + "'");
  }
  replay::ReplayRequest r;
  r.archive = request["archive"].get<std::string>();
  r.bundle = request["bundle"].get<std::string>();
  r.device = request.value("device", "cpu");
  r.tolerance = replay::Tolerance::from_json(request.value("tolerance", nlohmann::json()));
  return op == "replay" ? replay::replay_cpp(r) : replay::guards_cpp(r);
}

}  // namespace

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

  FILE* protocol = claim_stdout();
  send(protocol, {{"ready", true}, {"role", "cpp"}, {"pid", static_cast<long>(getpid())}, {"torch", TORCH_VERSION},
                  {"cuda", at::hasCUDA()}});
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto request = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!request.is_object()) {
      send(protocol, error_response(nullptr, "ValueError",
                                    request.is_discarded() ? "unreadable request: not JSON"
                                                           : "unreadable request: a request is a JSON object, got " +
                                                                 std::string(request.type_name())));
      continue;
    }
    nlohmann::json id = request.contains("id") ? request["id"] : nlohmann::json(nullptr);
    nlohmann::json response;
    try {
      response = serve(request);
      response["id"] = id;
    } catch (const std::exception& e) {
      response = error_response(id, replay::exception_type_name(e), e.what());
    }
    send(protocol, response);
  }
  std::fclose(protocol);
  return 0;
}

}  // namespace exportcheck::cli
