// run/torch_release.h: the release of a torch version string, and the message
// that stops a run whose workers' torch is not the binary's LibTorch.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "harness/run/torch_release.h"

namespace fs = std::filesystem;
using namespace exportcheck::run;

TEST(TorchRelease, DropsLocalAndPreReleaseParts) {
  EXPECT_EQ(torch_release("2.13.0"), "2.13.0");
  EXPECT_EQ(torch_release("2.13.0+cpu"), "2.13.0");
  EXPECT_EQ(torch_release("2.14.1+cu130"), "2.14.1");
  EXPECT_EQ(torch_release("2.15.0.dev20250101+cpu"), "2.15.0");
  EXPECT_EQ(torch_release("2.15.0a0+git1234abc"), "2.15.0");
  EXPECT_EQ(torch_release("10.0.12"), "10.0.12");
}

TEST(TorchRelease, NotAVersionIsEmpty) {
  EXPECT_EQ(torch_release("fake"), "");
  EXPECT_EQ(torch_release(""), "");
  EXPECT_EQ(torch_release("2.13"), "");
  EXPECT_EQ(torch_release("2..0"), "");
  EXPECT_EQ(torch_release("v2.13.0"), "");
}

TEST(TorchMismatch, SameReleaseOrUnknownIsNoMismatch) {
  EXPECT_EQ(torch_mismatch("2.13.0", "2.13.0+cpu", "/p/python", ""), "");
  EXPECT_EQ(torch_mismatch("2.14.1", "2.14.1+cu130", "/p/python", ""), "");
  EXPECT_EQ(torch_mismatch("2.13.0", "fake", "/p/python", ""), "") << "a stand-in worker";
  EXPECT_EQ(torch_mismatch("", "2.14.1", "/p/python", ""), "");
}

TEST(TorchMismatch, NamesBothVersionsTheInterpreterAndWhatToUse) {
  const fs::path src = fs::temp_directory_path() / ("exportcheck-torch-release-" + std::to_string(getpid()));
  fs::remove_all(src);
  fs::create_directories(src);
  std::ofstream(src / "requirements.txt") << "numpy\ntorch==2.13.0\npytest\n";

  std::string m = torch_mismatch("2.13.0", "2.14.1+cu130", "/v/bin/python", src);
  EXPECT_NE(m.find("this exportcheck was built against LibTorch 2.13.0 but /v/bin/python has torch 2.14.1+cu130: "),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("scripts/setup --torch 2.14.1 builds build-2.14.1/exportcheck"), std::string::npos) << m;
  EXPECT_NE(m.find("EXPORTCHECK_TORCH=2.14.1"), std::string::npos) << m;
  EXPECT_NE(m.find("with torch 2.13.0"), std::string::npos) << m;

  fs::create_directories(src / "build-2.14.1");
  std::ofstream(src / "build-2.14.1" / "exportcheck") << "";
  m = torch_mismatch("2.13.0", "2.14.1+cu130", "/v/bin/python", src);
  EXPECT_NE(m.find("use " + (src / "build-2.14.1" / "exportcheck").string()), std::string::npos) << m;

  // The pinned release's binary is build/exportcheck.
  m = torch_mismatch("2.14.1", "2.13.0+cpu", "/v/bin/python", src);
  EXPECT_NE(m.find("builds build/exportcheck"), std::string::npos) << m;
  fs::remove_all(src);
}
