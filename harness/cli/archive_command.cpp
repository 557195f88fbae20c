#include <iostream>

#include "harness/cli/arguments.h"
#include "harness/cli/commands.h"
#include "harness/golden/ir_printer.h"
#include "harness/validate/archive_rewrite.h"
#include "harness/validate/archive_validator.h"

namespace exportcheck::cli {
namespace {

constexpr const char* kUsage =
    "usage: exportcheck archive print PATH\n"
    "       exportcheck archive validate [--quiet] PATH\n"
    "       exportcheck archive rewrite IN OUT\n\n"
    "  print PATH      the canonical IR of every program in a PT2 archive (the\n"
    "                  text golden/<case>/<ir>.ir files hold)\n"
    "  validate PATH   every PT2 archive check (harness/validate/README.md), one\n"
    "                  line per finding; exit 0 valid, 1 findings, 2 unreadable\n"
    "                  (--quiet: errors only, no notes)\n"
    "  rewrite IN OUT  write IN back as a C++ producer would (model JSON and\n"
    "                  payload configs through torch's schema structs)\n";

int print(Arguments& args) {
  auto path = args.positional();
  args.finish();
  if (!path) throw UsageError("exportcheck archive print: needs PATH");
  try {
    std::cout << exportcheck::print_archive(*path);
  } catch (const std::exception& e) {
    std::cerr << "exportcheck archive print: " << e.what() << "\n";
    return 2;
  }
  return 0;
}

int validate(Arguments& args) {
  const bool quiet = args.flag("--quiet");
  auto path = args.positional();
  args.finish();
  if (!path) throw UsageError("exportcheck archive validate: needs PATH");
  const validate::Validation v = validate::validate_archive_file(*path);
  std::size_t errors = 0;
  for (const validate::Finding& f : v.findings) {
    const bool is_error = f.severity == validate::Finding::Severity::Error;
    errors += is_error ? 1 : 0;
    if (is_error || !quiet) std::cout << *path << ": " << validate::to_string(f) << "\n";
  }
  if (!v.readable) return 2;
  std::cout << *path << ": " << (errors == 0 ? "valid" : std::to_string(errors) + " finding(s)") << "\n";
  return errors == 0 ? 0 : 1;
}

int rewrite(Arguments& args) {
  auto in = args.positional();
  auto out = args.positional();
  args.finish();
  if (!in || !out) throw UsageError("exportcheck archive rewrite: needs IN and OUT");
  try {
    validate::rewrite_archive(*in, *out);
  } catch (const std::exception& e) {
    std::cerr << "exportcheck archive rewrite: " << e.what() << "\n";
    return 2;
  }
  return 0;
}

}  // namespace

int archive_command(const std::vector<std::string>& argv) {
  Arguments args(argv, "exportcheck archive");
  const bool help = args.flag("--help") || args.flag("-h");
  auto verb = args.positional();
  if (help || !verb) {
    (help ? std::cout : std::cerr) << kUsage;
    return help ? 0 : 2;
  }
  if (*verb == "print") return print(args);
  if (*verb == "validate") return validate(args);
  if (*verb == "rewrite") return rewrite(args);
  throw UsageError("exportcheck archive: unknown subcommand '" + *verb + "'");
}

}  // namespace exportcheck::cli
