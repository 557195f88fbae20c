// The project's known upstream gaps (cases/known-gaps.yaml) and `torch:`
// ranges on a case's expectations.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "harness/catalog/case_parser.h"
#include "harness/catalog/catalog.h"
#include "harness/catalog/known_gaps.h"

namespace exportcheck::catalog {
namespace {

namespace fs = std::filesystem;
using Errors = std::vector<std::string>;

KnownGaps parse(const std::string& text, Errors* errors = nullptr) {
  std::vector<CaseError> found;
  KnownGaps g = parse_known_gaps(text, "cases/known-gaps.yaml", found);
  for (const CaseError& e : found) {
    if (errors)
      errors->push_back(e.str());
    else
      ADD_FAILURE() << e.str();
  }
  return g;
}

Errors errors_of(const std::string& text) {
  Errors out;
  parse(text, &out);
  return out;
}

constexpr const char* kGaps =
    "expect:\n"
    "  guards:nativert:\n"
    "    verdict: xfail\n"
    "    match: '^accepted '\n"
    "    reason: NativeRT checks no range\n"
    "  replay:module:\n"
    "    - verdict: xfail\n"
    "      match: 'differ'\n"
    "      reason: old torch only\n"
    "      torch: '<2.12'\n"
    "    - verdict: xfail\n"
    "      match: 'differ'\n"
    "      mode: strict\n"
    "      reason: strict, any torch\n";

TEST(KnownGaps, ExplainsOnlyFailuresItsMatchFinds) {
  const KnownGaps g = parse(kGaps);
  ASSERT_EQ(g.expect.size(), 3u);
  const Expectation* e = g.explain("guards:nativert:cuda", "strict", "training", "2.11.0", "accepted above-max:s0");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->reason, "NativeRT checks no range");
  EXPECT_EQ(e->line, 3);
  EXPECT_EQ(g.explain("guards:nativert:cpu", "strict", "training", "2.11.0", "load error: x"), nullptr);
  EXPECT_EQ(g.explain("guards:module:cpu", "strict", "training", "2.11.0", "accepted above-max:s0"), nullptr);
}

TEST(KnownGaps, EveryLineOfTheMessageMustBeExplained) {
  const KnownGaps g = parse(kGaps);
  EXPECT_NE(g.explain("guards:nativert:cpu", "strict", "training", "2.13.0", "accepted a\naccepted b\n"), nullptr);
  EXPECT_EQ(g.explain("guards:nativert:cpu", "strict", "training", "2.13.0", "accepted a\nload error: x"), nullptr);
  EXPECT_EQ(g.explain("guards:nativert:cpu", "strict", "training", "2.13.0", ""), nullptr);
}

TEST(KnownGaps, TorchRangeAndModeNarrowLikeACasesExpectations) {
  const KnownGaps g = parse(kGaps);
  // Nonstrict on 2.11: only the torch-narrowed entry applies.
  const Expectation* e = g.explain("replay:module:cpu", "nonstrict", "training", "2.11.0", "outputs differ");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->reason, "old torch only");
  EXPECT_EQ(g.explain("replay:module:cpu", "nonstrict", "training", "2.13.0", "outputs differ"), nullptr);
  e = g.explain("replay:module:cpu", "strict", "training", "2.13.0", "outputs differ");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->reason, "strict, any torch");
  // An unknown torch version (the worker never started) meets no range.
  EXPECT_EQ(g.explain("replay:module:cpu", "nonstrict", "training", "", "outputs differ"), nullptr);
}

TEST(KnownGaps, EachEntryIsAnXfailWithAMatch) {
  EXPECT_EQ(errors_of("expect:\n  guards:nativert: {verdict: unsupported, reason: r}\n"),
            (Errors{"cases/known-gaps.yaml:2: expect.guards:nativert.verdict: a known gap is verdict xfail (got unsupported)"}));
  EXPECT_EQ(errors_of("expect:\n  guards:nativert: {verdict: xfail, reason: r}\n"),
            (Errors{"cases/known-gaps.yaml:2: expect.guards:nativert.match: a known gap needs a match: the failure it explains"}));
  EXPECT_EQ(errors_of("expect:\n  guards:nativert: {verdict: xfail, reason: r, match: x, torch: '2.11'}\n"),
            (Errors{"cases/known-gaps.yaml:2: expect.guards:nativert.torch: torch is a version range such as "
                    "'>=2.11,<2.13': clause '2.11' does not start with >=, <=, ==, > or <"}));
  EXPECT_EQ(errors_of("gaps: {}\n").size(), 2u);  // unknown key, missing expect
}

TEST(KnownGaps, TheProjectsFileParsesAndIsNotACase) {
  const fs::path root = EXPORTCHECK_SOURCE_DIR;
  const KnownGaps g = load_known_gaps(root);
  EXPECT_FALSE(g.expect.empty());
  const Catalog cat = load_catalog(root);
  EXPECT_EQ(cat.find("known-gaps"), nullptr);
  for (const BrokenCase& b : cat.broken) EXPECT_NE(b.name, "known-gaps");
  EXPECT_EQ(cat.gaps.expect.size(), g.expect.size());
}

TEST(KnownGaps, ABrokenFileStopsTheCatalogWithItsLine) {
  const fs::path root = fs::temp_directory_path() / ("exportcheck-known-gaps-" + std::to_string(getpid()));
  fs::remove_all(root);
  fs::create_directories(root / "cases");
  std::ofstream(root / "cases/known-gaps.yaml") << "expect:\n  nosuchstage: {verdict: xfail, reason: r, match: x}\n";
  try {
    load_known_gaps(root);
    ADD_FAILURE() << "a broken known-gaps.yaml loaded";
  } catch (const CatalogError& e) {
    EXPECT_NE(std::string(e.what()).find("cases/known-gaps.yaml:2: "), std::string::npos) << e.what();
  }
  fs::remove(root / "cases/known-gaps.yaml");
  EXPECT_TRUE(load_known_gaps(root).expect.empty());  // no file: no gaps
  fs::remove_all(root);
}

const TagVocabulary& tags() {
  static const TagVocabulary vocabulary(std::map<std::string, std::string, std::less<>>{{"seed", "examples"}});
  return vocabulary;
}

TEST(TorchRange, CaseExpectationsNarrowToATorchRange) {
  const CaseParseResult r = parse_case(
      "name: t\ndescription: d\ntags: [seed]\nmodel: {module: m, class: C}\ninputs: {args: []}\n"
      "expect:\n"
      "  export:\n"
      "    - {verdict: xfail, reason: fails on 2.11, torch: '==2.11'}\n"
      "    - {verdict: xfail, reason: fails everywhere else}\n",
      "cases/t.yaml", tags());
  for (const CaseError& e : r.errors) ADD_FAILURE() << e.str();
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(r.parsed->find_expectation("export", "nonstrict", "training", "2.11.0+cu128")->reason, "fails on 2.11");
  EXPECT_EQ(r.parsed->find_expectation("export", "nonstrict", "training", "2.13.0+cpu")->reason, "fails everywhere else");
  EXPECT_EQ(r.parsed->find_expectation("export", "nonstrict", "training", "")->reason, "fails everywhere else");
}

TEST(TorchRange, ABadRangeIsAnErrorOnItsLine) {
  const CaseParseResult r = parse_case(
      "name: t\ndescription: d\ntags: [seed]\nmodel: {module: m, class: C}\ninputs: {args: []}\n"
      "expect:\n"
      "  export: {verdict: xfail, reason: r, torch: 'latest'}\n",
      "cases/t.yaml", tags());
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].str(), "cases/t.yaml:7: expect.export.torch: torch is a version range such as '>=2.11,<2.13': "
                               "clause 'latest' does not start with >=, <=, ==, > or <");
}

}  // namespace
}  // namespace exportcheck::catalog
