// Kept apart from cpp_replay.cpp: the only file here that needs the real
// executor, so code using a fake runner links without it.
#include "harness/replay/cpp_replay.h"

namespace exportcheck::replay {

RunnerFactory default_runner_factory() {
  return [](const std::filesystem::path& archive, c10::Device device) { return runtime::ProgramRunner::load(archive, device); };
}

}  // namespace exportcheck::replay
