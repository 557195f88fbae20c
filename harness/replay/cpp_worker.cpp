#include "harness/replay/cpp_worker.h"

#include <memory>
#include <stdexcept>
#include <string>

#include <sys/stat.h>
#include <unistd.h>

#include <ATen/Context.h>
#include <torch/version.h>

#include "harness/replay/aoti_runner.h"
#include "harness/replay/bundle.h"
#include "harness/replay/cpp_replay.h"
#include "harness/replay/sequence_replay.h"

namespace exportcheck::replay {
namespace {

// The outputs of the last cpp replay that passed with no call changing the
// runner's state (replay_cpp's `made`), by runtime, device and the archive's
// and bundle's file identities: the sequence request that follows it makes
// the same calls (exporter/PROTOCOL.md, `sequence`). One entry.
struct ReplayMemo {
  std::string key;
  SampleOutputs outputs;
};

ReplayMemo& last_replay() {
  static ReplayMemo memo;  // the worker serves one request at a time
  return memo;
}

// path:inode:size:mtime, so a rewritten file is another one; "" when it cannot be read.
std::string file_identity(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "";
  return path + ":" + std::to_string(st.st_ino) + ":" + std::to_string(st.st_size) + ":" +
         std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec);
}

// The last bundle read, by file identity: replay, guards and sequence of one
// program read the same one, one request after the other.
// `identity`: file_identity of r.bundle ("" : read it).
std::shared_ptr<const Bundle> bundle_of(const ReplayRequest& r, const std::string& identity) {
  static std::string key;
  static std::shared_ptr<const Bundle> last;
  if (identity.empty() || identity != key) {
    key.clear();
    last = std::make_shared<const Bundle>(read_bundle(r.bundle));  // throws BundleError: a broken request
    key = identity;
  }
  return last;
}

std::string memo_key(const ReplayRequest& r, const std::string& bundle_identity) {
  const std::string archive = file_identity(r.archive.string());
  return archive.empty() || bundle_identity.empty() ? "" : "cpp|" + r.device + "|" + archive + "|" + bundle_identity;
}

}  // namespace

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
  if (auto reason = unavailable_reason(r.device)) return {{"ok", true}, {"passed", false}, {"unsupported", *reason}};
  const std::string bundle_identity = file_identity(r.bundle.string());
  const std::shared_ptr<const Bundle> bundle = bundle_of(r, bundle_identity);
  // Only our executor reports its state (mutated_buffers); an AOTInductor package does not.
  const std::string key = runtime == "cpp" ? memo_key(r, bundle_identity) : "";
  ReplayMemo& memo = last_replay();
  if (op == "replay") {
    memo = {};
    SampleOutputs made;
    nlohmann::json reply = replay_cpp(r, *bundle, factory, key.empty() ? nullptr : &made);
    if (!made.empty() && reply.value("passed", false)) memo = {key, std::move(made)};
    return reply;
  }
  if (op == "sequence")
    return sequence_cpp(r, *bundle, factory, !key.empty() && memo.key == key ? &memo.outputs : nullptr);
  return guards_cpp(r, *bundle, factory);
}

nlohmann::json cpp_worker_ready() {
  return {{"ready", true}, {"role", "cpp"}, {"pid", static_cast<long>(getpid())}, {"torch", TORCH_VERSION},
          {"cuda", at::hasCUDA()}};
}

worker::Handler cpp_worker_handler() { return {serve_cpp_request, exception_type_name}; }

}  // namespace exportcheck::replay
