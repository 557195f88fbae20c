#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "harness/symbolic/canonical.h"
#include "harness/symbolic/evaluate.h"

namespace exportcheck::symbolic {
namespace {

std::optional<std::int64_t> eval(std::string_view text, const Env& env = {}) { return evaluate(parse(text), env); }

TEST(Evaluate, SreprAndStrFormsAgree) {
  const Env env{{"s77", 5}};
  EXPECT_EQ(eval("Mul(Integer(2), Symbol('s77', positive=True, integer=True))", env), 10);
  EXPECT_EQ(eval("2*s77", env), 10);
  EXPECT_EQ(eval("Add(Integer(1), Symbol('s77', positive=True, integer=True))", env), 6);
  EXPECT_EQ(eval("s77 + 1", env), 6);
}

TEST(Evaluate, PowerBindsTighterThanProduct) {
  // The runtime's old parser read 2*s0**2 as (2*s0)**2 = 36 at s0=3.
  const Env env{{"s0", 3}};
  EXPECT_EQ(eval("2*s0**2", env), 18);
  EXPECT_EQ(eval("Mul(Integer(2), Pow(Symbol('s0', positive=True, integer=True), Integer(2)))", env), 18);
  EXPECT_EQ(eval("(2*s0)**2", env), 36);
  EXPECT_EQ(eval("-s0**2", env), -9);
  EXPECT_EQ(eval("2**3**2"), 512);  // right-associative
}

TEST(Evaluate, Operators) {
  EXPECT_EQ(eval("2*s0 - 1", {{"s0", 4}}), 7);
  EXPECT_EQ(eval("(s0//2)", {{"s0", 7}}), 3);
  EXPECT_EQ(eval("(-s0//2)", {{"s0", 7}}), -4);  // floor, as Python
  EXPECT_EQ(eval("FloorDiv(Symbol('s0'), Integer(2))", {{"s0", 9}}), 4);
  EXPECT_EQ(eval("Mod(s0, 3)", {{"s0", -1}}), 2);
  EXPECT_EQ(eval("PythonMod(s0, 3)", {{"s0", 7}}), 1);
  EXPECT_EQ(eval("Max(s0, 3)", {{"s0", 1}}), 3);
  EXPECT_EQ(eval("Min(s0, 3, s1)", {{"s0", 4}, {"s1", 2}}), 2);
  EXPECT_EQ(eval("s0*s1", {{"s0", 3}, {"s1", 4}}), 12);
  EXPECT_EQ(eval("Integer(-3)"), -3);
  EXPECT_EQ(eval("Abs(s0 - 5)", {{"s0", 2}}), 3);
}

TEST(Evaluate, UnboundSymbolIsNoValue) {
  EXPECT_EQ(eval("s0 + s1", {{"s0", 1}}), std::nullopt);
  EXPECT_EQ(symbols(parse("Max(s0, 2*s1) + u3")), (std::set<std::string>{"s0", "s1", "u3"}));
  EXPECT_TRUE(parse("Symbol('s3', integer=True)").is_symbol());
  EXPECT_FALSE(parse("s3 + 1").is_symbol());
}

TEST(Evaluate, OverflowIsAnError) {
  const Env big{{"s0", std::numeric_limits<std::int64_t>::max()}};
  EXPECT_THROW(eval("s0 + 1", big), SymbolicError);
  EXPECT_THROW(eval("2*s0", big), SymbolicError);
  EXPECT_THROW(eval("s0**2", big), SymbolicError);
  EXPECT_THROW(eval("2**64"), SymbolicError);
  EXPECT_THROW(eval("Integer(99999999999999999999)"), SymbolicError);
  EXPECT_THROW(eval("(-s0 - 1)//-1", big), SymbolicError);  // INT64_MIN // -1
  EXPECT_EQ(eval("2**62"), std::int64_t{1} << 62);
}

TEST(Evaluate, WhatIsNotIntegerArithmeticIsAnError) {
  EXPECT_THROW(eval("s0//0", {{"s0", 1}}), SymbolicError);
  EXPECT_THROW(eval("Mod(s0, 0)", {{"s0", 1}}), SymbolicError);
  EXPECT_THROW(eval("s0**(-1)", {{"s0", 2}}), SymbolicError);
  EXPECT_THROW(eval("Sin(s0)", {{"s0", 1}}), SymbolicError);
  EXPECT_THROW(eval("1.5*s0", {{"s0", 2}}), SymbolicError);
  EXPECT_THROW(check_integer(parse("Sin(s0)")), SymbolicError);
  EXPECT_THROW(check_integer(parse("s0 > 3")), SymbolicError);
  EXPECT_THROW(check_integer(parse("FloorDiv(s0)")), SymbolicError);
  EXPECT_NO_THROW(check_integer(parse("Max(2*s0 + 1, (s1//2))")));
}

TEST(Parse, DeepNestingIsAnErrorNotACrash) {
  const std::string deep = std::string(100000, '(') + "s0" + std::string(100000, ')');
  EXPECT_THROW(parse(deep), SymbolicError);
  std::string calls;
  for (int i = 0; i < 100000; ++i) calls += "Max(1, ";
  calls += "s0" + std::string(100000, ')');
  EXPECT_THROW(parse(calls), SymbolicError);
  EXPECT_NO_THROW(parse(std::string(20, '(') + "s0" + std::string(20, ')')));
}

TEST(Parse, RejectsWhatItCannotRead) {
  EXPECT_FALSE(try_parse("2*"));
  EXPECT_FALSE(try_parse("s0 )"));
  EXPECT_FALSE(try_parse("Symbol("));
  EXPECT_THROW(parse("s0 $ 1"), SymbolicError);
}

TEST(Canonical, ReadableTextWithSymbolsKept) {
  EXPECT_EQ(canonical(parse("Mul(Integer(2), Symbol('s77', positive=True, integer=True))")), "2*s77");
  EXPECT_EQ(canonical(parse("1 + s0")), "s0 + 1");
  EXPECT_EQ(canonical(parse("Add(Integer(1), Symbol('s0'))")), canonical(parse("s0 + 1")));
}

}  // namespace
}  // namespace exportcheck::symbolic
