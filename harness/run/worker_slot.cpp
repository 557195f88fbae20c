#include "harness/run/worker_slot.h"

namespace exportcheck::run {

static worker::WorkerConfig config(const std::string& python, const std::string& python_path,
                                   const std::filesystem::path& root, const std::filesystem::path& log_dir,
                                   const std::string& role, int index) {
  worker::WorkerConfig c;
  c.python = python;
  c.python_path = python_path;
  c.root = root;
  c.role = role;
  c.log_path = log_dir / (role + "-" + std::to_string(index) + ".log");
  return c;
}

WorkerSlot::WorkerSlot(const std::string& python, const std::string& python_path, const std::filesystem::path& root,
                       const std::filesystem::path& log_dir, int index)
    : exporter(config(python, python_path, root, log_dir, "export", index)),
      loader(config(python, python_path, root, log_dir, "load", index)) {}

}  // namespace exportcheck::run
