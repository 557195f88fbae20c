#include <gtest/gtest.h>

#include "harness/symbolic/canonical.h"

namespace exportcheck::symbolic {
namespace {

std::string render_fresh(std::string_view text) {
  SymbolRenamer fresh;
  return render(text, fresh);
}

constexpr const char* kS77 = "Symbol('s77', positive=True, integer=True)";
constexpr const char* kS24 = "Symbol('s24', positive=True, integer=True)";

std::string sym(const char* s) { return s; }

TEST(Canonical, SreprAndStrFormsPrintTheSame) {
  const std::pair<std::string, std::string> same[] = {
      {sym(kS77), "s77"},
      {"Mul(Integer(2), " + sym(kS77) + ")", "2*s77"},
      {"Add(" + sym(kS77) + ", Integer(1))", "s77 + 1"},
      {"Add(" + sym(kS77) + ", Integer(-1))", "s77 - 1"},
      {"Mul(Integer(-1), " + sym(kS77) + ")", "-s77"},
      {"FloorDiv(" + sym(kS77) + ", Integer(2))", "(s77//2)"},
      {"Pow(" + sym(kS77) + ", Integer(2))", "s77**2"},
      {"Mul(Rational(3, 2), " + sym(kS77) + ")", "3*s77/2"},
      {"Mul(Rational(1, 2), " + sym(kS77) + ")", "s77/2"},
      {"StrictGreaterThan(" + sym(kS77) + ", Integer(4))", "s77 > 4"},
      {"Equality(" + sym(kS77) + ", Integer(4))", "Eq(s77, 4)"},
      {"Unequality(" + sym(kS77) + ", Integer(4))", "Ne(s77, 4)"},
      {"Mul(Float('1.5', precision=53), " + sym(kS77) + ")", "1.5*s77"},
      {"FloorDiv(Add(" + sym(kS77) + ", Integer(1)), " + sym(kS24) + ")", "((s77 + 1)//s24)"},
  };
  for (const auto& [srepr, str] : same) {
    SymbolRenamer a, b;
    EXPECT_EQ(render(srepr, a), render(str, b)) << srepr << " vs " << str;
  }
}

TEST(Canonical, ReadableCanonicalForms) {
  EXPECT_EQ(render_fresh(sym(kS77)), "s0");
  EXPECT_EQ(render_fresh("Mul(Integer(2), " + sym(kS77) + ")"), "2*s0");
  EXPECT_EQ(render_fresh("2*s77"), "2*s0");
  EXPECT_EQ(render_fresh("s77 - 1"), "s0 - 1");
  EXPECT_EQ(render_fresh("(s77//2)"), "(s0//2)");
  EXPECT_EQ(render_fresh("Mod(s77, 3) + 1"), "Mod(s0, 3) + 1");
  EXPECT_EQ(render_fresh("-3*s77/2"), "-3*s0/2");
  EXPECT_EQ(render_fresh("s77/(s24*s11)"), "s0/(s1*s2)");
  EXPECT_EQ(render_fresh("1/s24"), "1/s0");
  EXPECT_EQ(render_fresh("GreaterThan(Symbol('u0', integer=True), Integer(0))"), "u0 >= 0");
  EXPECT_EQ(render_fresh("(s77 > 4) & (s24 < 3)"), "(s0 > 4) & (s1 < 3)");
  EXPECT_EQ(render_fresh("~(s77 > 4)"), "~(s0 > 4)");
  EXPECT_EQ(render_fresh("true"), "True");
  EXPECT_EQ(render_fresh("Integer(9223372036854775807)"), "9223372036854775807");
  EXPECT_EQ(render_fresh("PythonMod(s77, 3)"), "PythonMod(s0, 3)");
}

TEST(Canonical, CommutativeArgumentsHaveAFixedOrder) {
  // Terms sort by their symbolic part, constants last, whatever order sympy used.
  EXPECT_EQ(render_fresh("s24 + 3*s77 - 2"), "s0 + 3*s1 - 2");
  EXPECT_EQ(render_fresh("-2 + 3*s77 + s24"), "3*s0 + s1 - 2");
  SymbolRenamer r;
  render("s1", r);
  render("s2", r);
  EXPECT_EQ(render("Max(s2, s1)", r), "Max(s0, s1)");
  EXPECT_EQ(render("Max(s1, s2)", r), "Max(s0, s1)");
  EXPECT_EQ(render("s2*s1", r), "s0*s1");
}

TEST(Canonical, NestedProductsAndNegationsFold) {
  EXPECT_EQ(render_fresh("s0 - 3*s1"), "s0 - 3*s1");
  EXPECT_EQ(render_fresh("-(3*s0)"), "-3*s0");
  EXPECT_EQ(render_fresh("2*(3*s0)"), "6*s0");
  EXPECT_EQ(render_fresh("Mul(Integer(2), Add(" + sym(kS77) + ", Integer(1)))"), "2*(s0 + 1)");
  EXPECT_EQ(render_fresh("(s0 + 1)**2"), "(s0 + 1)**2");
}

TEST(Canonical, SymbolsAreRenamedByFirstUsePerPrefix) {
  SymbolRenamer r;
  EXPECT_EQ(render("Symbol('s77', integer=True)", r), "s0");
  EXPECT_EQ(render("Symbol('u5', integer=True)", r), "u0");
  EXPECT_EQ(render("s3 + s77", r), "s0 + s1");
  EXPECT_EQ(r.lookup("s3"), "s1");
  EXPECT_EQ(r.lookup("s4"), "");
  EXPECT_EQ(r.rename("s77"), "s0");
  EXPECT_EQ(r.rename("x"), "x");  // not a torch symbol name: kept
}

TEST(Canonical, PythonPrecedence) {
  // ** binds tighter than * and unary minus, as in Python and sympy's str().
  EXPECT_EQ(canonical(parse("2*s0**2")), canonical(parse("Mul(Integer(2), Pow(Symbol('s0'), Integer(2)))")));
  EXPECT_EQ(canonical(parse("2*s0**2")), "2*s0**2");
  EXPECT_EQ(canonical(parse("-s0**2")), "-s0**2");
  EXPECT_EQ(canonical(parse("(2*s0)**2")), "(2*s0)**2");
}

TEST(Canonical, UnparsableTextComesBackVerbatimWithSymbolsRenamed) {
  SymbolRenamer r;
  EXPECT_EQ(render("Foo(s77,", r), "Foo(s0,");
  EXPECT_EQ(render("s77 ?? u9", r), "s0 ?? u0");
  EXPECT_EQ(render("", r), "");
  std::string deep(1000, '(');
  deep += "s77" + std::string(1000, ')');
  EXPECT_EQ(render(deep, r), std::string(1000, '(') + "s0" + std::string(1000, ')'));
}

TEST(Canonical, RenameWordsOnlyTouchesKnownSymbolsUnlessAsked) {
  SymbolRenamer r;
  r.rename("u7");
  EXPECT_EQ(r.rename_words("Runtime assertion failed for expression u7 >= 0 on node 'ge'", false),
            "Runtime assertion failed for expression u0 >= 0 on node 'ge'");
  EXPECT_EQ(r.rename_words("s5 int32 u7x", false), "s5 int32 u7x");
  EXPECT_EQ(r.rename_words("s5 int32 zuf2", true), "s0 int32 zuf0");
}

}  // namespace
}  // namespace exportcheck::symbolic
