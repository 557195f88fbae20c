#include "harness/run/suite.h"

#include <algorithm>
#include <chrono>

#include "harness/catalog/normalized_case.h"
#include "harness/catalog/suite_expectations.h"
#include "harness/worker/json_lines_worker.h"
#include "harness/worker/requests.h"

namespace exportcheck::run {

const std::vector<std::string>& known_suites() {
  static const std::vector<std::string> kSuites = {"exportdb-upstream", "hf", "opinfo", "timm", "torchvision"};
  return kSuites;
}

catalog::Catalog suite_catalog(const nlohmann::json& cases) {
  if (!cases.is_array()) throw SuiteError("list_suite: 'cases' is not a list");
  catalog::Catalog cat;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const nlohmann::json& j = cases[i];
    try {
      catalog::Case c = catalog::case_from_normalized(j);
      if (cat.find(c.name) != nullptr) throw catalog::NormalizedCaseError("suite case " + c.name + ": listed twice");
      cat.cases.push_back(std::move(c));
    } catch (const catalog::NormalizedCaseError& e) {
      std::string name = j.is_object() && j.value("name", nlohmann::json()).is_string() ? j["name"].get<std::string>()
                                                                                        : "suite-case-" + std::to_string(i);
      const std::string file = j.is_object() && j.value("file", nlohmann::json()).is_string() ? j["file"].get<std::string>() : name;
      cat.broken.push_back({name, file, {{file, 0, "", e.what()}}});
    }
  }
  auto by_name = [](const auto& a, const auto& b) { return a.name < b.name; };
  std::sort(cat.cases.begin(), cat.cases.end(), by_name);
  std::sort(cat.broken.begin(), cat.broken.end(), by_name);
  return cat;
}

catalog::Catalog load_suite(const std::string& suite, const SuiteSource& source) {
  const auto& known = known_suites();
  if (std::find(known.begin(), known.end(), suite) == known.end()) {
    std::string names;
    for (const auto& k : known) names += (names.empty() ? "" : ", ") + k;
    throw SuiteError("unknown suite '" + suite + "' (known: " + names + ")");
  }
  worker::WorkerConfig config;
  config.python = source.python;
  config.root = source.root;
  config.python_path = source.python_path;
  config.role = "export";
  config.log_path = source.log_path;
  worker::JsonLinesWorker exporter(config);
  const worker::Reply reply = exporter.call(worker::list_suite_request(suite), std::chrono::seconds(300));
  if (reply.status != worker::Reply::Status::Ok)
    throw SuiteError("listing suite " + suite + ": the export worker " +
                     (reply.status == worker::Reply::Status::Timeout ? "timed out" : "crashed") + ": " + reply.message);
  if (!reply.body.value("ok", false))
    throw SuiteError("listing suite " + suite + ": " + reply.body.value("error_type", std::string()) + ": " +
                     reply.body.value("message", std::string()));
  catalog::Catalog cat = suite_catalog(reply.body.value("cases", nlohmann::json::array()));
  // A slice of the suite names every case it has ("names"), so that the
  // expectations of cases it did not list are not taken for typos.
  std::vector<std::string> names;
  for (const nlohmann::json& n : reply.body.value("names", nlohmann::json::array()))
    if (n.is_string()) names.push_back(n.get<std::string>());
  try {
    catalog::apply_suite_expectations(cat, suite, catalog::load_suite_expectations(source.root, suite), names);
  } catch (const catalog::CatalogError& e) {
    throw SuiteError(e.what());
  }
  return cat;
}

}  // namespace exportcheck::run
