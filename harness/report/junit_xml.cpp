#include "harness/report/junit_xml.h"

#include <map>
#include <sstream>

#include "harness/report/atomic_file.h"
#include "harness/report/case_verdict.h"

namespace exportcheck::report {
namespace {

// XML 1.0 forbids most control characters even when escaped.
std::string sanitize(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) out += (c < 0x20 && c != '\n' && c != '\t' && c != '\r') ? '?' : static_cast<char>(c);
  return out;
}

std::string attr(std::string_view s) {
  std::string out;
  for (char c : sanitize(s)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\n': out += "&#10;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string cdata(std::string_view s) {
  std::string text = sanitize(s), out = "<![CDATA[";
  for (size_t pos = 0;;) {
    auto end = text.find("]]>", pos);
    if (end == std::string::npos) {
      out += text.substr(pos);
      break;
    }
    out += text.substr(pos, end - pos) + "]]]]><![CDATA[>";
    pos = end + 3;
  }
  return out + "]]>";
}

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

struct Counts {
  int tests = 0, failures = 0, errors = 0, skipped = 0;
  double seconds = 0;
  void add(const StageResult& r) {
    ++tests;
    seconds += r.seconds;
    switch (r.verdict) {
      case Verdict::Fail:
      case Verdict::XPass: ++failures; break;
      case Verdict::Timeout:
      case Verdict::Crash:
      case Verdict::Error: ++errors; break;
      case Verdict::Unsupported:
      case Verdict::Skip: ++skipped; break;
      default: break;
    }
  }
  std::string attrs() const {
    std::ostringstream o;
    o << "tests=\"" << tests << "\" failures=\"" << failures << "\" errors=\"" << errors << "\" skipped=\"" << skipped
      << "\" time=\"" << seconds << "\"";
    return o.str();
  }
};

}  // namespace

std::string xml_escape(std::string_view s) { return attr(s); }
std::string xml_cdata(std::string_view s) { return cdata(s); }

std::string junit_xml(const Summary& s) {
  std::map<std::string, std::vector<const StageResult*>> by_case;
  Counts total;
  for (const auto& r : s.results) {
    by_case[r.case_name].push_back(&r);
    total.add(r);
  }
  std::ostringstream o;
  o << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  o << "<testsuites name=\"exportcheck\" " << total.attrs() << ">\n";
  std::map<std::string, CaseVerdict> verdicts;
  for (auto& [name, cv] : case_verdicts(s.results)) verdicts.emplace(name, std::move(cv));
  for (const auto& [name, results] : by_case) {
    Counts c;
    for (auto* r : results) c.add(*r);
    o << "  <testsuite name=\"" << attr(name) << "\" " << c.attrs() << ">\n";
    // The case's status by the one rule (case_verdict.h); CI tools that show
    // suite properties show it, the counts above agree with it.
    const CaseVerdict& cv = verdicts.at(name);
    o << "    <properties>\n      <property name=\"verdict\" value=\"" << to_string(cv.verdict)
      << "\"/>\n      <property name=\"detail\" value=\"" << attr(cv.detail) << "\"/>\n    </properties>\n";
    for (auto* r : results) {
      std::string test = r->stage + (r->variant.empty() ? "" : "[" + r->variant + "]");
      o << "    <testcase classname=\"exportcheck." << attr(name) << "\" name=\"" << attr(test) << "\" time=\""
        << r->seconds << "\"";
      std::string v(to_string(r->verdict));
      switch (r->verdict) {
        case Verdict::Fail:
        case Verdict::XPass:
          o << ">\n      <failure type=\"" << v << "\" message=\"" << attr(first_line(r->message)) << "\">"
            << cdata(r->message) << "</failure>\n    </testcase>\n";
          break;
        case Verdict::Timeout:
        case Verdict::Crash:
        case Verdict::Error:
          o << ">\n      <error type=\"" << v << "\" message=\"" << attr(first_line(r->message)) << "\">"
            << cdata(r->message) << "</error>\n    </testcase>\n";
          break;
        case Verdict::Unsupported:
        case Verdict::Skip:
          o << ">\n      <skipped message=\"" << v << ": " << attr(first_line(r->message)) << "\"/>\n    </testcase>\n";
          break;
        default:
          if (r->message.empty()) {
            o << "/>\n";
          } else {
            o << ">\n      <system-out>" << cdata(v + ": " + r->message) << "</system-out>\n    </testcase>\n";
          }
      }
    }
    o << "  </testsuite>\n";
  }
  o << "</testsuites>\n";
  return o.str();
}

void write_junit(const std::filesystem::path& path, const Summary& s) { write_file_atomically(path, junit_xml(s)); }

}  // namespace exportcheck::report
