#include <iostream>

#include "harness/cli/arguments.h"
#include "harness/cli/commands.h"
#include "harness/golden/ir_printer.h"

namespace exportcheck::cli {

int archive_command(const std::vector<std::string>& argv) {
  Arguments args(argv, "exportcheck archive");
  const bool help = args.flag("--help") || args.flag("-h");
  auto verb = args.positional();
  if (help || !verb) {
    (help ? std::cout : std::cerr) << "usage: exportcheck archive print PATH\n\n"
                                      "  print PATH   the canonical IR of every program in a PT2 archive (the\n"
                                      "               text golden/<case>/<ir>.ir files hold)\n";
    return help ? 0 : 2;
  }
  if (*verb != "print") throw UsageError("exportcheck archive: unknown subcommand '" + *verb + "'");
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

}  // namespace exportcheck::cli
