// Layout per group: "error[check.id] Title (n)", then per finding its sentence, its calls indented, its hint.
#include "report/findings_text.hpp"

#include <algorithm>
#include <map>

#include "findings/check_catalog.hpp"
#include "profile/units.hpp"

namespace mpisight::analyzer {
namespace {

struct Style {
  bool on;
  [[nodiscard]] std::string wrap(std::string_view code, const std::string& text) const {
    return on ? "\x1b[" + std::string(code) + "m" + text + "\x1b[0m" : text;
  }
  [[nodiscard]] std::string severity(Severity s, const std::string& text) const {
    return wrap(s == Severity::kError ? "1;31" : "1;33", text);
  }
  [[nodiscard]] std::string bold(const std::string& text) const { return wrap("1", text); }
  [[nodiscard]] std::string dim(const std::string& text) const { return wrap("2", text); }
};

std::string plural(std::size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

std::string call_line(const CallRef& call) {
  std::string line = "rank " + std::to_string(call.rank) + "  " + call.function + " at " +
                     format_duration_ns(static_cast<double>(call.time_ns));
  if (call.site) {
    line += "  " + call.site->file + ":" + std::to_string(call.site->line);
    if (!call.site->function.empty()) {
      line += " (" + call.site->function + ")";
    }
  }
  return line + ": " + call.role;
}

std::string summary_line(const std::vector<Finding>& findings) {
  const auto errors = static_cast<std::size_t>(
      std::count_if(findings.begin(), findings.end(), [](const Finding& f) { return f.severity == Severity::kError; }));
  const std::size_t warnings = findings.size() - errors;
  if (findings.empty()) {
    return "No MPI errors found.";
  }
  return plural(errors, "error") + ", " + plural(warnings, "warning") + ".";
}

std::string findings_to_text(const std::vector<Finding>& findings, bool color) {
  const Style style{color};
  // Errors before warnings, then by check id; within a check the findings keep their order.
  std::vector<const Finding*> ordered;
  for (const Finding& finding : findings) {
    ordered.push_back(&finding);
  }
  std::stable_sort(ordered.begin(), ordered.end(), [](const Finding* a, const Finding* b) {
    return std::tie(a->severity, a->check) < std::tie(b->severity, b->check);
  });
  std::string text;
  for (std::size_t i = 0; i < ordered.size();) {
    std::size_t j = i;
    while (j < ordered.size() && ordered[j]->check == ordered[i]->check) {
      ++j;
    }
    const Finding& first = *ordered[i];
    const CheckInfo* info = find_check(first.check);
    const std::string title = info != nullptr ? std::string(info->title) : first.check;
    text += style.severity(first.severity, std::string(severity_name(first.severity)) + "[" + first.check + "]") + " " +
            style.bold(title) + " (" + std::to_string(j - i) + ")\n";
    for (std::size_t k = i; k < j; ++k) {
      const Finding& finding = *ordered[k];
      text += "  " + finding.message + "\n";
      for (const CallRef& call : finding.calls) {
        text += "    " + call_line(call) + "\n";
      }
      text += "    " + style.dim("hint: " + finding.hint) + "\n";
    }
    text += "\n";
    i = j;
  }
  const std::string summary = summary_line(findings);
  text += findings.empty() ? summary : style.bold(summary);
  return text + "\n";
}

}  // namespace mpisight::analyzer
