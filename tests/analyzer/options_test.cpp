// mpi-analyze's flags: accepted spellings, defaults, and one-line errors for everything else.
#include "cli/options.hpp"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace mpisight::analyzer {
namespace {

Options parse(std::vector<std::string_view> args) {
  return parse_options(args);
}

std::string usage_error(std::vector<std::string_view> args) {
  try {
    (void)parse_options(args);
  } catch (const UsageError& error) {
    return error.what();
  }
  return "no error";
}

TEST(Options, TraceAloneMeansTextWithoutExplicitProfile) {
  const Options options = parse({"run/traces.otf2"});
  EXPECT_EQ(options.trace, "run/traces.otf2");
  EXPECT_EQ(options.format, OutputFormat::kText);
  EXPECT_FALSE(options.profile);
  EXPECT_FALSE(options.help);
}

TEST(Options, FormatAndProfileInAnyOrder) {
  const Options spaced = parse({"--format", "json", "run", "--profile"});
  EXPECT_EQ(spaced.format, OutputFormat::kJson);
  EXPECT_TRUE(spaced.profile);
  EXPECT_EQ(spaced.trace, "run");
  EXPECT_EQ(parse({"--format", "sarif", "run"}).format, OutputFormat::kSarif);
  const Options joined = parse({"--profile", "--format=text", "run"});
  EXPECT_EQ(joined.format, OutputFormat::kText);
  EXPECT_TRUE(joined.profile);
}

TEST(Options, HelpNeedsNoTrace) {
  EXPECT_TRUE(parse({"--help"}).help);
  EXPECT_TRUE(parse({"-h"}).help);
}

TEST(Options, DoubleDashEndsOptions) {
  EXPECT_EQ(parse({"--", "--odd-name"}).trace, "--odd-name");
}

TEST(Options, ErrorsAreOneLineAndSayWhat) {
  EXPECT_EQ(usage_error({}), "no trace given");
  EXPECT_EQ(usage_error({"--bogus", "run"}), "unknown option '--bogus'");
  EXPECT_EQ(usage_error({"--format", "xml", "run"}), "unknown format 'xml' (expected text, json or sarif)");
  EXPECT_EQ(usage_error({"--format=", "run"}), "unknown format '' (expected text, json or sarif)");
  EXPECT_EQ(usage_error({"run", "--format"}), "--format needs a value (text, json or sarif)");
  EXPECT_EQ(usage_error({"a", "b"}), "more than one trace given ('a' and 'b')");
}

TEST(Options, UsageLineNamesEveryFlag) {
  EXPECT_EQ(usage_line(), "usage: mpi-analyze [--format text|json|sarif] [--profile] TRACE");
  EXPECT_EQ(std::string(help_text()).rfind(usage_line(), 0), 0u);
}

}  // namespace
}  // namespace mpisight::analyzer
