// What the roundtrip stage's resave request carries to the load worker: the
// case's preload (custom ops registered before torch.export.load) and the
// model module it must not import.
#include <gtest/gtest.h>

#include <filesystem>
#include <unistd.h>

#include "harness/run/archive_stages.h"

namespace {

namespace fs = std::filesystem;
using namespace exportcheck;

worker::WorkerConfig echo_config() {
  worker::WorkerConfig c;
  c.python = "python3";
  c.root = fs::path(EXPORTCHECK_SOURCE_DIR) / "tests/data/worker";
  c.module = "request_echo_worker";
  c.role = "load";
  c.log_path = fs::temp_directory_path() / ("exportcheck-roundtrip-request-" + std::to_string(getpid()) + ".log");
  c.startup_timeout = std::chrono::seconds(20);
  return c;
}

std::string resave_request(const nlohmann::json& preload) {
  worker::JsonLinesWorker loader(echo_config());
  run::RoundtripRequest r;
  r.archive = fs::path(EXPORTCHECK_SOURCE_DIR) / "golden/archives/2.13.0/seed_conv_bn/nonstrict/core_aten.pt2";
  r.work_dir = fs::temp_directory_path() / ("exportcheck-roundtrip-request-" + std::to_string(getpid()));
  r.model_module = "exportdb.custom_op_models";
  r.preload = preload;
  r.timeout_s = 30;
  auto checks = run::roundtrip_checks(loader, r);
  fs::remove_all(r.work_dir);
  EXPECT_EQ(checks.size(), 3u);
  if (checks.size() != 3 || !checks[2].result) return "";
  return checks[2].result->outcome.message;  // "torch: <the request as JSON>"
}

TEST(RoundtripRequest, ResaveCarriesThePreloadAndForbidsTheModelModule) {
  const std::string sent = resave_request(nlohmann::json::array({"exportdb.custom_ops"}));
  EXPECT_NE(sent.find(R"("preload": ["exportdb.custom_ops"])"), std::string::npos) << sent;
  EXPECT_NE(sent.find(R"("forbid_modules": ["exportdb.custom_op_models"])"), std::string::npos) << sent;
  EXPECT_NE(sent.find(R"("op": "resave")"), std::string::npos) << sent;
}

TEST(RoundtripRequest, NoPreloadNoField) {
  const std::string sent = resave_request(nlohmann::json::array());
  EXPECT_EQ(sent.find("preload"), std::string::npos) << sent;
  EXPECT_NE(sent.find(R"("op": "resave")"), std::string::npos) << sent;
}

}  // namespace
