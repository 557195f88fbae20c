#pragma once
// The upstream gaps a run saw, once each (reports/README.md, "Upstream
// gaps"): what torch does not do yet, as the run's records show it, with the
// cases it affects and how to reproduce it without exportcheck. A gap is
// one reason text, however many records carry it:
//   known gap    an XFAIL explained by cases/known-gaps.yaml (its reason is
//                one of Summary::known_gaps)
//   expectation  an XFAIL of a case file's (or suite's) expectation whose
//                reason blames torch (blames_torch)
//   finding      a PASS against an xfail marked `xpass: finding` (upstream
//                says it fails, it did not: upstream's metadata lags)
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/report/stage_result.h"
#include "harness/report/standalone_repro.h"

namespace exportcheck::report {

enum class GapKind { KnownGap, Expectation, Finding };
std::string_view to_string(GapKind k);  // "known gap", "expectation", "finding"

// True when a reason names torch (or its parts) as what fails: it begins,
// ignoring case, with "upstream", "known upstream gap", "torch " or "torch:"
// (a release: "torch 2.13: ...", "torch 2.11 only ...", "torch 2.13 bug: ...")
// or "NativeRT". "by design: ...", "self-test: ..." and reasons about the
// case's own model are not gaps.
bool blames_torch(std::string_view reason);

struct UpstreamGap {
  GapKind kind = GapKind::Expectation;
  std::string reason;
  int count = 0;                    // records
  std::vector<std::string> cases;   // distinct, in order of first appearance
  std::vector<std::string> stages;  // distinct, in order of first appearance
  // The first record of the gap that has a standalone repro, else why the
  // first one has none.
  StandaloneRepro repro;
};

// Gaps in order: known gaps, expectations, findings; within each, most
// records first, then by reason. `known_gaps`: the reasons of
// cases/known-gaps.yaml's entries.
std::vector<UpstreamGap> upstream_gaps(const std::vector<StageResult>& results,
                                       const std::vector<std::string>& known_gaps);

// summary.json's "upstream_gaps" entry:
// {kind, reason, count, cases, stages, repro} or {..., no_repro: why}.
nlohmann::json to_json(const UpstreamGap& g);

}  // namespace exportcheck::report
