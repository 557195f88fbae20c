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

report::StageResult golden_stage(const GoldenOptions& options, const std::string& case_name, const std::string& mode,
                                 bool first_mode, const std::string& ir, const std::filesystem::path& archive) {
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
  auto rel = [&](const std::filesystem::path& p) { return std::filesystem::relative(p, options.root).string(); };

  std::string body;
  ProgramInfo info;
  try {
    body = print_archive(archive.string());
    info = read_program_info(archive.string());
  } catch (const std::exception& e) {
    return done(Verdict::Fail, std::string("cannot print the archive: ") + e.what());
  }

  const auto base = golden_path(options.root / "golden", case_name, ir);
  auto override_path = base;
  override_path.replace_extension("." + mode + ".ir");
  const bool has_override = !first_mode && std::filesystem::exists(override_path);
  const auto& path = has_override ? override_path : base;

  std::optional<GoldenFile> expected;
  try {
    expected = read_golden(path);
  } catch (const GoldenError& e) {
    if (!options.update) return done(Verdict::Fail, "cannot read " + rel(path) + ": " + e.what());
  }
  auto result = compare(expected, body, info, rel(path));

  // An override that now equals the shared golden is stale.
  if (has_override && options.update) {
    std::optional<GoldenFile> shared;
    try {
      shared = read_golden(base);
    } catch (const GoldenError&) {
    }
    if (compare(shared, body, info).status == GoldenResult::Status::Match) {
      std::filesystem::remove(override_path);
      return done(Verdict::Fixed, "removed " + rel(override_path) + ": " + mode + " IR equals " + rel(base) + " again");
    }
  }
  if (result.status == GoldenResult::Status::Match) return done(Verdict::Pass, "");
  r.details["diff"] = result.diff;

  // Where --update-golden writes: the first mode owns the shared golden;
  // another mode only ever writes its override.
  const auto target = first_mode ? base : override_path;
  if (options.update) {
    write_golden(target, info, body);
    std::string what = result.status == GoldenResult::Status::Missing ? "created " : "updated ";
    if (!first_mode && !has_override) what = "created " + mode + " override ";
    return done(Verdict::Fixed, what + rel(target));
  }
  const std::string diff = head_lines(result.diff, kMessageDiffLines);
  switch (result.status) {
    case GoldenResult::Status::Missing:
      return done(Verdict::Fail, "no golden file " + rel(path) + "; run with --update-golden to create it");
    case GoldenResult::Status::Drift: {
      std::string why = rel(path) + " was made by torch " + expected->info.torch_version + ", this program by torch " +
                        info.torch_version + "; the IR differs:\n" + diff;
      return done(options.strict ? Verdict::Fail : Verdict::Drift, why);
    }
    default:
      if (!first_mode && !has_override)
        return done(Verdict::Fail, "the " + mode + " IR differs from " + rel(path) +
                                       " (the first mode's); --update-golden records it in " + rel(override_path) +
                                       ":\n" + diff);
      return done(Verdict::Fail, "canonical IR differs from " + rel(path) + " (accept with --update-golden):\n" + diff);
  }
}

}  // namespace exportcheck::run
