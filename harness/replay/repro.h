#pragma once
// Repro bundles: one failing replay sample as a folder that replays with one
// command (`sh DIR/command`, or the line in it):
//   program.pt2  the archive (copy)
//   sample.pt    a format-2 bundle with every key of the original, samples =
//                [the failing one], guards = []
//   package.pt2  aoti only: the AOTInductor package compiled from program.pt2 (copy)
//   command      exportcheck replay --runtime R --device D --archive program.pt2 --bundle sample.pt
//                [--package package.pt2]
//   README.txt   case, mode, sample label and sizes, the failure message
#include <cstddef>
#include <filesystem>
#include <string>

#include "harness/replay/compare.h"

namespace exportcheck::replay {

struct ReproOptions {
  Tolerance tolerance;              // the case's; becomes --atol/--rtol in the command
  std::filesystem::path exportcheck;  // the binary named in `command`; empty: this process (/proc/self/exe)
  std::string message;              // the failure, quoted in README.txt
  std::filesystem::path package;    // aoti: the compiled package, copied as package.pt2 (--package in the command)
};

// Writes the repro into `dir` (created; existing files replaced) and returns
// the command line. Throws BundleError for a bad bundle, std::out_of_range for
// a sample index past the bundle, std::filesystem::filesystem_error on I/O.
std::string write_repro(const std::filesystem::path& dir, const std::filesystem::path& archive,
                        const std::filesystem::path& bundle, std::size_t sample_index, const std::string& runtime,
                        const std::string& device, const ReproOptions& options = {});

// `text` quoted for a POSIX shell when it needs quoting.
std::string shell_quote(const std::string& text);

}  // namespace exportcheck::replay
