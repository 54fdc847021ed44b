// The communicators of a run, read from the ranks' communicator logs (core/comm_log_format.hpp) and unified by
// their global keys into OTF2 Comm and InterComm definitions, laid out as Score-P does: each communicator's
// group lists its members as indices into the COMM_LOCATIONS group, i.e. as world ranks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <otf2/otf2.h>
#include <span>
#include <string>
#include <vector>

namespace mpisight::otf2 {

struct CommDefinition {
  std::uint64_t key = 0;
  std::uint64_t parent_key = 0;
  bool inter = false;
  std::vector<std::int32_t> local;   // world ranks in communicator rank order, as logged by one member
  std::vector<std::int32_t> remote;  // intercommunicators: the logging member's remote group
};

// What one rank logged: its definitions, the id its journal records give each key, and names.
struct RankComms {
  int rank = -1;
  std::vector<CommDefinition> definitions;
  std::vector<std::pair<std::uint32_t, std::uint64_t>> local_ids;  // (id in records, key)
  std::vector<std::pair<std::uint64_t, std::string>> names;        // (key, name), in the order given
};

// The whole file's bytes, or none when there is no log (a rank that created no communicator still has one).
[[nodiscard]] std::vector<std::byte> read_comm_log(const std::string& path);
// Parses a log; a record cut off at the end (the process died while writing) ends it.
[[nodiscard]] RankComms parse_comm_log(std::span<const std::byte> bytes);

class CommCatalog {
 public:
  void add(const RankComms& comms);
  // Assigns global ids once every rank was added: world and self keep 0 and 1, the others follow in key order
  // with parents before children, so every run's trace numbers its communicators alike.
  void finish();
  // The unified definition of `key`, or nullptr.
  [[nodiscard]] const CommDefinition* find(std::uint64_t key) const;
  // The global id of each id in `comms`' records (indexed by that id); journal::kCommUnknown where none.
  [[nodiscard]] std::vector<std::uint32_t> id_map(const RankComms& comms) const;
  // Writes groups from `first_group` on and the Comm/InterComm definitions; `world_group` is reused for
  // communicators whose members are all ranks in order.
  void write(OTF2_GlobalDefWriter* writer, const std::function<OTF2_StringRef(const std::string&)>& string,
             OTF2_GroupRef world_group, OTF2_GroupRef first_group, std::size_t world_size) const;

 private:
  struct Entry {
    CommDefinition definition;  // intercommunicators: `local` is the group holding the smallest world rank
    std::string name;
    std::uint32_t global_id = 0;
  };
  std::map<std::uint64_t, Entry> entries_;
  std::vector<std::uint64_t> order_;  // keys in global id order
};

}  // namespace mpisight::otf2
