// Parses otf2-print's event table: "KIND  location  timestamp  Field: value, Field: value" lines, each possibly
// followed by an "ADDITIONAL ATTRIBUTES: (...)" line.
#include "printed_events.hpp"

#include <gtest/gtest.h>
#include <regex>
#include <sstream>

#include "subprocess.hpp"

namespace mpisight::testkit {
namespace {

// Splits "A: x, B: \"y, z\" <1>, C: {P, Q}" at the commas outside quotes and brackets.
std::map<std::string, std::string> parse_fields(const std::string& text) {
  std::map<std::string, std::string> fields;
  int depth = 0;
  bool quoted = false;
  std::size_t start = 0;
  auto take = [&](std::size_t end) {
    const std::string part = text.substr(start, end - start);
    const std::size_t colon = part.find(": ");
    if (colon != std::string::npos) {
      const std::size_t first = part.find_first_not_of(' ');
      fields[part.substr(first, colon - first)] = part.substr(colon + 2);
    }
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted && (c == '(' || c == '{' || c == '<' || c == '[')) {
      ++depth;
    } else if (!quoted && (c == ')' || c == '}' || c == '>' || c == ']')) {
      --depth;
    } else if (!quoted && depth == 0 && c == ',') {
      take(i);
      start = i + 1;
    }
  }
  take(text.size());
  return fields;
}

std::string run_print(const std::vector<std::string>& argv) {
  const ProcessResult printed = run_process(argv, std::chrono::seconds(60));
  EXPECT_EQ(printed.exit_code, 0) << printed.err;
  return printed.out;
}

}  // namespace

std::string PrintedEvent::text(const std::string& name) const {
  const auto found = fields.find(name);
  if (found == fields.end()) {
    ADD_FAILURE() << kind << " on location " << location << " has no field " << name;
    return "";
  }
  return found->second;
}

std::uint64_t PrintedEvent::number(const std::string& name) const {
  const std::string value = text(name);
  if (!value.empty() && std::isdigit(static_cast<unsigned char>(value[0])) != 0) {
    return std::stoull(value);
  }
  const std::size_t open = value.rfind('<');
  if (open == std::string::npos) {
    ADD_FAILURE() << kind << ": field " << name << " is not a number: " << value;
    return 0;
  }
  return std::stoull(value.substr(open + 1));
}

std::uint64_t PrintedEvent::attribute(const std::string& name) const {
  const auto found = attributes.find(name);
  if (found == attributes.end()) {
    ADD_FAILURE() << kind << " on location " << location << " lacks attribute " << name;
    return 0;
  }
  return found->second;
}

std::vector<PrintedEvent> printed_events(const std::filesystem::path& archive) {
  std::istringstream lines(run_print({MPISIGHT_OTF2_PRINT, archive.string()}));
  static const std::regex kEvent(R"(^([A-Z_]+)\s+(\d+)\s+(\d+)\s*(.*)$)");
  static const std::regex kAttribute(R"re(\("([^"]+)" <\d+>; \w+; (\d+)\))re");
  std::vector<PrintedEvent> events;
  std::string line;
  std::smatch match;
  while (std::getline(lines, line)) {
    if (std::regex_match(line, match, kEvent)) {
      events.push_back({match[1], std::stoull(match[2]), parse_fields(match[4]), {}});
    } else if (line.find("ADDITIONAL ATTRIBUTES:") != std::string::npos && !events.empty()) {
      for (auto it = std::sregex_iterator(line.begin(), line.end(), kAttribute); it != std::sregex_iterator(); ++it) {
        events.back().attributes[(*it)[1]] = std::stoull((*it)[2]);
      }
    }
  }
  return events;
}

std::vector<PrintedEvent> printed_of(const std::vector<PrintedEvent>& events, std::uint64_t location,
                                     const std::string& prefix) {
  std::vector<PrintedEvent> selected;
  for (const PrintedEvent& e : events) {
    if (e.location == location && e.kind.rfind(prefix, 0) == 0) {
      selected.push_back(e);
    }
  }
  return selected;
}

std::vector<PrintedEvent> printed_definitions(const std::filesystem::path& archive, const std::string& kind) {
  std::istringstream lines(run_print({MPISIGHT_OTF2_PRINT, "-G", archive.string()}));
  static const std::regex kDefinition(R"(^([A-Z_]+)\s+(\d+)\s+(.*)$)");
  std::vector<PrintedEvent> definitions;
  std::string line;
  std::smatch match;
  while (std::getline(lines, line)) {
    if (std::regex_match(line, match, kDefinition) && match[1] == kind) {
      definitions.push_back({match[1], std::stoull(match[2]), parse_fields(match[3]), {}});
    }
  }
  return definitions;
}

}  // namespace mpisight::testkit
