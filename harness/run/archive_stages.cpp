#include "harness/run/archive_stages.h"

#include <chrono>

#include "harness/archive/zip_archive.h"
#include "harness/golden/ir_printer.h"
#include "harness/golden/line_diff.h"
#include "harness/validate/archive_rewrite.h"
#include "harness/run/worker_reply.h"
#include "harness/validate/archive_validator.h"
#include "harness/worker/requests.h"

namespace exportcheck::run {
namespace {

using nlohmann::json;
using report::Outcome;
using Clock = std::chrono::steady_clock;

double since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

json findings_json(const std::vector<validate::Finding>& findings) {
  json out = json::array();
  for (const auto& f : findings)
    out.push_back({{"check", f.check},
                   {"entry", f.entry},
                   {"field", f.field},
                   {"message", f.message},
                   {"severity", f.severity == validate::Finding::Severity::Error ? "error" : "note"}});
  return out;
}

// FAIL with the findings' lines, or PASS; details keep every finding (notes too).
Check from_validation(const validate::Validation& v, Clock::time_point start) {
  Check c;
  c.seconds = since(start);
  c.details = {{"findings", findings_json(v.findings)}};
  if (!v.ok()) c.outcome = {Outcome::Kind::Fail, validate::summarize(v.findings, 5)};
  return c;
}

Check fail(const std::string& message, Clock::time_point start) {
  Check c;
  c.outcome = {Outcome::Kind::Fail, message};
  c.seconds = since(start);
  return c;
}

Check reload_check(worker::JsonLinesWorker& loader, const RoundtripRequest& r, const std::filesystem::path& rewritten,
                   const std::filesystem::path& resaved) {
  const auto start = Clock::now();
  const json request = worker::resave_request(rewritten.string(), resaved.string(), r.bundle, r.model_module, r.preload);
  const worker::Reply reply = loader.call(request, std::chrono::duration<double>(r.timeout_s));
  if (auto failure = worker_failure(reply)) return {*failure, reply.seconds, json::object()};
  const json& b = reply.body;
  if (!b.value("ok", false)) return fail("resave error: " + error_text(b), start);
  if (!b.value("passed", false)) return fail("torch: " + b.value("message", std::string("resave failed")), start);
  try {
    const std::string before = print_archive(rewritten.string());
    const std::string after = print_archive(resaved.string());
    if (before == after) return {{}, since(start), json::object()};
    Check c = fail("canonical IR changed after torch.export.load + save of the rewrite", start);
    c.details = {{"diff", unified_diff(before, after, "rewritten", "resaved")}};
    return c;
  } catch (const std::exception& e) {
    return fail(std::string("cannot print: ") + e.what(), start);
  }
}

}  // namespace

Check archive_check(const std::filesystem::path& archive) {
  const auto start = Clock::now();
  return from_validation(validate::validate_archive_file(archive.string()), start);
}

std::vector<RoundtripCheck> roundtrip_checks(worker::JsonLinesWorker& loader, const RoundtripRequest& r) {
  std::vector<RoundtripCheck> checks;
  for (std::string_view name : catalog::schema::kRoundtripChecks) checks.push_back({std::string(name), {}, ""});
  static_assert(catalog::schema::kRoundtripChecks.size() == 3, "checks[0..2] below are validate, bytes, reload");
  const auto start = Clock::now();
  const std::string stem = r.archive.stem().string();
  const auto rewritten = r.work_dir / (stem + ".rewritten.pt2");
  const auto resaved = r.work_dir / (stem + ".resaved.pt2");
  std::error_code ec;
  std::filesystem::create_directories(r.work_dir, ec);
  std::filesystem::remove(rewritten, ec);  // never judge an earlier run's files
  std::filesystem::remove(resaved, ec);
  try {
    validate::rewrite_archive(r.archive.string(), rewritten.string());
  } catch (const std::exception& e) {
    checks[0].result = fail(std::string("C++ rewrite failed: ") + e.what(), start);
    checks[1].not_run_reason = checks[2].not_run_reason = "C++ rewrite failed";
    return checks;
  }
  checks[0].result = from_validation(validate::validate_archive_file(rewritten.string()), start);

  const auto bytes_start = Clock::now();
  try {
    const ZipArchive a = ZipArchive::open(r.archive.string());
    const ZipArchive b = ZipArchive::open(rewritten.string());
    const auto findings = validate::compare_rewritten(a, b);
    Check c;
    c.seconds = since(bytes_start);
    c.details = {{"findings", findings_json(findings)}};
    // Every difference in the message (up to 25): a known gap explains the
    // stage only when it explains each line (catalog/known_gaps.h).
    if (!findings.empty()) c.outcome = {Outcome::Kind::Fail, validate::summarize(findings, 25)};
    checks[1].result = std::move(c);
  } catch (const std::exception& e) {
    checks[1].result = fail(e.what(), bytes_start);
  }
  checks[2].result = reload_check(loader, r, rewritten, resaved);
  return checks;
}

}  // namespace exportcheck::run
