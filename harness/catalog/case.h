// A validated case: what the runner needs as C++ fields, plus the normalized
// JSON (exporter/PROTOCOL.md, "The normalized case") that the workers get.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// A by-value json member needs the full type; the catalog's other public
// headers only add this one.
#include <nlohmann/json.hpp>

namespace exportcheck::catalog {

// One entry under `expect:`, e.g.
// `replay:module:cuda: {verdict: unsupported, reason: "needs bf16"}`.
struct Expectation {
  std::string stage;                 // key as written: "export", "replay:module", ...
  std::string verdict;               // "xfail" | "unsupported" | "skip"
  std::string reason;                // never empty
  std::optional<std::string> match;  // ECMAScript regex (xfail only), searched in the message
  std::optional<std::string> mode;   // "strict" | "nonstrict": narrows to that export mode
  std::optional<std::string> ir;     // "training" | ...: narrows to that IR level
  std::optional<std::string> torch;  // ">=2.11,<2.13": narrows to torch versions in that range (version_spec.h)
  // xfail only: what a pass is. false (`xpass: fail`, the default): XPASS,
  // which fails the run. true (`xpass: finding`): PASS with a "finding: ..."
  // message, listed under `findings` in the summary (a disagreement worth
  // reading, e.g. an upstream support_level, that must not fail every run).
  bool xpass_finding = false;
  int line = 0;                      // line of the entry in the case file

  // True if the key is a ':'-part prefix of stage_id ("replay:module" matches
  // "replay:module:cpu", not "replay:modulex"), mode / ir, when set, equal
  // the given ones, and torch, when set, admits torch_version. An empty mode,
  // ir or torch_version (not known) never matches an expectation narrowed to one.
  bool applies_to(std::string_view stage_id, std::string_view mode, std::string_view ir,
                  std::string_view torch_version = {}) const;

  // Keyed to the same variant (stage key, mode, ir, torch range): two such
  // entries in one file would make the outcome depend on their order.
  bool same_variant(const Expectation& other) const {
    return stage == other.stage && mode == other.mode && ir == other.ir && torch == other.torch;
  }

  // xfail: does a failure message match `match`? (No `match` matches anything.)
  bool matches_message(std::string_view message) const;
};

// True if `key`'s ':'-separated parts are a prefix of `stage_id`'s.
bool stage_key_matches(std::string_view key, std::string_view stage_id);

// The best entry of `expect` for a stage variant, ranked as
// Case::find_expectation says, among those `accept` (when given) takes.
const Expectation* find_best_expectation(const std::vector<Expectation>& expect, std::string_view stage_id,
                                         std::string_view mode, std::string_view ir, std::string_view torch_version,
                                         const std::function<bool(const Expectation&)>& accept = {});

// Which of a finished case's archives and replay bundles its run folder
// keeps: every one (the default: a release gate replays them with
// --compat-from), or only a case with an unexpected result's (a suite of
// real models writes about 1 GB per model; run/archive_retention.h).
enum class KeepArchives { All, Failing };

// "all" / "failing"; nullopt for anything else.
std::optional<KeepArchives> parse_keep_archives(std::string_view text);
std::string_view to_string(KeepArchives keep);

struct Case {
  std::string name;                  // equals the file stem
  std::string file;                  // relative to the project root, e.g. "cases/x.yaml"
  std::string description;
  std::vector<std::string> tags;
  std::vector<std::string> devices;  // "cpu" / "cuda", in that order
  std::vector<std::string> modes;    // "nonstrict" / "strict", in that order
  std::vector<std::string> irs;      // training, inference, core_aten, custom (in that order)
  double timeout_s = 300;
  // `memory_mb:` (MiB) of the case file or normalized case, the budget of
  // each of its workers' resident memory; nullopt: not set here.
  std::optional<std::int64_t> memory_mb;
  // The suite's `memory_mb:` (cases/suites/<suite>.yaml), which a suite case
  // without its own gets; the run's budget applies when neither is set
  // (run/memory_budget.h).
  std::optional<std::int64_t> suite_memory_mb;
  // The suite's `keep_archives:`; the run's --keep-archives overrides it.
  std::optional<KeepArchives> suite_keep_archives;
  std::vector<Expectation> expect;   // in file order
  std::vector<std::string> preload;  // modules the load worker imports first (they register custom ops)
  std::vector<std::string> required_packages;  // `requires:`; an absent one makes the case UNSUPPORTED
  std::string suite;                 // "" for cases/*.yaml, else the external suite (exportdb-upstream)
  nlohmann::json normalized;         // exactly PROTOCOL.md's normalized case

  // The expectation for one stage variant under torch_version (the
  // workers' torch; empty when unknown), or nullptr. The longest matching
  // key wins; among equal keys the one narrowed by more of mode / ir /
  // torch; then the first in the file.
  const Expectation* find_expectation(std::string_view stage_id, std::string_view mode = {},
                                      std::string_view ir = {}, std::string_view torch_version = {}) const;
};

}  // namespace exportcheck::catalog
