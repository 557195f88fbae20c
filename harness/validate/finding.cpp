#include "harness/validate/finding.h"

#include <algorithm>

namespace exportcheck::validate {

std::string to_string(const Finding& f) {
  std::string s;
  if (f.severity == Finding::Severity::Note) s.append("note: ");
  s.append(f.check);
  for (const std::string* part : {&f.entry, &f.field, &f.message})
    if (!part->empty() || part == &f.message) s.append(": ").append(*part);
  return s;
}

bool has_errors(const std::vector<Finding>& findings) {
  return std::any_of(findings.begin(), findings.end(),
                     [](const Finding& f) { return f.severity == Finding::Severity::Error; });
}

std::vector<Finding> errors_only(const std::vector<Finding>& findings) {
  std::vector<Finding> out;
  std::copy_if(findings.begin(), findings.end(), std::back_inserter(out),
               [](const Finding& f) { return f.severity == Finding::Severity::Error; });
  return out;
}

std::string summarize(const std::vector<Finding>& findings, std::size_t max_lines) {
  const std::vector<Finding> errors = errors_only(findings);
  std::string out;
  for (std::size_t i = 0; i < errors.size() && i < max_lines; ++i) {
    if (i > 0) out.push_back('\n');
    out.append(to_string(errors[i]));
  }
  if (errors.size() > max_lines) out.append("\n... and ").append(std::to_string(errors.size() - max_lines)).append(" more");
  return out;
}

}  // namespace exportcheck::validate
