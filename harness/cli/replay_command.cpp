// `exportcheck replay`: one archive against one replay bundle on one runtime
// and device: the command in every repro bundle (harness/replay/repro.h).
#include <charconv>
#include <iostream>
#include <string>

#include <unistd.h>

#include "harness/cli/arguments.h"
#include "harness/cli/commands.h"
#include "harness/cli/project_root.h"
#include "harness/replay/aoti_runner.h"
#include "harness/replay/cpp_replay.h"
#include "harness/worker/json_lines_worker.h"
#include "harness/worker/requests.h"

namespace exportcheck::cli {
namespace {

const char* kUsage = R"(usage: exportcheck replay --runtime module|nativert|cpp|aoti --device cpu|cuda
                          --archive A.pt2 --bundle B.pt [--package P.pt2] [--guards]
                          [--atol X] [--rtol Y] [--python PATH] [--root DIR] [--json]

Replays every sample of the bundle (format 2, harness/replay/BUNDLE.md) on the
archive's program and compares with the eager outputs; with --guards, runs the
guard samples, which must be refused. cpp runs in this process; module and
nativert in a Python load worker; aoti runs --package (the AOTInductor package
compiled from the archive) in this process. Prints PASS/FAIL/UNSUPPORTED and the message
(--json: the whole result). Exit 0 passed, 1 failed or unsupported, 2 usage.
)";

std::optional<double> number_flag(Arguments& args, const std::string& name) {
  auto v = args.value(name);
  if (!v) return std::nullopt;
  try {
    size_t used = 0;
    double d = std::stod(*v, &used);
    if (used != v->size()) throw std::invalid_argument(*v);
    return d;
  } catch (const std::exception&) {
    throw UsageError("exportcheck replay: " + name + " needs a number, got '" + *v + "'");
  }
}

nlohmann::json python_replay(const std::string& op, const std::string& runtime, const replay::ReplayRequest& request,
                             const std::optional<std::string>& python_flag, const std::optional<std::string>& root_flag) {
  auto root = find_root(root_flag);
  auto source = find_source_root(root);
  worker::WorkerConfig config;
  config.python = find_python(python_flag, root);
  config.root = root;
  config.python_path = source == root ? root.string() : root.string() + ":" + source.string();
  config.role = "load";
  config.log_path = std::filesystem::temp_directory_path() / ("exportcheck-replay-" + std::to_string(getpid()) + ".log");
  worker::JsonLinesWorker loader(config);
  const worker::RuntimeTarget target{runtime, request.device, request.archive.string(), request.bundle.string(),
                                     request.tolerance, /*model_module=*/""};
  const nlohmann::json body = op == "guards" ? worker::guards_request(target) : worker::replay_request(target);
  auto reply = loader.call(body, std::chrono::seconds(600));
  std::error_code ec;
  nlohmann::json out;
  if (reply.status != worker::Reply::Status::Ok) {
    out = {{"ok", false}, {"error_type", reply.status == worker::Reply::Status::Timeout ? "TIMEOUT" : "CRASH"},
           {"message", reply.message}};
  } else {
    out = reply.body;
    out.erase("id");
  }
  std::filesystem::remove(config.log_path, ec);
  return out;
}

}  // namespace

int replay_command(const std::vector<std::string>& argv) {
  Arguments args(argv, "exportcheck replay");
  if (args.flag("--help") || args.flag("-h")) {
    std::cout << kUsage;
    return 0;
  }
  auto runtime = args.value("--runtime");
  auto device = args.value("--device");
  auto archive = args.value("--archive");
  auto bundle = args.value("--bundle");
  auto package = args.value("--package");
  bool guards = args.flag("--guards");
  bool json = args.flag("--json");
  auto python = args.value("--python");
  auto root = args.value("--root");
  replay::ReplayRequest request;
  request.tolerance.atol = number_flag(args, "--atol");
  request.tolerance.rtol = number_flag(args, "--rtol");
  args.finish();
  if (!runtime || !archive || !bundle) throw UsageError("exportcheck replay: needs --runtime, --archive and --bundle\n\n" + std::string(kUsage));
  if (*runtime != "cpp" && *runtime != "module" && *runtime != "nativert" && *runtime != "aoti") {
    throw UsageError("exportcheck replay: --runtime is module, nativert, cpp or aoti, not '" + *runtime + "'");
  }
  if ((*runtime == "aoti") != package.has_value())
    throw UsageError("exportcheck replay: --package (the AOTInductor package) goes with --runtime aoti, and only with it");
  request.device = device.value_or("cpu");
  request.archive = std::filesystem::absolute(*archive);
  request.bundle = std::filesystem::absolute(*bundle);
  for (const auto& p : {request.archive, request.bundle}) {
    if (!std::filesystem::is_regular_file(p)) throw UsageError("exportcheck replay: no such file: " + p.string());
  }
  if (package && !std::filesystem::is_regular_file(*package))
    throw UsageError("exportcheck replay: no such file: " + std::filesystem::absolute(*package).string());
  const std::string op = guards ? "guards" : "replay";
  const std::string stage = op + ":" + *runtime + ":" + request.device;

  nlohmann::json result;
  if (*runtime == "cpp" || *runtime == "aoti") {
    try {
      (void)replay::unavailable_reason(request.device);
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string("exportcheck replay: ") + e.what());
    }
    const replay::RunnerFactory factory =
        package ? replay::aoti_runner_factory(std::filesystem::absolute(*package)) : replay::default_runner_factory();
    result = guards ? replay::guards_cpp(request, factory) : replay::replay_cpp(request, factory);
  } else {
    result = python_replay(op, *runtime, request, python, root);
  }

  if (json) std::cout << result.dump() << "\n";
  if (!result.value("ok", false)) {
    std::cout << "ERROR: " << stage << ": " << result.value("error_type", "") << ": " << result.value("message", "") << "\n";
    return 1;
  }
  if (result.contains("unsupported")) {
    std::cout << "UNSUPPORTED: " << stage << ": " << result["unsupported"].get<std::string>() << "\n";
    return 1;
  }
  if (result.value("passed", false)) {
    std::cout << "PASS: " << stage << ": ";
    if (guards) {
      std::cout << result.value("checked", 0) << " guard samples refused";
    } else {
      std::cout << result.value("samples", 0) << " samples";
    }
    std::cout << " (" << result.value("seconds", 0.0) << " s)\n";
    return 0;
  }
  std::cout << "FAIL: " << stage << ": " << result.value("message", std::string("failed")) << "\n";
  return 1;
}

}  // namespace exportcheck::cli
