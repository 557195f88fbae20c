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
