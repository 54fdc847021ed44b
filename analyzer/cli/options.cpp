// Hand-rolled parsing: three flags do not justify a dependency, and errors must stay one line.
#include "cli/options.hpp"

#include <string>

namespace mpisight::analyzer {
namespace {

OutputFormat parse_format(std::string_view value) {
  if (value == "text") {
    return OutputFormat::kText;
  }
  if (value == "json") {
    return OutputFormat::kJson;
  }
  if (value == "sarif") {
    return OutputFormat::kSarif;
  }
  throw UsageError("unknown format '" + std::string(value) + "' (expected text, json or sarif)");
}

}  // namespace

std::string_view usage_line() noexcept {
  return "usage: mpi-analyze [--format text|json|sarif] [--profile] TRACE";
}

std::string_view help_text() noexcept {
  return "usage: mpi-analyze [--format text|json|sarif] [--profile] TRACE\n"
         "\n"
         "Finds MPI usage errors in an OTF2 trace written by mpisight (or, with the checks its records\n"
         "allow, by another MPI tracer): leaked requests, mismatched collectives, lost messages, deadlocks.\n"
         "\n"
         "  TRACE            the trace's traces.otf2, or the directory holding it\n"
         "  --format FORMAT  text (default), json (schema: docs/analyzer-report.md) or sarif (SARIF 2.1.0)\n"
         "  --profile        also the per-function profile: calls, inclusive time and bytes per MPI\n"
         "                   function, per rank and over all ranks (not in sarif)\n"
         "  --help           this text\n"
         "\n"
         "Exit status: 0 no errors found, 1 errors found, 2 bad arguments or a trace that cannot be read.\n";
}

Options parse_options(std::span<const std::string_view> args) {
  Options options;
  bool have_trace = false;
  bool only_operands = false;  // after "--"
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (only_operands || arg.empty() || arg[0] != '-' || arg == "-") {
      if (have_trace) {
        throw UsageError("more than one trace given ('" + options.trace.string() + "' and '" + std::string(arg) + "')");
      }
      options.trace = arg;
      have_trace = true;
    } else if (arg == "--") {
      only_operands = true;
    } else if (arg == "--help" || arg == "-h") {
      options.help = true;
    } else if (arg == "--profile") {
      options.profile = true;
    } else if (arg == "--format") {
      if (i + 1 >= args.size()) {
        throw UsageError("--format needs a value (text, json or sarif)");
      }
      options.format = parse_format(args[++i]);
    } else if (arg.starts_with("--format=")) {
      options.format = parse_format(arg.substr(std::string_view("--format=").size()));
    } else {
      throw UsageError("unknown option '" + std::string(arg) + "'");
    }
  }
  if (!have_trace && !options.help) {
    throw UsageError("no trace given");
  }
  return options;
}

}  // namespace mpisight::analyzer
