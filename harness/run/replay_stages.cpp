#include "harness/run/replay_stages.h"

#include <chrono>
#include <string_view>

#include "harness/replay/repro.h"
#include "harness/run/worker_reply.h"
#include "harness/worker/requests.h"

namespace exportcheck::run {
namespace {

using nlohmann::json;
using report::Outcome;

json request_json(const char* op, const RuntimeRequest& r) {
  const worker::RuntimeTarget target{r.runtime, r.device, r.archive.string(), r.bundle.string(),
                                     worker::Tolerance::from_json(r.tolerance), r.model_module, r.preload,
                                     r.package.string()};
  if (std::string_view(op) == "sequence") return worker::sequence_request(target);
  return std::string_view(op) == "replay" ? worker::replay_request(target) : worker::guards_request(target);
}

// The reply of either worker: a dead or hung worker, a request the worker
// could not serve, an absent runtime or device, or the runtime's answer.
RuntimeCheck call(worker::JsonLinesWorker& worker, const char* op, const RuntimeRequest& r) {
  RuntimeCheck out;
  const worker::Reply reply = worker.call(request_json(op, r), std::chrono::duration<double>(r.timeout_s));
  out.check.seconds = reply.seconds;
  if (auto failure = worker_failure(reply)) {
    out.check.outcome = *failure;
    return out;
  }
  const json& b = reply.body;
  if (!b.value("ok", false)) {
    out.check.outcome = {Outcome::Kind::Fail, std::string(op) + " error: " + error_text(b)};
  } else if (b.contains("unsupported")) {
    out.unsupported = b.value("unsupported", "");
  } else if (b.value("passed", false)) {
    // A pass may say what it did not check ("values not compared: ...").
    out.check.outcome = {Outcome::Kind::Pass, b.value("message", "")};
  } else {
    out.check.outcome = {Outcome::Kind::Fail, b.value("message", "")};
  }
  out.check.details = json::object();
  for (const char* key : {"samples", "checked", "calls", "failing_sample", "label", "accepted", "status", "calls_from_replay"})
    if (b.contains(key)) out.check.details[key] = b[key];
  return out;
}

}  // namespace

AotiCompile aoti_compile(worker::JsonLinesWorker& loader, const worker::AotiCompileTarget& target, double timeout_s) {
  AotiCompile out;
  const worker::Reply reply = loader.call(worker::aoti_compile_request(target), std::chrono::duration<double>(timeout_s));
  out.seconds = reply.seconds;
  if (auto failure = worker_failure(reply)) {
    failure->message = "aoti compile: " + failure->message;
    out.failed = failure;
    return out;
  }
  const json& b = reply.body;
  if (!b.value("ok", false)) {
    out.failed = Outcome{Outcome::Kind::Fail, "aoti compile error: " + error_text(b)};
  } else if (b.contains("unsupported")) {
    out.unsupported = b.value("unsupported", "");
  } else if (!b.value("compiled", false) || !b.contains("package") || !b["package"].is_string()) {
    out.failed = Outcome{Outcome::Kind::Fail, b.value("message", "aoti compile: no package")};
  } else {
    out.package = std::filesystem::path(b["package"].get<std::string>());
    json aoti = json::object();
    for (const char* key : {"compile_seconds", "cache", "key", "rebuilt_because"})
      if (b.contains(key)) aoti[key] = b[key];
    out.details["aoti"] = aoti;
  }
  return out;
}

RuntimeCheck replay_check(worker::JsonLinesWorker& worker, const RuntimeRequest& request) {
  RuntimeCheck out = call(worker, "replay", request);
  if (out.unsupported || out.check.outcome.kind != Outcome::Kind::Fail) return out;
  if (out.check.outcome.message.empty()) out.check.outcome.message = "outputs differ from eager";
  const json& d = out.check.details;
  if (!d.contains("failing_sample") || !d["failing_sample"].is_number_integer()) return out;
  // Nothing to replay when eager itself has no output on the device.
  if (d.value("status", "") == worker::kNoEagerOutput) return out;
  // The failing sample as a bundle of its own, with the one command that replays it.
  try {
    replay::write_repro(request.repro_dir, request.archive, request.bundle, d["failing_sample"].get<std::size_t>(),
                        request.runtime, request.device,
                        replay::ReproOptions{replay::Tolerance::from_json(request.tolerance), request.exportcheck_binary,
                                             out.check.outcome.message, request.package});
    out.check.details["repro"] = request.repro_dir.string();
    out.check.outcome.message += " [repro: " + request.repro_dir.string() + "]";
  } catch (const std::exception& e) {
    out.check.outcome.message += " [no repro bundle: " + std::string(e.what()) + "]";
  }
  return out;
}

RuntimeCheck guards_check(worker::JsonLinesWorker& worker, const RuntimeRequest& request) {
  RuntimeCheck out = call(worker, "guards", request);
  if (out.unsupported || out.check.outcome.kind != Outcome::Kind::Pass) {
    if (!out.unsupported && out.check.outcome.kind == Outcome::Kind::Fail && out.check.outcome.message.empty())
      out.check.outcome.message = "accepted an input outside the program's ranges";
    return out;
  }
  // Nothing to step outside of: a static program, or ranges without finite bounds.
  if (out.check.details.value("checked", 0) == 0)
    out.unsupported = "no symbol with a finite bound to step outside (static program or unbounded ranges)";
  return out;
}

RuntimeCheck sequence_check(worker::JsonLinesWorker& worker, const RuntimeRequest& request) {
  RuntimeCheck out = call(worker, "sequence", request);
  if (!out.unsupported && out.check.outcome.kind == Outcome::Kind::Fail && out.check.outcome.message.empty())
    out.check.outcome.message = "a call's outputs or the final buffers differ from eager called in the same order";
  return out;  // no repro bundle: the failure needs every call before it
}

}  // namespace exportcheck::run
