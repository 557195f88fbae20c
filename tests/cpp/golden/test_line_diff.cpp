#include <gtest/gtest.h>

#include <random>

#include "harness/golden/line_diff.h"

namespace exportcheck {
namespace {

std::string lines(std::initializer_list<const char*> items) {
  std::string out;
  for (const char* l : items) out += std::string(l) + "\n";
  return out;
}

int hunks(const std::string& diff) {
  int n = 0;
  for (std::size_t at = diff.find("\n@@ -"); at != std::string::npos; at = diff.find("\n@@ -", at + 1)) ++n;
  return n;
}

TEST(LineDiff, SplitsLinesAndMarksAMissingFinalNewline) {
  EXPECT_TRUE(split_lines("").empty());
  EXPECT_EQ(split_lines("a\nb\n"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(split_lines("a\n\nb\n"), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_EQ(split_lines("a\nb"), (std::vector<std::string>{"a", "b\n\\ No newline at end of file"}));
}

TEST(LineDiff, EqualTextsHaveNoDiff) {
  EXPECT_EQ(unified_diff("", "", "a", "b"), "");
  EXPECT_EQ(unified_diff("x\ny\n", "x\ny\n", "a", "b"), "");
}

TEST(LineDiff, OneChangedLineWithThreeLinesOfContext) {
  const std::string a = lines({"1", "2", "3", "4", "5", "6", "7", "8", "9"});
  const std::string b = lines({"1", "2", "3", "4", "FIVE", "6", "7", "8", "9"});
  EXPECT_EQ(unified_diff(a, b, "golden/x/training.ir", "actual"),
            "--- golden/x/training.ir\n"
            "+++ actual\n"
            "@@ -2,7 +2,7 @@\n"
            " 2\n 3\n 4\n-5\n+FIVE\n 6\n 7\n 8\n");
}

TEST(LineDiff, DistantChangesMakeSeparateHunksCloseOnesMerge) {
  std::vector<const char*> base = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n"};
  std::string a, far, near;
  for (std::size_t i = 0; i < base.size(); ++i) {
    a += std::string(base[i]) + "\n";
    far += std::string(i == 1 || i == 12 ? "X" : base[i]) + "\n";  // 10 lines apart
    near += std::string(i == 1 || i == 7 ? "X" : base[i]) + "\n";  // 5 lines apart (<= 2*3)
  }
  const std::string d_far = unified_diff(a, far, "a", "b");
  EXPECT_NE(d_far.find("@@ -1,5 +1,5 @@\n"), std::string::npos) << d_far;
  EXPECT_NE(d_far.find("@@ -10,5 +10,5 @@\n"), std::string::npos) << d_far;
  const std::string d_near = unified_diff(a, near, "a", "b");
  EXPECT_NE(d_near.find("@@ -1,11 +1,11 @@\n"), std::string::npos) << d_near;
  EXPECT_EQ(hunks(d_near), 1);
  EXPECT_EQ(hunks(d_far), 2);
}

TEST(LineDiff, AdditionsDeletionsAndEmptySides) {
  EXPECT_EQ(unified_diff("", lines({"a", "b"}), "golden", "actual"), "--- golden\n+++ actual\n@@ -0,0 +1,2 @@\n+a\n+b\n");
  EXPECT_EQ(unified_diff(lines({"a", "b"}), "", "golden", "actual"), "--- golden\n+++ actual\n@@ -1,2 +0,0 @@\n-a\n-b\n");
  EXPECT_EQ(unified_diff(lines({"a", "b"}), lines({"a", "b", "c"}), "x", "y"), "--- x\n+++ y\n@@ -1,2 +1,3 @@\n a\n b\n+c\n");
  EXPECT_EQ(unified_diff(lines({"a", "b", "c"}), lines({"b", "c"}), "x", "y"), "--- x\n+++ y\n@@ -1,3 +1,2 @@\n-a\n b\n c\n");
  EXPECT_EQ(unified_diff(lines({"a"}), lines({"b"}), "x", "y"), "--- x\n+++ y\n@@ -1 +1 @@\n-a\n+b\n");
}

TEST(LineDiff, MissingFinalNewlineShows) {
  EXPECT_EQ(unified_diff("a\nb\n", "a\nb", "x", "y"),
            "--- x\n+++ y\n@@ -1,2 +1,2 @@\n a\n-b\n+b\n\\ No newline at end of file\n");
}

// Applies the script to `a`; checks it yields `b` and indexes are in order.
std::vector<std::string> apply(const std::vector<std::string>& a, const std::vector<std::string>& b,
                               const std::vector<LineEdit>& edits) {
  std::vector<std::string> out;
  std::size_t ai = 0, bi = 0;
  for (const LineEdit& e : edits) {
    if (e.kind == LineEdit::Kind::Keep) {
      EXPECT_EQ(e.a, ai);
      EXPECT_EQ(e.b, bi);
      EXPECT_EQ(a[e.a], b[e.b]);
      out.push_back(a[ai++]);
      ++bi;
    } else if (e.kind == LineEdit::Kind::Remove) {
      EXPECT_EQ(e.a, ai++);
    } else {
      EXPECT_EQ(e.b, bi);
      out.push_back(b[bi++]);
    }
  }
  EXPECT_EQ(ai, a.size());
  return out;
}

std::size_t lcs(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::vector<std::size_t>> t(a.size() + 1, std::vector<std::size_t>(b.size() + 1, 0));
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j)
      t[i][j] = a[i - 1] == b[j - 1] ? t[i - 1][j - 1] + 1 : std::max(t[i - 1][j], t[i][j - 1]);
  return t[a.size()][b.size()];
}

TEST(LineDiff, RandomScriptsAreValidAndMinimal) {
  std::mt19937 rng(1234);
  for (int round = 0; round < 300; ++round) {
    auto random_lines = [&] {
      std::vector<std::string> v(rng() % 15);
      for (auto& l : v) l = std::string(1, static_cast<char>('a' + rng() % 4));
      return v;
    };
    const auto a = random_lines(), b = random_lines();
    const auto edits = diff_lines(a, b);
    EXPECT_EQ(apply(a, b, edits), b);
    std::size_t keeps = 0;
    for (const auto& e : edits) keeps += e.kind == LineEdit::Kind::Keep;
    EXPECT_EQ(keeps, lcs(a, b)) << "round " << round;  // shortest script = longest common subsequence kept
  }
}

TEST(LineDiff, LargeUnrelatedTextsStillDiff) {
  std::string a, b;
  for (int i = 0; i < 6000; ++i) {
    a += "a" + std::to_string(i) + "\n";
    b += "b" + std::to_string(i) + "\n";
  }
  const std::string d = unified_diff(a, b, "x", "y");
  EXPECT_NE(d.find("@@ -1,6000 +1,6000 @@"), std::string::npos);
}

}  // namespace
}  // namespace exportcheck
