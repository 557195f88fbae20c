#include "harness/replay/repro.h"

#include <charconv>
#include <fstream>
#include <stdexcept>

#include "harness/replay/bundle.h"

namespace exportcheck::replay {
namespace {

std::filesystem::path this_binary() {
  std::error_code ec;
  auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path("exportcheck") : p;
}

std::string number(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, end);
}

void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error(path.string() + ": cannot write");
}

}  // namespace

std::string shell_quote(const std::string& text) {
  if (!text.empty() && text.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:=+,@%") ==
                           std::string::npos) {
    return text;
  }
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string write_repro(const std::filesystem::path& dir, const std::filesystem::path& archive,
                        const std::filesystem::path& bundle_path, std::size_t sample_index, const std::string& runtime,
                        const std::string& device, const ReproOptions& options) {
  Bundle bundle = read_bundle(bundle_path);
  if (sample_index >= bundle.samples.size()) {
    throw std::out_of_range(bundle_path.string() + ": no sample " + std::to_string(sample_index) + " (" +
                            std::to_string(bundle.samples.size()) + " samples)");
  }
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(archive, dir / "program.pt2", std::filesystem::copy_options::overwrite_existing);

  // Every key of the original, in its order; only samples and guards change.
  auto original = bundle.raw.toGenericDict();
  auto copy = original.copy();
  auto samples = original.at(c10::IValue("samples"));
  c10::IValue chosen = samples.isList() ? samples.toListRef()[sample_index] : samples.toTupleRef().elements()[sample_index];
  c10::impl::GenericList one(c10::AnyType::get());
  one.push_back(chosen);
  copy.insert_or_assign(c10::IValue("samples"), c10::IValue(one));
  copy.insert_or_assign(c10::IValue("guards"), c10::IValue(c10::impl::GenericList(c10::AnyType::get())));
  save_pickle_file(dir / "sample.pt", c10::IValue(copy));

  auto binary = options.exportcheck.empty() ? this_binary() : std::filesystem::absolute(options.exportcheck);
  std::string command = shell_quote(binary.string()) + " replay --runtime " + shell_quote(runtime) + " --device " +
                        shell_quote(device) + " --archive program.pt2 --bundle sample.pt";
  if (!options.package.empty()) {
    std::filesystem::copy_file(options.package, dir / "package.pt2", std::filesystem::copy_options::overwrite_existing);
    command += " --package package.pt2";
  }
  if (options.tolerance.atol) command += " --atol " + number(*options.tolerance.atol);
  if (options.tolerance.rtol) command += " --rtol " + number(*options.tolerance.rtol);
  write_text(dir / "command", command + "\n");

  const Sample& sample = bundle.samples[sample_index];
  std::string readme = "exportcheck repro: one failing replay sample\n\n";
  readme += "case:    " + bundle.case_name + (bundle.mode.empty() ? "" : " (" + bundle.mode + ")") + "\n";
  readme += "runtime: " + runtime + " on " + device + "\n";
  readme += "sample:  " + std::to_string(sample_index) + " of " + bundle_path.string() + ", label " + sample.label + "\n";
  readme += "sizes:   " + (sample.sizes.empty() ? std::string("(no symbols)") : describe_sizes(sample.sizes)) + "\n";
  if (!options.message.empty()) readme += "failure: " + options.message + "\n";
  readme += "\nReplay it from this folder (exit 0 passed, 1 failed):\n\n    cd " + shell_quote(std::filesystem::absolute(dir).string()) +
            " && " + command + "\n\nprogram.pt2 is the archive under test; sample.pt holds this sample only\n"
            "(replay bundle format 2, harness/replay/BUNDLE.md; torch.load(..., weights_only=False) reads it).\n";
  write_text(dir / "README.txt", readme);
  return command;
}

}  // namespace exportcheck::replay
