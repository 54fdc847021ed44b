// mpi-analyze: parse flags, stream the trace once through every pass, print the reports.
// Exit status: 0 analyzed, 2 bad flags or a trace that cannot be read (one line on stderr).
#include <exception>
#include <iostream>
#include <string_view>
#include <vector>

#include "cli/options.hpp"
#include "event_pass.hpp"
#include "profile/profile.hpp"
#include "profile/profile_json.hpp"
#include "profile/profile_text.hpp"
#include "trace/trace_reader.hpp"

namespace {

using namespace mpisight;

constexpr int kExitOk = 0;
constexpr int kExitCannotAnalyze = 2;

int fail(std::string_view message) {
  std::cerr << "mpi-analyze: error: " << message << '\n';
  return kExitCannotAnalyze;
}

int analyze(const analyzer::Options& options) {
  trace::TraceReader reader(options.trace);
  analyzer::ProfileBuilder profile(reader.definitions());
  // Checks join this list as they are written; each sees the same single pass over the events.
  const std::vector<analyzer::EventPass*> passes = {&profile};
  analyzer::run_passes(reader, passes);

  // With no checks yet, the profile is the whole report; --profile will select it once checks exist.
  const bool print_profile = options.profile || passes.size() == 1;
  const analyzer::Profile result = profile.finish();
  if (options.format == analyzer::OutputFormat::kJson) {
    nlohmann::ordered_json report = {{"trace", reader.anchor_path().string()}};
    if (print_profile) {
      report["profile"] = analyzer::profile_to_json(result);
    }
    // Names come from the trace; invalid UTF-8 in them must not abort the report.
    std::cout << report.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
  } else {
    std::cout << "Trace: " << reader.anchor_path().string() << "\n\n";
    if (print_profile) {
      std::cout << analyzer::profile_to_text(result);
    }
  }
  std::cout.flush();
  return std::cout ? kExitOk : fail("cannot write the report to standard output");
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string_view> args(argv + 1, argv + argc);
  analyzer::Options options;
  try {
    options = analyzer::parse_options(args);
  } catch (const analyzer::UsageError& error) {
    return fail(std::string(error.what()) + "; " + std::string(analyzer::usage_line()));
  }
  if (options.help) {
    std::cout << analyzer::help_text();
    return kExitOk;
  }
  try {
    return analyze(options);
  } catch (const std::exception& error) {
    return fail(error.what());
  }
}
