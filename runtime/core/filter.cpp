// Parses MPISIGHT_FILTER rules into one keep/drop flag per MPI function. Runs once at load, so it may allocate.
#include "core/filter.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>

#include "core/function_info.hpp"

namespace mpisight::recorder {
namespace {

constexpr std::string_view kFamilyPrefix = "family:";
constexpr std::array<Family, 10> kFamilies = {
    Family::kEnvironment, Family::kP2p, Family::kCollective, Family::kRequest, Family::kComm,
    Family::kRma,         Family::kIo,  Family::kDatatype,   Family::kTools,   Family::kOther};

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) {
    return {};
  }
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

std::optional<Family> family_named(std::string_view name) {
  for (const Family family : kFamilies) {
    if (family_name(family) == name) {
      return family;
    }
  }
  return std::nullopt;
}

std::string family_list() {
  std::string names;
  for (const Family family : kFamilies) {
    names += (names.empty() ? "" : ", ") + std::string(family_name(family));
  }
  return names;
}

// The functions one rule's target names, or the reason it names none (or names one that must stay).
struct Target {
  std::vector<std::size_t> functions;
  std::string problem;
};

Target resolve(std::string_view target, bool keep) {
  const auto table = function_table();
  Target result;
  if (target.starts_with(kFamilyPrefix)) {
    const std::optional<Family> family = family_named(target.substr(kFamilyPrefix.size()));
    if (!family) {
      result.problem = "no such family; families are " + family_list();
      return result;
    }
    for (std::size_t fn = 0; fn < table.size(); ++fn) {
      if (table[fn].family == *family) {
        result.functions.push_back(fn);
      }
    }
    return result;
  }
  const std::optional<std::size_t> found = function_index(target);
  if (!found) {
    result.problem = "no MPI function has this exact name";
  } else if (!keep && always_recorded(target)) {
    result.problem = std::string(target) + " is always recorded";
  } else {
    result.functions.push_back(*found);
  }
  return result;
}

}  // namespace

bool always_recorded(std::string_view function) noexcept {
  return function == "MPI_Init" || function == "MPI_Init_thread" || function == "MPI_Finalize" ||
         function == "MPI_Pcontrol";
}

FunctionFilter parse_filter(std::string_view text) {
  const auto table = function_table();
  FunctionFilter filter;
  std::optional<bool> start_with_all;  // decided by the first valid rule
  std::vector<std::pair<bool, std::vector<std::size_t>>> rules;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view token = trim(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    if (token.empty()) {
      continue;  // "a,,b" and a trailing comma are harmless
    }
    if (token.front() != '+' && token.front() != '-') {
      filter.rejected.push_back("'" + std::string(token) + "' (a rule starts with + or -)");
      continue;
    }
    const bool keep = token.front() == '+';
    Target target = resolve(token.substr(1), keep);
    if (!target.problem.empty()) {
      filter.rejected.push_back("'" + std::string(token) + "' (" + target.problem + ")");
      continue;
    }
    if (!start_with_all) {
      start_with_all = !keep;
    }
    rules.emplace_back(keep, std::move(target.functions));
  }
  filter.recorded.assign(table.size(), start_with_all.value_or(true));
  for (const auto& [keep, functions] : rules) {
    for (const std::size_t fn : functions) {
      filter.recorded[fn] = keep;
    }
  }
  for (std::size_t fn = 0; fn < table.size(); ++fn) {
    if (always_recorded(table[fn].name)) {
      filter.recorded[fn] = true;
    }
  }
  return filter;
}

}  // namespace mpisight::recorder
