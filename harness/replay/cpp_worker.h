#pragma once
// The cpp worker's role: what `exportcheck worker --role cpp` serves over the
// JSON-lines protocol (worker/json_lines_server.h) so the harness runs the
// C++ executor in a process of its own: a crash or hang in a kernel becomes
// CRASH/TIMEOUT of one case, never of the run.
#include <nlohmann/json.hpp>

#include "harness/worker/json_lines_server.h"

namespace exportcheck::replay {

// One replay or guards request (exporter/protocol.py ReplayRequest /
// GuardsRequest with runtime "cpp") answered; throws std::invalid_argument
// for a request of another op or runtime.
nlohmann::json serve_cpp_request(const nlohmann::json& request);

// The ready line's fields and the handler, for worker::serve_json_lines.
nlohmann::json cpp_worker_ready();
worker::Handler cpp_worker_handler();

}  // namespace exportcheck::replay
