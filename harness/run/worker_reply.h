#pragma once
// How the run stages read a worker's reply (exporter/PROTOCOL.md): one place
// for the dead/hung worker outcomes and for a worker-side error's text.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/report/expectation_logic.h"
#include "harness/worker/json_lines_worker.h"

namespace exportcheck::run {

// TIMEOUT or CRASH for a worker that hung or died (or was killed by an
// interruption, or for passing its memory budget); nullopt when it answered.
std::optional<report::Outcome> worker_failure(const worker::Reply& reply);

// "Type: message" of an error object ({"error_type", "message"}), or just
// the message when it has no type.
std::string error_text(const nlohmann::json& error);

}  // namespace exportcheck::run
