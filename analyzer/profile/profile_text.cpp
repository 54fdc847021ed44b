// Text tables share one set of column widths, so the per-rank and total sections line up with each other.
#include "profile/profile_text.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <vector>

#include "profile/units.hpp"

namespace mpisight::analyzer {
namespace {

constexpr std::size_t kColumns = 7;
using Row = std::array<std::string, kColumns>;
// A function, not a global: building strings at load time could throw before main.
Row header_row() {
  return {"Function", "Calls", "Total", "Min", "Mean", "Max", "Bytes"};
}

Row to_row(const FunctionStats& stats) {
  return {stats.name,
          std::to_string(stats.calls),
          format_duration_ns(static_cast<double>(stats.total_ns)),
          format_duration_ns(static_cast<double>(stats.min_ns)),
          format_duration_ns(stats.mean_ns()),
          format_duration_ns(static_cast<double>(stats.max_ns)),
          format_bytes(stats.bytes)};
}

struct Section {
  std::string title;
  std::vector<Row> rows;
};

void append_row(std::string& out, const Row& row, const std::array<std::size_t, kColumns>& widths) {
  out += "  ";
  out += fmt::format("{:<{}}", row[0], widths[0]);  // names left, numbers right
  for (std::size_t column = 1; column < kColumns; ++column) {
    out += fmt::format("  {:>{}}", row[column], widths[column]);
  }
  out += '\n';
}

}  // namespace

std::string profile_to_text(const Profile& profile) {
  std::string out = "MPI profile (inclusive time per call; bytes of messages and collectives inside the call)\n";
  if (profile.total.empty()) {
    out += "\nNo MPI calls recorded.\n";
  }
  std::vector<Section> sections;
  for (const RankProfile& rank : profile.ranks) {
    Section& section = sections.emplace_back(Section{.title = fmt::format("Rank {}", rank.rank), .rows = {}});
    std::transform(rank.functions.begin(), rank.functions.end(), std::back_inserter(section.rows), to_row);
  }
  if (!profile.total.empty()) {
    Section& section = sections.emplace_back(Section{.title = "All ranks", .rows = {}});
    std::transform(profile.total.begin(), profile.total.end(), std::back_inserter(section.rows), to_row);
  }

  const Row header = header_row();
  std::array<std::size_t, kColumns> widths{};
  for (std::size_t column = 0; column < kColumns; ++column) {
    widths[column] = header[column].size();
    for (const Section& section : sections) {
      for (const Row& row : section.rows) {
        widths[column] = std::max(widths[column], row[column].size());
      }
    }
  }
  for (const Section& section : sections) {
    out += '\n' + section.title + '\n';
    append_row(out, header, widths);
    for (const Row& row : section.rows) {
      append_row(out, row, widths);
    }
  }
  if (profile.unmatched_events > 0) {
    out += fmt::format("\nNote: {} Enter/Leave events did not pair up; those calls are not counted.\n",
                       profile.unmatched_events);
  }
  return out;
}

}  // namespace mpisight::analyzer
