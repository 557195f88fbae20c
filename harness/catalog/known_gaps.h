// Upstream gaps that hold for every case (cases/known-gaps.yaml): an
// `expect:` block like a case's, each entry an xfail with a `match`, and
// optionally a `torch:` range. A failure that a case has no expectation for
// and that one of these matches (on every line) is XFAIL with the gap's reason; a pass stays
// a pass (a gap does not claim every case fails). E.g. NativeRT checks no
// input range, so every guards:nativert stage would otherwise need an entry.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "harness/catalog/case.h"
#include "harness/catalog/case_error.h"

namespace exportcheck::catalog {

struct KnownGaps {
  std::string file;                // "cases/known-gaps.yaml" (messages name it)
  std::vector<Expectation> expect;  // in file order; verdict xfail, match set

  // The gap explaining a failed stage, or nullptr: the best applying entry
  // (as Case::find_expectation ranks them) whose match finds every line of
  // `message` — a message listing several problems (roundtrip:bytes lists
  // each difference) is not explained by a gap that covers one of them.
  const Expectation* explain(std::string_view stage_id, std::string_view mode, std::string_view ir,
                             std::string_view torch_version, std::string_view message) const;
};

inline constexpr std::string_view kKnownGapsFile = "known-gaps.yaml";  // in cases/

// Parses the file's text; every problem goes to `errors` with its line.
KnownGaps parse_known_gaps(std::string_view yaml_text, const std::string& file, std::vector<CaseError>& errors);

// root/cases/known-gaps.yaml; empty when there is none. Throws CatalogError
// when it is broken (every run would otherwise report the gaps as FAIL).
KnownGaps load_known_gaps(const std::filesystem::path& root);

}  // namespace exportcheck::catalog
