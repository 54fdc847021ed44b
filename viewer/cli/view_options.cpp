// Flags of mpi-view; both "--flag value" and "--flag=value" are accepted.
#include "cli/view_options.hpp"

#include <charconv>

namespace mpisight::viewer {

std::string_view view_usage_line() noexcept {
  return "usage: mpi-view [--port N] [--token T] [--findings FILE | --no-findings] [--export FILE.html] TRACE";
}

std::string_view view_help_text() noexcept {
  return R"(usage: mpi-view [options] TRACE

Shows an OTF2 trace (the traces.otf2 anchor file or its directory) as a timeline in the browser, with
mpi-analyze's findings on it. Serves the page on 127.0.0.1 only and prints its URL, which carries an access
token; requests without it are refused. The index built from the trace is cached next to it
(traces.mpiview-index) and rebuilt when the trace changes.

  --export FILE   write the whole view into one self-contained HTML file instead of serving it
  --port N        listen on port N (default: a free port)
  --token T       use T as the access token (default: random)
  --findings FILE show the findings of this mpi-analyze JSON report instead of running mpi-analyze
  --no-findings   do not run mpi-analyze
  -h, --help      show this help
)";
}

ViewOptions parse_view_options(std::span<const std::string_view> args) {
  ViewOptions options;
  bool have_trace = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    std::string_view value;
    bool inline_value = false;
    if (arg.starts_with("--") && arg.find('=') != std::string_view::npos) {
      value = arg.substr(arg.find('=') + 1);
      arg = arg.substr(0, arg.find('='));
      inline_value = true;
    }
    auto take_value = [&]() -> std::string_view {
      if (inline_value) {
        return value;
      }
      if (i + 1 >= args.size()) {
        throw ViewUsageError(std::string(arg) + " needs a value");
      }
      return args[++i];
    };
    if (arg == "-h" || arg == "--help") {
      options.help = true;
    } else if (arg == "--export") {
      options.export_html = std::filesystem::path(take_value());
    } else if (arg == "--findings") {
      options.findings = std::filesystem::path(take_value());
    } else if (arg == "--no-findings") {
      options.no_findings = true;
    } else if (arg == "--token") {
      const std::string_view token = take_value();
      if (token.size() < 8 ||
          token.find_first_not_of("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_") !=
              std::string_view::npos) {
        throw ViewUsageError("--token needs at least 8 characters from [A-Za-z0-9_-]");
      }
      options.token = std::string(token);
    } else if (arg == "--port") {
      const std::string_view text = take_value();
      unsigned port = 0;
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), port);
      if (error != std::errc() || end != text.data() + text.size() || port > 65535) {
        throw ViewUsageError("--port needs a number 0..65535, got '" + std::string(text) + "'");
      }
      options.port = static_cast<std::uint16_t>(port);
    } else if (arg.starts_with("-") && arg != "-") {
      throw ViewUsageError("unknown option '" + std::string(arg) + "'");
    } else if (have_trace) {
      throw ViewUsageError("more than one trace given ('" + std::string(arg) + "')");
    } else {
      options.trace = std::filesystem::path(arg);
      have_trace = true;
    }
  }
  if (!have_trace && !options.help) {
    throw ViewUsageError("no trace given");
  }
  if (options.findings && options.no_findings) {
    throw ViewUsageError("--findings and --no-findings exclude each other");
  }
  return options;
}

}  // namespace mpisight::viewer
