// Call sites of Enter records: each process's distinct callers resolved once (return addresses through DWARF,
// hook sites from their SiteName records), then unified over all processes into one table of calling functions,
// source locations and calling contexts with global ids, the same on every rank that builds it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

#include "otf2/process_journals.hpp"
#include "otf2/source_resolver.hpp"

namespace mpisight::otf2 {

// (Enter caller value, its site), sorted by caller; callers that could not be resolved are left out.
using ProcessSites = std::vector<std::pair<std::uint64_t, SourceSite>>;

[[nodiscard]] ProcessSites resolve_call_sites(const ProcessJournals& process);

// Flat bytes for gathering the sites of every rank.
[[nodiscard]] std::vector<std::byte> pack_sites(const ProcessSites& sites);
[[nodiscard]] ProcessSites unpack_sites(const std::byte* bytes, std::size_t size);

// Enter caller value -> OTF2 CallingContext id, for one process's events.
using CallingContexts = std::unordered_map<std::uint64_t, std::uint32_t>;

class CallSiteTable {
 public:
  CallSiteTable() = default;
  // Ids follow the processes' order, so every rank given the same lists builds the same table.
  explicit CallSiteTable(const std::vector<ProcessSites>& processes);

  [[nodiscard]] CallingContexts contexts_of(std::size_t process) const { return contexts_.at(process); }

  struct Context {
    std::uint32_t function;                 // index into functions()
    std::optional<std::uint32_t> location;  // index into locations()
  };
  [[nodiscard]] const std::vector<std::string>& functions() const { return functions_; }
  [[nodiscard]] const std::vector<std::pair<std::string, std::uint32_t>>& locations() const { return locations_; }
  [[nodiscard]] const std::vector<Context>& contexts() const { return context_list_; }

 private:
  std::vector<std::string> functions_;
  std::vector<std::pair<std::string, std::uint32_t>> locations_;  // file, line
  std::vector<Context> context_list_;
  std::vector<CallingContexts> contexts_;
};

}  // namespace mpisight::otf2
