// mpi-analyze: parse flags, stream the trace once through every check (and the profile), print the report.
// Exit status: 0 no errors found, 1 errors found, 2 bad flags or a trace that cannot be read (one line on stderr).
#include <unistd.h>

#include <cstdlib>
#include <exception>
#include <iostream>
#include <string_view>
#include <vector>

#include "analysis.hpp"
#include "cli/options.hpp"
#include "profile/profile_json.hpp"
#include "profile/profile_text.hpp"
#include "report/findings_json.hpp"
#include "report/findings_sarif.hpp"
#include "report/findings_text.hpp"
#include "report/run_ending_report.hpp"
#include "trace/trace_reader.hpp"

namespace {

using namespace mpisight;

constexpr int kExitClean = 0;
constexpr int kExitErrorsFound = 1;
constexpr int kExitCannotAnalyze = 2;

int fail(std::string_view message) {
  std::cerr << "mpi-analyze: error: " << message << '\n';
  return kExitCannotAnalyze;
}

// Colour and a progress line only for people at a terminal; NO_COLOR (no-color.org) and TERM=dumb opt out.
bool is_terminal(int fd) {
  const char* term = std::getenv("TERM");
  return isatty(fd) == 1 && (term == nullptr || std::string_view(term) != "dumb");
}

bool use_color() {
  const char* no_color = std::getenv("NO_COLOR");
  return is_terminal(STDOUT_FILENO) && (no_color == nullptr || *no_color == '\0');
}

int analyze(const analyzer::Options& options) {
  trace::TraceReader reader(options.trace);
  analyzer::AnalysisOptions analysis_options;
  analysis_options.profile = options.profile;
  const bool progress = is_terminal(STDERR_FILENO);
  if (progress) {
    analysis_options.on_progress = [](std::uint64_t events) {
      std::cerr << "\rmpi-analyze: " << events / 1'000'000 << " M events read" << std::flush;
    };
  }
  const analyzer::AnalysisResult result = analyzer::analyze(reader, analysis_options);
  if (progress && result.events >= analysis_options.progress_every) {
    std::cerr << "\r\x1b[K" << std::flush;  // erase the progress line
  }

  const auto dump = [](const nlohmann::ordered_json& json) {
    // Names come from the trace; invalid UTF-8 in them must not abort the report.
    std::cout << json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
  };
  switch (options.format) {
    case analyzer::OutputFormat::kJson: {
      nlohmann::ordered_json report = {{"schema", analyzer::kReportSchema},
                                       {"trace", reader.anchor_path().string()},
                                       {"events", result.events},
                                       {"summary", analyzer::summary_to_json(result.findings)},
                                       {"run", analyzer::run_ending_to_json(result.run)}};
      nlohmann::ordered_json findings = nlohmann::ordered_json::array();
      for (const analyzer::Finding& finding : result.findings) {
        findings.push_back(analyzer::finding_to_json(finding));
      }
      report["findings"] = std::move(findings);
      if (result.profile) {
        report["profile"] = analyzer::profile_to_json(*result.profile);
      }
      dump(report);
      break;
    }
    case analyzer::OutputFormat::kSarif: dump(analyzer::findings_to_sarif(result.findings)); break;
    case analyzer::OutputFormat::kText:
      std::cout << "Trace: " << reader.anchor_path().string() << "\n\n" << analyzer::run_ending_to_text(result.run);
      if (result.profile) {
        std::cout << analyzer::profile_to_text(*result.profile) << '\n';
      }
      std::cout << analyzer::findings_to_text(result.findings, use_color());
      break;
  }
  std::cout.flush();
  if (!std::cout) {
    return fail("cannot write the report to standard output");
  }
  return analyzer::has_errors(result.findings) ? kExitErrorsFound : kExitClean;
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
    return kExitClean;
  }
  try {
    return analyze(options);
  } catch (const std::exception& error) {
    return fail(error.what());
  }
}
