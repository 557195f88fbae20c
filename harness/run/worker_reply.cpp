#include "harness/run/worker_reply.h"

namespace exportcheck::run {

std::optional<report::Outcome> worker_failure(const worker::Reply& reply) {
  switch (reply.status) {
    case worker::Reply::Status::Timeout: return report::Outcome{report::Outcome::Kind::Timeout, reply.message};
    case worker::Reply::Status::Crash: return report::Outcome{report::Outcome::Kind::Crash, reply.message};
    // Killed for passing the case's memory budget: a CRASH whose message
    // names the peak and the budget (worker/memory_budget.h).
    case worker::Reply::Status::MemoryExceeded: return report::Outcome{report::Outcome::Kind::Crash, reply.message};
    // The run records an interrupted case as not run (run_session.cpp), so
    // this outcome only ends the case's remaining stages quickly.
    case worker::Reply::Status::Interrupted: return report::Outcome{report::Outcome::Kind::Crash, reply.message};
    case worker::Reply::Status::Ok: break;
  }
  return std::nullopt;
}

std::string error_text(const nlohmann::json& error) {
  if (!error.is_object()) return error.dump();
  std::string type = error.value("error_type", "");
  std::string message = error.value("message", "");
  return type.empty() ? message : type + ": " + message;
}

}  // namespace exportcheck::run
