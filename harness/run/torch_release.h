#pragma once
// One exportcheck binary, one torch: the harness is linked against a LibTorch
// (the C++ executor, AOTInductor packages, pickle) and its Python workers
// import a torch; an archive exported by one release and run by the other's
// C++ code is not what any stage means to test. run_catalog compares the
// export worker's hello (its torch.__version__) with the LibTorch the binary
// was built against (RunOptions::libtorch_version, from torch/version.h in
// cli/) and stops before any case when the releases differ.
#include <filesystem>
#include <string>
#include <string_view>

namespace exportcheck::run {

// The release of a torch version string, major.minor.patch: without the
// local suffix ("2.14.1+cu130" -> "2.14.1", "2.13.0+cpu" -> "2.13.0") and
// without a pre-release or dev part, which torch/version.h does not carry
// ("2.15.0.dev20250101+cpu", "2.15.0a0+git1234" -> "2.15.0"). "" when the
// text does not start with one (a test's fake worker says "fake").
std::string torch_release(std::string_view version);

// "" when the worker's torch (`worker_torch`, as its hello says) is the
// release `built` (this binary's LibTorch), or when either is not a version;
// else the message that stops the run: both versions, the interpreter, and
// what to use instead (the build of that release under `source_root`:
// build-<release>/exportcheck, build/exportcheck for the release
// requirements.txt pins; EXPORTCHECK_TORCH for the scripts; a --python with
// the built release).
std::string torch_mismatch(const std::string& built, const std::string& worker_torch, const std::string& python,
                           const std::filesystem::path& source_root);

}  // namespace exportcheck::run
