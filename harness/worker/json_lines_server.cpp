#include "harness/worker/json_lines_server.h"

#include <cstdio>
#include <iostream>
#include <stdexcept>

#include <unistd.h>

namespace exportcheck::worker {

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

}  // namespace

nlohmann::json error_reply(const nlohmann::json& id, const std::string& type, const std::string& message) {
  return {{"id", id}, {"ok", false}, {"error_type", type}, {"message", message}, {"traceback", ""}};
}

int serve_json_lines(const nlohmann::json& ready, const Handler& handler, std::istream& in) {
  FILE* protocol = claim_stdout();
  send(protocol, ready);
  std::string line;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto request = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!request.is_object()) {
      send(protocol, error_reply(nullptr, "ValueError",
                                 request.is_discarded() ? "unreadable request: not JSON"
                                                        : "unreadable request: a request is a JSON object, got " +
                                                              std::string(request.type_name())));
      continue;
    }
    nlohmann::json id = request.contains("id") ? request["id"] : nlohmann::json(nullptr);
    nlohmann::json response;
    try {
      response = handler.serve(request);
      response["id"] = id;
    } catch (const std::exception& e) {
      response = error_reply(id, handler.error_type ? handler.error_type(e) : "Exception", e.what());
    }
    send(protocol, response);
  }
  std::fclose(protocol);
  return 0;
}

}  // namespace exportcheck::worker
