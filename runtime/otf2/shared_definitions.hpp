// Definitions that several processes' events refer to and that no single process can number alone: RMA windows,
// the groups of PSCW epochs, MPI-IO files (one per name) and file handles, and the PeerCounts strings of v and w
// collectives (schema kSendCounts/kRecvCounts; String definitions 0..n-1, before every other string). Every process
// collects its own from its journals; all of them are merged (an Allgather at MPI_Finalize, or in one process during
// recovery) into one table that every event writer and the global definition writer number alike.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "otf2/process_journals.hpp"

namespace mpisight::otf2 {

struct WindowDefinition {
  std::uint64_t key = 0;  // as in journal::RmaWinCreate
  std::uint32_t comm = 0;
  std::uint32_t flavor = 0;  // journal::WinFlavor
  bool operator==(const WindowDefinition&) const = default;
  bool operator<(const WindowDefinition& other) const {
    return std::tie(key, comm, flavor) < std::tie(other.key, other.comm, other.flavor);
  }
};

struct IoHandleDefinition {
  std::int32_t rank = 0;
  std::uint64_t local = 0;  // the process's handle number
  std::uint32_t comm = 0;
  std::string file;
  bool operator==(const IoHandleDefinition&) const = default;
  bool operator<(const IoHandleDefinition& other) const {
    return std::tie(rank, local, comm, file) < std::tie(other.rank, other.local, other.comm, other.file);
  }
};

// Group references of PSCW groups start here, after the locations, world and self groups of
// global_definitions.cpp; the communicators' groups follow them. OTF2 readers expect each definition kind
// numbered densely from 0.
inline constexpr std::uint32_t kFirstRmaGroupRef = 3;

// Bounds on a process's distinct PeerCounts strings, which every process receives at MPI_Finalize: calls whose
// counts would make a new string beyond them carry no kSendCounts/kRecvCounts (the analyzer judges their totals).
inline constexpr std::size_t kMaxPeerCountStrings = 4096;
inline constexpr std::size_t kMaxPeerCountBytes = std::size_t{4} << 20U;

// The PeerCounts text of a journal PeerCounts record; nullopt for a damaged record.
[[nodiscard]] std::optional<std::string> peer_counts_text(const journal::RecordView& record);

class SharedDefinitions {
 public:
  // What the journals of `process` define. `comm_ids` maps the communicator ids in its records to global ones
  // (indexed by record id); empty means the records already carry global ids.
  [[nodiscard]] static SharedDefinitions collect(const ProcessJournals& process,
                                                 std::span<const std::uint32_t> comm_ids = {});
  [[nodiscard]] std::vector<std::byte> pack() const;
  [[nodiscard]] static SharedDefinitions unpack(std::span<const std::byte> bytes);
  // Adds definitions; call finish() after the last one.
  void merge(const SharedDefinitions& other);
  void add(const WindowDefinition& window) { windows_.push_back(window); }
  void add(const IoHandleDefinition& handle) { io_handles_.push_back(handle); }
  void add_file(const std::string& name) { files_.push_back(name); }
  void add_group(const std::vector<std::int32_t>& world_ranks) { groups_.push_back(world_ranks); }
  void add_peer_counts(const std::string& text) { peer_counts_.push_back(text); }
  // Sorts and deduplicates, which fixes every reference.
  void finish();

  [[nodiscard]] std::optional<std::uint32_t> window_ref(std::uint64_t key) const;
  [[nodiscard]] std::optional<std::uint32_t> file_ref(const std::string& name) const;
  [[nodiscard]] std::optional<std::uint32_t> group_ref(const std::vector<std::int32_t>& world_ranks) const;
  [[nodiscard]] std::optional<std::uint32_t> io_handle_ref(std::int32_t rank, std::uint64_t local) const;
  [[nodiscard]] std::optional<std::uint32_t> peer_counts_ref(const std::string& text) const;

  [[nodiscard]] const std::vector<WindowDefinition>& windows() const noexcept { return windows_; }
  [[nodiscard]] const std::vector<std::string>& files() const noexcept { return files_; }
  [[nodiscard]] const std::vector<std::vector<std::int32_t>>& groups() const noexcept { return groups_; }
  [[nodiscard]] const std::vector<IoHandleDefinition>& io_handles() const noexcept { return io_handles_; }
  [[nodiscard]] const std::vector<std::string>& peer_counts() const noexcept { return peer_counts_; }

 private:
  std::vector<WindowDefinition> windows_;
  std::vector<std::string> files_;
  std::vector<std::vector<std::int32_t>> groups_;
  std::vector<IoHandleDefinition> io_handles_;
  std::vector<std::string> peer_counts_;
};

// The name a journal record carries in a fixed-size field.
[[nodiscard]] std::string name_field(const char* field, std::size_t bytes);

}  // namespace mpisight::otf2
