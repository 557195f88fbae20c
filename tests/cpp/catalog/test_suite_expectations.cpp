// What an external suite's cases expect (cases/suites/<suite>.yaml): the
// file's form, its errors with lines, and how its entries reach the cases.
#include <gtest/gtest.h>

#include "harness/catalog/catalog.h"
#include "harness/catalog/normalized_case.h"
#include "harness/catalog/suite_expectations.h"

namespace exportcheck::catalog {
namespace {

using Errors = std::vector<std::string>;
using nlohmann::json;

const std::string kFile = "cases/suites/s.yaml";

SuiteExpectations parse(const std::string& text, Errors* errors = nullptr) {
  std::vector<CaseError> found;
  SuiteExpectations x = parse_suite_expectations(text, kFile, found);
  for (const CaseError& e : found) {
    if (errors)
      errors->push_back(e.str());
    else
      ADD_FAILURE() << e.str();
  }
  return x;
}

Errors errors_of(const std::string& text) {
  Errors out;
  parse(text, &out);
  return out;
}

constexpr const char* kText =
    "support_level:\n"
    "  NOT_SUPPORTED_YET:\n"
    "    export: {verdict: xfail, xpass: finding, reason: upstream says so}\n"
    "    golden: {verdict: unsupported, reason: no golden}\n"
    "examples:\n"
    "  round:\n"
    "    export: {verdict: xfail, xpass: finding, match: 'guard round', reason: round() guard}\n"
    "  size:\n"
    "    roundtrip:reload: &drops {verdict: xfail, mode: strict, ir: training, reason: resave drops u1}\n"
    "  value:\n"
    "    roundtrip:reload: *drops\n";

Case suite_case(const std::string& name, const std::string& support_level = "SUPPORTED") {
  return case_from_normalized({{"name", "s/" + name},
                               {"model", {{"module", "m"}, {"class", "C"}}},
                               {"inputs", json::object()},
                               {"support_level", support_level},
                               {"export", {{"strict", {false, true}}, {"ir", {"training", "inference"}}}}});
}

TEST(SuiteExpectations, LevelsAndExamplesWithAnchors) {
  const SuiteExpectations x = parse(kText);
  ASSERT_EQ(x.by_level.at("NOT_SUPPORTED_YET").size(), 2u);
  ASSERT_EQ(x.by_example.size(), 3u);
  EXPECT_EQ(x.by_example.at("value").at(0).reason, "resave drops u1") << "an alias repeats the anchored entry";
  EXPECT_EQ(x.by_example.at("value").at(0).mode, "strict");
  EXPECT_EQ(x.example_line.at("round"), 6);
}

TEST(SuiteExpectations, AnExampleReplacesItsLevelForTheSameStageKey) {
  const SuiteExpectations x = parse(kText);
  std::vector<Expectation> round = x.for_case("round", "NOT_SUPPORTED_YET");
  ASSERT_EQ(round.size(), 2u);
  EXPECT_EQ(round[0].stage, "export");
  EXPECT_EQ(round[0].match, "guard round");
  EXPECT_EQ(round[1].stage, "golden");
  EXPECT_EQ(x.for_case("other", "NOT_SUPPORTED_YET").size(), 2u);
  EXPECT_TRUE(x.for_case("other", "SUPPORTED").empty()) << "SUPPORTED: every stage must pass";
  EXPECT_EQ(x.for_case("size", "SUPPORTED").size(), 1u);
}

TEST(SuiteExpectations, EveryCaseFillsTheStageKeysTheOthersLeave) {
  const SuiteExpectations x = parse(std::string(kText) +
                                    "every_case:\n"
                                    "  golden: {verdict: unsupported, reason: the suite keeps no goldens}\n"
                                    "  export: {verdict: skip, reason: every case}\n");
  ASSERT_EQ(x.every_case.size(), 2u);
  // No example or level entry: both every_case entries.
  std::vector<Expectation> other = x.for_case("other", "SUPPORTED");
  ASSERT_EQ(other.size(), 2u);
  EXPECT_EQ(other[0].reason, "the suite keeps no goldens");
  // The example names export, its level golden: every_case adds nothing for those keys.
  std::vector<Expectation> round = x.for_case("round", "NOT_SUPPORTED_YET");
  ASSERT_EQ(round.size(), 2u);
  EXPECT_EQ(round[0].match, "guard round");
  EXPECT_EQ(round[1].reason, "no golden");
  // The example names roundtrip:reload only: every_case adds golden and export.
  EXPECT_EQ(x.for_case("size", "SUPPORTED").size(), 3u);
}

TEST(SuiteExpectations, EveryCaseYieldsOnlyToAnEntryForTheSameVariant) {
  // The model suites' form: every case lacks the strict core_aten program, and
  // an example narrows its own export failure to non-strict.
  const SuiteExpectations x = parse(
      "every_case:\n"
      "  export: {verdict: unsupported, mode: strict, ir: core_aten, reason: no strict core_aten program}\n"
      "examples:\n"
      "  gpt2:\n"
      "    export: {verdict: xfail, mode: nonstrict, ir: core_aten, reason: decomposition bug}\n"
      "  own:\n"
      "    export: {verdict: xfail, mode: strict, ir: core_aten, reason: its own}\n");
  const std::vector<Expectation> gpt2 = x.for_case("gpt2", "");
  ASSERT_EQ(gpt2.size(), 2u) << "the example's non-strict entry keeps every_case's strict one";
  EXPECT_EQ(gpt2[0].reason, "decomposition bug");
  EXPECT_EQ(gpt2[1].reason, "no strict core_aten program");
  const std::vector<Expectation> own = x.for_case("own", "");
  ASSERT_EQ(own.size(), 1u) << "an entry for the same variant replaces every_case's";
  EXPECT_EQ(own[0].reason, "its own");
}

TEST(SuiteExpectations, ErrorsNameTheLine) {
  EXPECT_EQ(errors_of("levels: {}\n"),
            (Errors{"cases/suites/s.yaml:1: levels: unknown field; allowed fields: memory_mb, keep_archives, every_case, support_level, examples"}));
  const Errors bad = errors_of("examples:\n  x:\n    export: {verdict: xfail}\n");
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_NE(bad[0].find("cases/suites/s.yaml:3: examples.x.export"), std::string::npos) << bad[0];
  EXPECT_NE(bad[0].find("reason"), std::string::npos) << bad[0];
  EXPECT_FALSE(errors_of("examples:\n  x:\n    exprt: {verdict: xfail, reason: r}\n").empty());
}

TEST(SuiteExpectations, ApplyAddsEntriesAndReportsWhatCannotApply) {
  Catalog cat;
  cat.cases = {suite_case("round", "NOT_SUPPORTED_YET"), suite_case("size"), suite_case("value"), suite_case("plain")};
  SuiteExpectations x = parse(std::string(kText) + "  gone:\n    export: {verdict: skip, reason: r}\n");
  x.by_example["plain"] = parse("examples:\n  plain:\n    golden: {verdict: xfail, ir: core_aten, reason: r}\n")
                              .by_example.at("plain");
  apply_suite_expectations(cat, "s", x);

  ASSERT_EQ(cat.cases.size(), 3u);
  const Case* round = cat.find("s/round");
  ASSERT_NE(round, nullptr);
  const Expectation* e = round->find_expectation("export", "strict", "training");
  ASSERT_NE(e, nullptr);
  EXPECT_TRUE(e->xpass_finding);
  EXPECT_EQ(e->match, "guard round");
  EXPECT_EQ(round->find_expectation("golden", "nonstrict", "inference")->verdict, "unsupported");
  const Case* size = cat.find("s/size");
  ASSERT_NE(size, nullptr);
  EXPECT_NE(size->find_expectation("roundtrip:reload", "strict", "training"), nullptr);
  EXPECT_EQ(size->find_expectation("roundtrip:reload", "nonstrict", "training"), nullptr);

  ASSERT_EQ(cat.broken.size(), 2u);
  EXPECT_EQ(cat.broken[0].name, "s/gone");
  EXPECT_EQ(cat.broken[0].errors.at(0).str(),
            "cases/suites/s.yaml:12: examples.gone: the suite has no example gone (a typo, or one the installed torch "
            "lacks)");
  EXPECT_EQ(cat.broken[1].name, "s/plain");
  EXPECT_NE(cat.broken[1].errors.at(0).message.find("does not produce ir core_aten"), std::string::npos);
}

TEST(SuiteExpectations, ASliceNamesTheCasesItDidNotList) {
  // The file names s/size and s/value; only s/size is listed this time.
  const SuiteExpectations x = parse(std::string(kText));
  Catalog partial;
  partial.cases = {suite_case("size")};
  apply_suite_expectations(partial, "s", x, {"s/size", "s/value", "s/round"});
  EXPECT_TRUE(partial.broken.empty()) << partial.broken.at(0).errors.at(0).str();
  ASSERT_EQ(partial.cases.size(), 1u);
  EXPECT_NE(partial.cases[0].find_expectation("roundtrip:reload", "strict", "training"), nullptr);
  // A name that is neither listed nor known is still a typo.
  Catalog typo;
  typo.cases = {suite_case("size")};
  apply_suite_expectations(typo, "s", x, {"s/size", "s/value"});
  ASSERT_EQ(typo.broken.size(), 1u);
  EXPECT_EQ(typo.broken[0].name, "s/round");
}

TEST(SuiteExpectations, TheProjectFileIsValid) {
  const SuiteExpectations x = load_suite_expectations(EXPORTCHECK_SOURCE_DIR, "exportdb-upstream");
  EXPECT_EQ(x.file, "cases/suites/exportdb-upstream.yaml");
  EXPECT_FALSE(x.by_level.at("NOT_SUPPORTED_YET").empty());
  EXPECT_FALSE(x.by_example.empty());
  EXPECT_TRUE(load_suite_expectations(EXPORTCHECK_SOURCE_DIR, "no-such-suite").by_example.empty());
  const SuiteExpectations opinfo = load_suite_expectations(EXPORTCHECK_SOURCE_DIR, "opinfo");
  // No goldens, and no sequence stage for one-operator programs.
  ASSERT_EQ(opinfo.every_case.size(), 2u);
  EXPECT_EQ(opinfo.every_case[0].stage, "golden");
  EXPECT_EQ(opinfo.every_case[0].verdict, "unsupported");
  EXPECT_EQ(opinfo.every_case[1].stage, "sequence");
  EXPECT_EQ(opinfo.every_case[1].verdict, "unsupported");
}

}  // namespace
}  // namespace exportcheck::catalog
