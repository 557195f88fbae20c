#include "harness/run/worker_slot.h"

namespace exportcheck::run {

static worker::WorkerConfig config(const std::string& python, const std::string& python_path,
                                   const std::filesystem::path& root, const std::filesystem::path& log_dir,
                                   const std::string& role, int index, const worker::Interrupt* interrupt) {
  worker::WorkerConfig c;
  c.interrupt = interrupt;
  c.python = python;
  c.python_path = python_path;
  c.root = root;
  c.role = role;
  c.log_path = log_dir / (role + "-" + std::to_string(index) + ".log");
  return c;
}

static worker::WorkerConfig cpp_config(const std::filesystem::path& binary, const std::filesystem::path& root,
                                       const std::filesystem::path& log_dir, int index,
                                       const worker::Interrupt* interrupt) {
  worker::WorkerConfig c;
  c.interrupt = interrupt;
  c.root = root;
  c.role = "cpp";
  c.command = {binary.string(), "worker", "--role", "cpp"};
  c.log_path = log_dir / ("cpp-" + std::to_string(index) + ".log");
  return c;
}

WorkerSlot::WorkerSlot(const std::string& python, const std::string& python_path, const std::filesystem::path& root,
                       const std::filesystem::path& log_dir, int index, const std::filesystem::path& exportcheck_binary,
                       const worker::Interrupt* interrupt)
    : exporter(config(python, python_path, root, log_dir, "export", index, interrupt)),
      loader(config(python, python_path, root, log_dir, "load", index, interrupt)),
      cpp(cpp_config(exportcheck_binary.empty() ? current_executable() : exportcheck_binary, root, log_dir, index,
                     interrupt)) {}

std::filesystem::path current_executable() {
  std::error_code ec;
  auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path("exportcheck") : p;
}

}  // namespace exportcheck::run
