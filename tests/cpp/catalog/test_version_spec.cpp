// Torch version ranges on expectations (catalog/version_spec.h).
#include <gtest/gtest.h>

#include "harness/catalog/version_spec.h"

namespace exportcheck::catalog {
namespace {

TEST(VersionSpec, ClausesAreAnded) {
  EXPECT_TRUE(version_in_spec("2.11.0", ">=2.11,<2.13"));
  EXPECT_TRUE(version_in_spec("2.12.1", ">=2.11,<2.13"));
  EXPECT_FALSE(version_in_spec("2.13.0", ">=2.11,<2.13"));
  EXPECT_FALSE(version_in_spec("2.10.9", ">=2.11,<2.13"));
}

TEST(VersionSpec, LocalAndPreReleaseSuffixesAreIgnored) {
  EXPECT_TRUE(version_in_spec("2.13.0+cpu", "==2.13.0"));
  EXPECT_TRUE(version_in_spec("2.11.0a0+gitabc", "<2.12"));
  EXPECT_TRUE(version_in_spec("2.11.0+cu128", ">2.10"));
}

TEST(VersionSpec, EqualsComparesTheGivenComponentsOnly) {
  EXPECT_TRUE(version_in_spec("2.11.3", "==2.11"));
  EXPECT_FALSE(version_in_spec("2.1.0", "==2.11"));
  EXPECT_FALSE(version_in_spec("2.11.3", "==2.11.0"));
  EXPECT_TRUE(version_in_spec("2.11", "<=2.11.0"));  // missing components are 0
}

TEST(VersionSpec, UnknownVersionSatisfiesNothing) {
  EXPECT_FALSE(version_in_spec("", ">=0"));
  EXPECT_FALSE(version_in_spec("fake", ">=0"));
}

TEST(VersionSpec, ErrorsNameTheClause) {
  EXPECT_EQ(version_spec_error(">=2.11, <2.13"), "");
  EXPECT_EQ(version_spec_error(""), "empty version range");
  EXPECT_EQ(version_spec_error("2.11"), "clause '2.11' does not start with >=, <=, ==, > or <");
  EXPECT_EQ(version_spec_error(">=2.11,<two"), "clause '<two' has no version of dotted integers (e.g. 2.11)");
  EXPECT_EQ(version_spec_error(">=2.11,"), "clause '' does not start with >=, <=, ==, > or <");
  EXPECT_EQ(version_spec_error("~=2.11"), "clause '~=2.11' does not start with >=, <=, ==, > or <");
}

}  // namespace
}  // namespace exportcheck::catalog
