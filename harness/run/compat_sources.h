#pragma once
// Where the `compat:<saved-by>:<runtime>` stages find archives another torch
// release saved: the frozen ones (golden/archives/<release>/, one folder per
// release, each program beside its mode's replay bundle) and, for a release
// gate, another run's folder (`exportcheck run --compat-from RUN`: the
// archives that release's run saved under RUN/cases/). Both have one layout:
//   <cases>/<case>/<mode>/<ir>.pt2 + <cases>/<case>/<mode>/replay.pt
#include <filesystem>
#include <string>
#include <vector>

namespace exportcheck::run {

struct CompatSource {
  std::string release;               // "2.11.0": the torch that saved them (no local suffix)
  std::filesystem::path cases_dir;   // holds <case>/<mode>/<ir>.pt2
  std::string origin;                // for messages: "golden/archives/2.11.0", "run reports/gate/candidate"
};

// One program of a case that a source holds.
struct CompatProgram {
  std::string release;
  std::string mode, ir;
  std::filesystem::path archive;  // <case>/<mode>/<ir>.pt2
  std::filesystem::path bundle;   // <case>/<mode>/replay.pt ("" when the mode has none)
  std::string origin;
};

// Every <frozen_root>/<release>/ folder, by release (none when it does not exist).
std::vector<CompatSource> frozen_sources(const std::filesystem::path& frozen_root);

// A run folder's archives, labelled with its torch (summary.json, else run.json).
// Throws std::runtime_error naming the folder when it is not a readable run.
CompatSource run_source(const std::filesystem::path& run_dir);

// `explicit_sources` first; a frozen source of the same release is dropped,
// since the run given for it covers the selection.
std::vector<CompatSource> merge_sources(std::vector<CompatSource> explicit_sources,
                                        const std::vector<CompatSource>& frozen);

// The programs `sources` hold for `case_name`, narrowed to `modes` and `irs`,
// in source, mode, ir order.
std::vector<CompatProgram> compat_programs(const std::vector<CompatSource>& sources, const std::string& case_name,
                                           const std::vector<std::string>& modes, const std::vector<std::string>& irs);

}  // namespace exportcheck::run
