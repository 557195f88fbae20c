#include "harness/worker/json_lines_worker.h"

#include <fstream>

#include <unistd.h>

namespace exportcheck::worker {
namespace {

std::uintmax_t file_size_or_zero(const std::filesystem::path& p) {
  std::error_code ec;
  auto n = std::filesystem::file_size(p, ec);
  return ec ? 0 : n;
}

}  // namespace

JsonLinesWorker::JsonLinesWorker(WorkerConfig config) : config_(std::move(config)) {}
JsonLinesWorker::~JsonLinesWorker() = default;

void JsonLinesWorker::start() {
  if (process_ || interrupted()) return;
  SpawnOptions options;
  if (config_.command.empty()) {
    options.argv = {config_.python, "-u", "-m", config_.module, "--role", config_.role};
  } else {
    options.argv = config_.command;
  }
  options.cwd = config_.root;
  options.env_overrides = config_.env;
  options.env_overrides["PYTHONPATH"] = config_.python_path.empty() ? config_.root.string() : config_.python_path;
  options.env_overrides["PYTHONUNBUFFERED"] = "1";
  options.stderr_log = config_.log_path;
  options.interrupt = config_.interrupt;
  start_log_offset_ = file_size_or_zero(config_.log_path);
  process_ = std::make_unique<Subprocess>(options);
  ready_ = false;
  served_ = false;
}

void JsonLinesWorker::request_exit() {
  if (!process_) return;
  process_->request_exit();
  // Owned still (the destructor reaps it), but no longer usable.
  retired_.push_back(std::move(process_));
  ready_ = false;
}

void JsonLinesWorker::kill() {
  for (auto& p : retired_) p->kill();
  retired_.clear();
  if (!process_) return;
  process_->kill();
  process_.reset();
  ready_ = false;
}

Reply JsonLinesWorker::interrupted_reply() const {
  Reply reply;
  reply.status = Reply::Status::Interrupted;
  reply.message = "interrupted by " + signal_name(config_.interrupt->signal()) + "; " + config_.role + " worker killed";
  return reply;
}

void JsonLinesWorker::discard() {
  if (process_) process_->kill();
  process_.reset();
  ready_ = false;
  ++restarts_;
}

std::string JsonLinesWorker::stderr_since(std::uintmax_t offset) const {
  std::ifstream in(config_.log_path, std::ios::binary);
  if (!in) return "";
  auto size = file_size_or_zero(config_.log_path);
  constexpr std::uintmax_t kTail = 1500;
  if (size > offset + kTail) offset = size - kTail;
  in.seekg(static_cast<std::streamoff>(offset));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

Reply JsonLinesWorker::await_ready() {
  Reply reply;
  if (ready_) return reply;
  // Every way out of the wait adds its time to startup_wait_ (the caller's
  // time lost to this worker's start-up: run summary, benchmarks).
  struct Timer {
    double& total;
    Subprocess::Clock::time_point began = Subprocess::Clock::now();
    ~Timer() { total += std::chrono::duration<double>(Subprocess::Clock::now() - began).count(); }
  } timer{startup_wait_};
  std::string line;
  auto deadline = Subprocess::Clock::now() + config_.startup_timeout;
  for (;;) {
    auto status = process_->read_line(line, deadline);
    if (status == ReadStatus::Line) {
      auto parsed = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (parsed.is_object() && parsed.value("ready", false)) {
        hello_ = std::move(parsed);
        ready_ = true;
        return reply;
      }
      continue;  // not a protocol line: ignore
    }
    if (status == ReadStatus::Interrupted) {
      discard();
      return interrupted_reply();
    }
    reply.status = status == ReadStatus::Timeout ? Reply::Status::Timeout : Reply::Status::Crash;
    std::string how = status == ReadStatus::Timeout ? "did not start within " + std::to_string(config_.startup_timeout.count()) + " s"
                                                    : "died while starting (" + process_->exit_description() + ")";
    reply.message = config_.role + " worker " + how;
    auto tail = stderr_since(start_log_offset_);
    if (!tail.empty()) reply.message += "; stderr:\n" + tail;
    discard();
    return reply;
  }
}

Reply JsonLinesWorker::wait_ready() {
  start();
  if (interrupted()) {
    if (process_) discard();
    return interrupted_reply();
  }
  return await_ready();
}

Reply JsonLinesWorker::call(nlohmann::json request, std::chrono::duration<double> timeout) {
  start();
  if (interrupted()) {
    if (process_) discard();
    return interrupted_reply();
  }
  if (Reply r = await_ready(); r.status != Reply::Status::Ok) return r;
  // Memory an earlier request left behind is not this one's: start it in a
  // fresh worker (a fresh one over the budget is measured as it is).
  if (budget_.limited() && served_) {
    if (std::optional<std::uint64_t> now = process_->resident_bytes(); now && *now > budget_.bytes) {
      discard();
      start();
      if (Reply r = await_ready(); r.status != Reply::Status::Ok) return r;
    }
  }

  const long id = next_id_++;
  request["id"] = id;
  auto log_offset = file_size_or_zero(config_.log_path);
  auto began = Subprocess::Clock::now();
  auto deadline = began + std::chrono::duration_cast<Subprocess::Clock::duration>(timeout);
  Reply reply;
  auto finish = [&](Reply::Status status, std::string message) {
    process_->watch_memory(0);
    reply.status = status;
    reply.message = std::move(message);
    reply.seconds = std::chrono::duration<double>(Subprocess::Clock::now() - began).count();
    if (status != Reply::Status::Ok) {
      auto tail = stderr_since(log_offset);
      if (!tail.empty()) reply.message += "; stderr:\n" + tail;
      discard();
    }
    return reply;
  };

  auto over_budget = [&] {
    if (!process_->machine_memory_kill().empty())
      return finish(Reply::Status::MemoryExceeded, process_->machine_memory_kill() + "; " + config_.role + " worker killed");
    return finish(Reply::Status::MemoryExceeded, memory_budget_message(process_->memory_peak(), budget_) + "; " +
                                                     config_.role + " worker killed");
  };

  process_->watch_memory(budget_.bytes);
  served_ = true;
  if (!process_->write_line(request.dump())) {
    return finish(Reply::Status::Crash, config_.role + " worker was gone (" + process_->exit_description() + ")");
  }
  std::string line;
  for (;;) {
    auto status = process_->read_line(line, deadline);
    if (status == ReadStatus::Timeout) {
      return finish(Reply::Status::Timeout, "no reply within " + std::to_string(static_cast<int>(timeout.count())) + " s; " +
                                                config_.role + " worker killed");
    }
    if (status == ReadStatus::Interrupted) {
      discard();
      return interrupted_reply();
    }
    if (status == ReadStatus::MemoryExceeded) return over_budget();
    if (status == ReadStatus::Eof) {
      // Wait briefly so the exit status is known for the message.
      for (int i = 0; i < 100 && process_->exit_description().empty(); ++i) usleep(10'000);
      return finish(Reply::Status::Crash, config_.role + " worker crashed (" + process_->exit_description() + ")");
    }
    auto parsed = nlohmann::json::parse(line, nullptr, false);
    if (!parsed.is_object() || parsed.value("id", -1L) != id) continue;  // stray line
    // A peak past the budget between two polls counts as much as one seen by a poll.
    if (process_->memory_exceeded()) return over_budget();
    reply.body = std::move(parsed);
    return finish(Reply::Status::Ok, "");
  }
}

}  // namespace exportcheck::worker
