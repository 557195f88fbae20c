#pragma once
// The `aoti` runtime: an AOTInductor package (compiled from the archive by the
// load worker, exporter/aoti_compile.py) loaded with torch's
// AOTIModelPackageLoader and run behind the same ProgramRunner interface as our
// executor, so replay, guards and sequence treat both alike.
#include <filesystem>
#include <memory>

#include <c10/core/Device.h>

#include "harness/replay/cpp_replay.h"
#include "harness/runtime/program_runner.h"

namespace exportcheck::replay {

// Loads `package` (an AOTInductor .pt2 package) for `device`. Throws
// runtime::LoadError naming the package when torch cannot load it.
std::unique_ptr<runtime::ProgramRunner> load_aoti_runner(const std::filesystem::path& package, c10::Device device);

// A RunnerFactory (cpp_replay.h) that loads `package` whatever archive it is asked for:
// the package was compiled from that archive.
RunnerFactory aoti_runner_factory(const std::filesystem::path& package);

}  // namespace exportcheck::replay
