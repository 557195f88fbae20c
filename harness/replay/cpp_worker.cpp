#include "harness/replay/cpp_worker.h"

#include <stdexcept>
#include <string>

#include <unistd.h>

#include <ATen/Context.h>
#include <torch/version.h>

#include "harness/replay/aoti_runner.h"
#include "harness/replay/cpp_replay.h"
#include "harness/replay/sequence_replay.h"

namespace exportcheck::replay {

nlohmann::json serve_cpp_request(const nlohmann::json& request) {
  const std::string op = request.value("op", "");
  if (op != "replay" && op != "guards" && op != "sequence") {
    throw std::invalid_argument("role 'cpp' serves ops [guards, replay, sequence], not " + (request.contains("op") ? request["op"].dump() : "none"));
  }
  const std::string runtime = request.value("runtime", "cpp");
  if (runtime != "cpp" && runtime != "aoti")
    throw std::invalid_argument("the cpp worker runs runtimes 'cpp' and 'aoti', not '" + runtime + "'");
  for (const char* key : {"archive", "bundle"}) {
    if (!request.contains(key) || !request[key].is_string()) throw std::invalid_argument(std::string("request needs a string '") + key + "'");
  }
  if (runtime == "aoti" && !(request.contains("package") && request["package"].is_string()))
    throw std::invalid_argument("runtime 'aoti' needs a string 'package' (the compiled AOTInductor package)");
  ReplayRequest r;
  r.archive = request["archive"].get<std::string>();
  r.bundle = request["bundle"].get<std::string>();
  r.device = request.value("device", "cpu");
  r.tolerance = Tolerance::from_json(request.value("tolerance", nlohmann::json()));
  const RunnerFactory factory = runtime == "aoti" ? aoti_runner_factory(request["package"].get<std::string>())
                                                  : default_runner_factory();
  if (op == "sequence") return sequence_cpp(r, factory);
  return op == "replay" ? replay_cpp(r, factory) : guards_cpp(r, factory);
}

nlohmann::json cpp_worker_ready() {
  return {{"ready", true}, {"role", "cpp"}, {"pid", static_cast<long>(getpid())}, {"torch", TORCH_VERSION},
          {"cuda", at::hasCUDA()}};
}

worker::Handler cpp_worker_handler() { return {serve_cpp_request, exception_type_name}; }

}  // namespace exportcheck::replay
