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
constexpr std::size_t kTopSites = 10;  // the text shows the most expensive sites; JSON lists them all
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

// A small table with its own widths: the first column left-aligned, the others right-aligned.
void append_table(std::string& out, const std::string& title, const std::vector<std::string>& header,
                  const std::vector<std::vector<std::string>>& rows) {
  if (rows.empty()) {
    return;
  }
  std::vector<std::size_t> widths(header.size());
  for (std::size_t column = 0; column < header.size(); ++column) {
    widths[column] = header[column].size();
    for (const std::vector<std::string>& row : rows) {
      widths[column] = std::max(widths[column], row[column].size());
    }
  }
  out += '\n' + title + '\n';
  auto line = [&](const std::vector<std::string>& row) {
    out += "  " + fmt::format("{:<{}}", row[0], widths[0]);
    for (std::size_t column = 1; column < row.size(); ++column) {
      out += fmt::format("  {:>{}}", row[column], widths[column]);
    }
    out += '\n';
  };
  line(header);
  std::for_each(rows.begin(), rows.end(), line);
}

std::string site_name(const CallSiteStats& site) {
  if (site.file.empty()) {
    return "(unknown site)";
  }
  const std::size_t slash = site.file.rfind('/');
  std::string name =
      (slash == std::string::npos ? site.file : site.file.substr(slash + 1)) + ":" + std::to_string(site.line);
  return site.caller.empty() ? name : name + " (" + site.caller + ")";
}

std::string percent(double fraction) {
  return fmt::format("{:.1f}%", 100.0 * fraction);
}

void append_summaries(std::string& out, const Profile& profile) {
  std::vector<std::vector<std::string>> rows;
  for (const RankTime& time : profile.rank_times) {
    rows.push_back({std::to_string(time.rank), format_duration_ns(static_cast<double>(time.mpi_ns)),
                    format_duration_ns(static_cast<double>(time.app_ns)), percent(time.mpi_fraction())});
  }
  append_table(out, "Time in MPI per rank (MPI calls other than MPI_Init and MPI_Finalize / the time between them)",
               {"Rank", "MPI time", "App time", "MPI %"}, rows);

  rows.clear();
  for (std::size_t i = 0; i < profile.sites.size() && i < kTopSites; ++i) {
    const CallSiteStats& site = profile.sites[i];
    rows.push_back({site_name(site), site.stats.name, std::to_string(site.ranks), std::to_string(site.stats.calls),
                    format_duration_ns(static_cast<double>(site.stats.total_ns)),
                    format_duration_ns(site.stats.mean_ns()),
                    format_duration_ns(static_cast<double>(site.stats.max_ns)), format_bytes(site.stats.bytes)});
  }
  append_table(out,
               fmt::format("Most expensive call sites (top {} of {}, all ranks)", rows.size(), profile.sites.size()),
               {"Call site", "Function", "Ranks", "Calls", "Total", "Mean", "Max", "Bytes"}, rows);

  rows.clear();
  for (const FunctionBalance& balance : profile.balance) {
    rows.push_back({balance.name, format_duration_ns(static_cast<double>(balance.min_rank_ns)),
                    format_duration_ns(balance.mean_rank_ns),
                    format_duration_ns(static_cast<double>(balance.max_rank_ns)), std::to_string(balance.max_rank),
                    fmt::format("{:.2f}", balance.imbalance())});
  }
  append_table(out, "Imbalance across ranks (time per rank in each function)",
               {"Function", "Min", "Mean", "Max", "Max rank", "Max/Mean"}, rows);
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
  if (!profile.total.empty()) {
    append_summaries(out, profile);
  }
  if (profile.unmatched_events > 0) {
    out += fmt::format("\nNote: {} Enter/Leave events did not pair up; those calls are not counted.\n",
                       profile.unmatched_events);
  }
  return out;
}

}  // namespace mpisight::analyzer
