#pragma once
// One result of checking a PT2 archive: which check, which entry and field,
// and what is wrong. Notes are facts worth showing that do not fail the
// archive (e.g. a pickled weight this build does not look inside).
#include <string>
#include <vector>

namespace exportcheck::validate {

struct Finding {
  enum class Severity { Error, Note };
  std::string check;    // e.g. "byteorder", "payload-size" (README table in validate/)
  std::string entry;    // the archive entry, "" for the archive as a whole
  std::string field;    // a field or JSON path inside the entry, "" if none
  std::string message;
  Severity severity = Severity::Error;
};

// "check: entry: field: message" (empty parts left out); notes start with "note: ".
std::string to_string(const Finding& f);
bool has_errors(const std::vector<Finding>& findings);
std::vector<Finding> errors_only(const std::vector<Finding>& findings);
// The error lines, one per line, at most `max_lines` (then "... and N more").
std::string summarize(const std::vector<Finding>& findings, std::size_t max_lines = 20);

}  // namespace exportcheck::validate
