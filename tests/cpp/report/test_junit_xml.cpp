#include <gtest/gtest.h>

#include "harness/report/junit_xml.h"

using namespace exportcheck::report;

namespace {

StageResult result(const std::string& stage, Verdict v, const std::string& msg) {
  StageResult r;
  r.case_name = "conv";
  r.stage = stage;
  r.variant = "strict/core_aten";
  r.verdict = v;
  r.message = msg;
  return r;
}

size_t count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

}  // namespace

TEST(JunitXml, MapsVerdictsToJunitElements) {
  Summary s;
  s.results = {result("export", Verdict::Pass, ""), result("golden", Verdict::Fail, "golden differs"),
               result("replay:module:cpu", Verdict::Crash, "worker crashed"),
               result("replay:module:cuda", Verdict::Unsupported, "CUDA not available"),
               result("roundtrip", Verdict::XPass, "expected to fail")};
  auto xml = junit_xml(s);
  EXPECT_NE(xml.find("<testsuites name=\"exportcheck\" tests=\"5\" failures=\"2\" errors=\"1\" skipped=\"1\""),
            std::string::npos)
      << xml;
  EXPECT_EQ(count(xml, "<failure "), 2u);
  EXPECT_EQ(count(xml, "<error "), 1u);
  EXPECT_NE(xml.find("<skipped message=\"UNSUPPORTED: CUDA not available\"/>"), std::string::npos);
  EXPECT_NE(xml.find("name=\"replay:module:cpu[strict/core_aten]\""), std::string::npos);
}

TEST(JunitXml, EscapesAttributesAndSanitizesCdata) {
  Summary s;
  s.results = {result("export", Verdict::Fail, "a <b> & \"c\"\nline two ]]> end \x01")};
  auto xml = junit_xml(s);
  EXPECT_NE(xml.find("message=\"a &lt;b&gt; &amp; &quot;c&quot;\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("]]]]><![CDATA[>"), std::string::npos) << "]]> split so CDATA stays closed";
  EXPECT_EQ(xml.find('\x01'), std::string::npos) << "control characters are not valid XML";
}

// Each testsuite (a case) carries the case verdict by the one rule: a case
// that passed all it could run is PASS with what did not run beside it.
TEST(JunitXml, EachCaseSuiteCarriesTheCaseVerdict) {
  Summary s;
  s.results = {result("export", Verdict::Pass, ""), result("replay:module:cuda", Verdict::Unsupported, "CUDA not available"),
               result("guards:module:cpu", Verdict::XFail, "known upstream gap — accepted size 1")};
  StageResult other = result("export", Verdict::Unsupported, "transformers not installed");
  other.case_name = "hf_bert";
  s.results.push_back(other);
  auto xml = junit_xml(s);
  const std::string conv = xml.substr(xml.find("<testsuite name=\"conv\""));
  EXPECT_EQ(conv.find("<testsuite name=\"conv\" tests=\"3\" failures=\"0\" errors=\"0\" skipped=\"1\""), 0u) << xml;
  EXPECT_EQ(conv.find("    <properties>\n      <property name=\"verdict\" value=\"PASS\"/>\n"
                      "      <property name=\"detail\" value=\"2 run; 1 not run: no CUDA; 1 expected failure\"/>\n"
                      "    </properties>\n    <testcase "),
            conv.find('\n') + 1)
      << "properties come first in the suite: " << xml;
  const std::string bert = xml.substr(xml.find("<testsuite name=\"hf_bert\""));
  EXPECT_NE(bert.find("<property name=\"verdict\" value=\"UNSUPPORTED\"/>"), std::string::npos) << xml;
  EXPECT_NE(bert.find("<property name=\"detail\" value=\"0 run; 1 not run: package not installed\"/>"), std::string::npos);

  s.results.push_back(result("golden", Verdict::Fail, "golden differs"));
  xml = junit_xml(s);
  EXPECT_NE(xml.find("<property name=\"verdict\" value=\"FAIL\"/>"), std::string::npos) << "unexpected dominates: " << xml;
}
