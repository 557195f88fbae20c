#include "harness/catalog/yaml_document.h"

#include <fstream>
#include <sstream>

namespace exportcheck::catalog::detail {

std::optional<YAML::Node> load_document(Diagnostics& d, std::string_view text) {
  std::vector<YAML::Node> docs;
  try {
    docs = YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& e) {
    d.error(e.mark.line >= 0 ? e.mark.line + 1 : 0, "", "YAML syntax error: " + e.msg);
    return std::nullopt;
  }
  if (docs.empty() || (docs.size() == 1 && docs[0].IsNull())) {
    d.error(0, "", "the file is empty");
    return std::nullopt;
  }
  if (docs.size() > 1) {
    d.error(line_of(docs[1], 0), "", "expected one YAML document, found " +
                                         std::to_string(docs.size()) + " (remove the '---')");
    return std::nullopt;
  }
  return docs[0];
}

std::optional<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return buffer.str();
}

}  // namespace exportcheck::catalog::detail
