#include <gtest/gtest.h>

#include "catalog_test_util.h"

namespace exportcheck::catalog {
namespace {

using testing::fixture_root;

std::vector<std::string> names(const Catalog& c) {
  std::vector<std::string> out;
  for (const Case& k : c.cases) out.push_back(k.name);
  return out;
}

std::vector<std::string> broken_names(const Catalog& c) {
  std::vector<std::string> out;
  for (const BrokenCase& b : c.broken) out.push_back(b.name);
  return out;
}

std::vector<std::string> errors(const BrokenCase& b) {
  std::vector<std::string> out;
  for (const CaseError& e : b.errors) out.push_back(e.str());
  return out;
}

TEST(Catalog, LoadsEveryGoodCaseSortedByName) {
  const Catalog c = load_catalog(fixture_root("good"));
  EXPECT_EQ(names(c), (std::vector<std::string>{"additional_inputs", "all_options", "dim_hints",
                                                "minimal", "named_dims", "nested_inputs",
                                                "shapes_collection"}));
  EXPECT_TRUE(c.broken.empty());
  EXPECT_TRUE(c.tags.contains("seed"));
  ASSERT_NE(c.find("minimal"), nullptr);
  EXPECT_EQ(c.find("minimal")->file, "cases/minimal.yaml");
  EXPECT_EQ(c.find("nope"), nullptr);
}

TEST(Catalog, BrokenFilesAreReportedNotFatal) {
  const Catalog c = load_catalog(fixture_root("bad"));
  EXPECT_TRUE(c.cases.empty());
  std::vector<std::string> got = broken_names(c);
  EXPECT_TRUE(std::is_sorted(got.begin(), got.end()));
  EXPECT_EQ(got.size(), 26u);
  for (const BrokenCase& b : c.broken) {
    EXPECT_EQ(b.file, "cases/" + b.name + (b.name == "wrong_extension" ? ".yml" : ".yaml"));
    EXPECT_FALSE(b.errors.empty()) << b.name;
  }
}

TEST(Catalog, YmlExtensionIsABrokenCase) {
  const Catalog c = load_catalog(fixture_root("bad"));
  auto it = std::find_if(c.broken.begin(), c.broken.end(),
                         [](const BrokenCase& b) { return b.name == "wrong_extension"; });
  ASSERT_NE(it, c.broken.end());
  EXPECT_EQ(errors(*it), std::vector<std::string>{
                             "cases/wrong_extension.yml: case files end in .yaml; rename it to "
                             "wrong_extension.yaml"});
}

TEST(Catalog, DuplicateNameBreaksTheFileThatClaimsIt) {
  const Catalog c = load_catalog(fixture_root("duplicate"));
  EXPECT_EQ(names(c), std::vector<std::string>{"beta"});
  ASSERT_EQ(c.broken.size(), 1u);
  EXPECT_EQ(c.broken[0].name, "alpha");
  EXPECT_EQ(errors(c.broken[0]),
            (std::vector<std::string>{
                "cases/alpha.yaml:1: name: name 'beta' must equal the file stem 'alpha' (rename "
                "the file or the case)",
                "cases/alpha.yaml:1: name: duplicate case name 'beta' (also in cases/beta.yaml)"}));
}

TEST(Catalog, SameStemInTwoFoldersBreaksBoth) {
  const Catalog c = load_catalog_files(fixture_root("duplicate"),
                                       {"cases/beta.yaml", fixture_root("duplicate") / "extra/beta.yaml"});
  EXPECT_TRUE(c.cases.empty());
  ASSERT_EQ(c.broken.size(), 2u);
  EXPECT_EQ(errors(c.broken[0]),
            std::vector<std::string>{
                "cases/beta.yaml:1: name: duplicate case name 'beta' (also in extra/beta.yaml)"});
  EXPECT_EQ(errors(c.broken[1]),
            std::vector<std::string>{
                "extra/beta.yaml:1: name: duplicate case name 'beta' (also in cases/beta.yaml)"});
}

TEST(Catalog, MissingCasesFolderThrows) {
  try {
    load_catalog(fixture_root("nonexistent"));
    FAIL() << "expected CatalogError";
  } catch (const CatalogError& e) {
    EXPECT_NE(std::string(e.what()).find("no cases folder at "), std::string::npos) << e.what();
  }
}

TEST(Catalog, MissingTagVocabularyThrows) {
  try {
    load_catalog(fixture_root("no_tags"));
    FAIL() << "expected CatalogError";
  } catch (const CatalogError& e) {
    EXPECT_NE(std::string(e.what()).find("no_tags/cases/tags.yaml: the closed tag vocabulary"),
              std::string::npos)
        << e.what();
  }
}

TEST(Catalog, BrokenTagVocabularyThrowsWithEveryError) {
  try {
    load_catalog(fixture_root("broken_tags"));
    FAIL() << "expected CatalogError";
  } catch (const CatalogError& e) {
    EXPECT_EQ(std::string(e.what()),
              "the tag vocabulary is broken:\n"
              "  cases/tags.yaml:3: tags.bad tag: a tag is letters and digits with '.', '-' or "
              "'_' between\n"
              "  cases/tags.yaml:4: tags.empty: expected a string, got null");
  }
}

// The project's own catalog must stay valid: a broken case in cases/ fails here
// with its file:line: field: message.
TEST(Catalog, TheProjectCatalogHasNoBrokenCases) {
  const Catalog c = load_catalog(EXPORTCHECK_SOURCE_DIR);
  for (const BrokenCase& b : c.broken) {
    for (const CaseError& e : b.errors) ADD_FAILURE() << e.str();
  }
  for (const Case& k : c.cases) {
    EXPECT_EQ(k.normalized["file"], "cases/" + k.name + ".yaml");
  }
}

}  // namespace
}  // namespace exportcheck::catalog
