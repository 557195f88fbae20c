#include "harness/run/golden_stage.h"

#include <chrono>

#include "harness/golden/golden_file.h"
#include "harness/golden/ir_printer.h"

namespace exportcheck::run {
namespace {

constexpr size_t kMessageDiffLines = 40;

std::string head_lines(const std::string& text, size_t n) {
  size_t pos = 0;
  for (size_t i = 0; i < n && pos != std::string::npos; ++i) {
    pos = text.find('\n', pos);
    if (pos != std::string::npos) ++pos;
  }
  if (pos == std::string::npos || pos >= text.size()) return text;
  return text.substr(0, pos) + "... (full diff in summary.json details)\n";
}

}  // namespace

report::StageResult golden_stage(const GoldenOptions& options, const std::string& case_name, const std::string& ir,
                                 const std::filesystem::path& archive, std::set<std::filesystem::path>& written) {
  using report::Verdict;
  const auto t0 = std::chrono::steady_clock::now();
  report::StageResult r;
  r.case_name = case_name;
  r.stage = "golden";
  auto done = [&](Verdict v, std::string message) {
    r.verdict = v;
    r.message = std::move(message);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
  };

  std::string body;
  ProgramInfo info;
  try {
    body = print_archive(archive.string());
    info = read_program_info(archive.string());
  } catch (const std::exception& e) {
    return done(Verdict::Fail, std::string("cannot print the archive: ") + e.what());
  }

  const auto path = golden_path(options.root / "golden", case_name, ir);
  const std::string label = std::filesystem::relative(path, options.root).string();
  std::optional<GoldenFile> expected;
  std::string unreadable;
  try {
    expected = read_golden(path);
  } catch (const GoldenError& e) {
    unreadable = e.what();
  }

  // A second export mode of the same case compares with what the first wrote.
  const bool first_writer = !written.count(path);
  auto accept = [&](const std::string& what) {
    write_golden(path, info, body);
    written.insert(path);
    return done(Verdict::Fixed, what + " " + label);
  };

  if (!unreadable.empty()) {
    if (options.update && first_writer) return accept("rewrote unreadable");
    return done(Verdict::Fail, "cannot read " + label + ": " + unreadable);
  }
  auto result = compare(expected, body, info, label);
  if (!result.diff.empty()) r.details["diff"] = result.diff;
  switch (result.status) {
    case GoldenResult::Status::Match: return done(Verdict::Pass, "");
    case GoldenResult::Status::Missing:
      if (options.update && first_writer) return accept("created");
      return done(Verdict::Fail, "no golden file " + label + "; run with --update-golden to create it");
    case GoldenResult::Status::Mismatch:
      if (!first_writer)
        return done(Verdict::Fail, "this export mode's IR differs from the other mode's, written to " + label +
                                       " in this run:\n" + head_lines(result.diff, kMessageDiffLines));
      if (options.update) return accept("updated");
      return done(Verdict::Fail, "canonical IR differs from " + label + " (accept with --update-golden):\n" +
                                     head_lines(result.diff, kMessageDiffLines));
    case GoldenResult::Status::Drift: {
      if (options.update && first_writer) return accept("updated (drift)");
      std::string why = label + " was made by torch " + expected->info.torch_version + ", this program by torch " +
                        info.torch_version + "; the IR differs:\n" + head_lines(result.diff, kMessageDiffLines);
      return done(options.strict ? Verdict::Fail : Verdict::Drift, why);
    }
  }
  return done(Verdict::Error, "unknown golden status");
}

}  // namespace exportcheck::run
