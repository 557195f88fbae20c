// What an external suite's cases expect (cases/suites/<suite>.yaml): the
// suite's cases come from the exporter at run time (exporter/suite.py), their
// expectations from this committed file, so the file is the one place to
// record an upstream gap. Two settings,
//
//   memory_mb:     N                       every case's memory budget (MiB)
//                                          unless the case sets its own
//   keep_archives: all | failing           which finished cases keep their
//                                          archives (catalog::KeepArchives);
//                                          the run's --keep-archives wins
//
// and three blocks, each entry a case `expect:` block:
//
//   every_case:    EXPECT_BLOCK            every case of the suite; an entry
//                                          yields only to one of the others for
//                                          the same variant (stage, mode, ir, torch)
//   support_level: {LEVEL: EXPECT_BLOCK}   every case whose normalized
//                                          "support_level" is LEVEL
//   examples:      {NAME: EXPECT_BLOCK}    the case <suite>/NAME; its entry
//                                          for a stage key replaces the
//                                          level's for that key
#pragma once

#include <filesystem>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/catalog/case.h"
#include "harness/catalog/case_error.h"

namespace exportcheck::catalog {

struct Catalog;

struct SuiteExpectations {
  std::string file;                                            // "cases/suites/exportdb-upstream.yaml"
  std::map<std::string, std::vector<Expectation>> by_level;    // support_level → expectations
  std::map<std::string, std::vector<Expectation>> by_example;  // example (case name after "<suite>/") → expectations
  std::map<std::string, int> example_line;                     // where each example's entry is, for messages
  std::vector<Expectation> every_case;                         // every case of the suite
  std::optional<std::int64_t> memory_mb;                       // the suite's memory budget (MiB), if set
  std::optional<KeepArchives> keep_archives;                   // the suite's archive retention, if set

  // A case's expectations from this file: the example's, then its level's
  // for the stage keys the example has none for, then every_case's except
  // those for a variant (Expectation::same_variant) one of the first two has.
  std::vector<Expectation> for_case(std::string_view example, std::string_view support_level) const;
};

// "cases/suites/<suite>.yaml", relative to the project root.
std::string suite_expectations_file(std::string_view suite);

// Parses the file's text; every problem goes to `errors` with its line.
SuiteExpectations parse_suite_expectations(std::string_view yaml_text, const std::string& file,
                                           std::vector<CaseError>& errors);

// root/cases/suites/<suite>.yaml; empty when there is none. Throws
// CatalogError when it is broken (every case would otherwise run with the
// wrong expectations).
SuiteExpectations load_suite_expectations(const std::filesystem::path& root, std::string_view suite);

// Adds each case's expectations (cases named "<suite>/<example>") and the
// suite's memory_mb and keep_archives (Case::suite_memory_mb, suite_keep_archives). A case an
// entry cannot apply to (a mode or ir it does not have, a second entry for
// the same variant) becomes a BrokenCase; so does an `examples:` entry that
// names no case of the suite (a typo, or an example this torch lacks).
// `listed_elsewhere`: names of the suite's cases that exist but were not
// listed this time (a slice of the suite, e.g. opinfo's cheapest lanes):
// entries for them are not errors.
void apply_suite_expectations(Catalog& catalog, std::string_view suite, const SuiteExpectations& expectations,
                              const std::vector<std::string>& listed_elsewhere = {});

}  // namespace exportcheck::catalog
