#pragma once
// The workers one scheduling slot (one of -j N) owns: an export worker that
// imports model code, and a load worker that never does.
#include <filesystem>
#include <string>

#include "harness/worker/python_worker.h"

namespace exportcheck::run {

struct WorkerSlot {
  WorkerSlot(const std::string& python, const std::string& python_path, const std::filesystem::path& root,
             const std::filesystem::path& log_dir, int index);
  worker::PythonWorker exporter;
  worker::PythonWorker loader;
};

}  // namespace exportcheck::run
