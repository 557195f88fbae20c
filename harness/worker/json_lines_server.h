#pragma once
// The serving side of the JSON-lines worker protocol (exporter/PROTOCOL.md),
// for workers written in C++ (`exportcheck worker --role cpp`): the ready
// line, one reply per request line with its id, error replies for requests
// that are not JSON objects or whose handler throws. The Python workers
// implement the same loop in exporter/worker.py.
#include <functional>
#include <istream>
#include <string>

#include <nlohmann/json.hpp>

namespace exportcheck::worker {

struct Handler {
  // The reply to one request object ("id" is added here).
  std::function<nlohmann::json(const nlohmann::json& request)> serve;
  // The error_type of a reply to a request `serve` threw on.
  std::function<std::string(const std::exception&)> error_type;
};

// Points fd 1 at stderr (so whatever libraries print lands in the log),
// writes `ready` on the saved stdout, then serves `in` until it closes.
// Returns the exit status (0).
int serve_json_lines(const nlohmann::json& ready, const Handler& handler, std::istream& in);

// The reply the protocol gives to a request that could not be served.
nlohmann::json error_reply(const nlohmann::json& id, const std::string& type, const std::string& message);

}  // namespace exportcheck::worker
