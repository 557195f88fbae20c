#include "harness/run/worker_slot.h"

namespace exportcheck::run {

// OMP_NUM_THREADS sizes torch's intra-op pool in Python and in LibTorch;
// MKL_NUM_THREADS the BLAS calls of builds that use MKL.
static std::map<std::string, std::string> thread_env(const WorkerThreads& threads) {
  if (!threads.set_by_harness || threads.count < 1) return {};
  const std::string n = std::to_string(threads.count);
  return {{"OMP_NUM_THREADS", n}, {"MKL_NUM_THREADS", n}};
}

static worker::WorkerConfig config(const std::string& python, const std::string& python_path,
                                   const std::filesystem::path& root, const std::filesystem::path& log_dir,
                                   const std::string& role, int index, const worker::Interrupt* interrupt,
                                   const WorkerThreads& threads) {
  worker::WorkerConfig c;
  c.env = thread_env(threads);
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
                                       const worker::Interrupt* interrupt, const WorkerThreads& threads) {
  worker::WorkerConfig c;
  c.env = thread_env(threads);
  c.interrupt = interrupt;
  c.root = root;
  c.role = "cpp";
  c.command = {binary.string(), "worker", "--role", "cpp"};
  c.log_path = log_dir / ("cpp-" + std::to_string(index) + ".log");
  return c;
}

WorkerSlot::WorkerSlot(const std::string& python, const std::string& python_path, const std::filesystem::path& root,
                       const std::filesystem::path& log_dir, int index, const std::filesystem::path& exportcheck_binary,
                       const worker::Interrupt* interrupt, const WorkerThreads& threads)
    : exporter(config(python, python_path, root, log_dir, "export", index, interrupt, threads)),
      loader(config(python, python_path, root, log_dir, "load", index, interrupt, threads)),
      cpp(cpp_config(exportcheck_binary.empty() ? current_executable() : exportcheck_binary, root, log_dir, index,
                     interrupt, threads)) {}

std::filesystem::path current_executable() {
  std::error_code ec;
  auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path("exportcheck") : p;
}

}  // namespace exportcheck::run
