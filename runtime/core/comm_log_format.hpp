// On-disk layout of a rank's communicator log (<trace_dir>/journals/rank<N>.comms), shared by the tracer that
// appends to it and the converter that reads it in-process or after a crash. Each record is one write() at
// creation time, so a record on disk is whole even if the process is killed right after the call returned.
//   [LogHeader][record][record]...   record = DefinitionRecord + int32 world ranks | NameRecord
#pragma once

#include <cstdint>
#include <string>

namespace mpisight::comm_log {

inline constexpr char kMagic[8] = {'M', 'P', 'S', 'C', 'O', 'M', 'M', '1'};

// Global keys: the same on every member of a communicator for the whole run, never reused after a free.
inline constexpr std::uint64_t kWorldKey = 0;
inline constexpr std::uint64_t kSelfKey = 1;
inline constexpr std::uint64_t kNoKey = ~std::uint64_t{0};

struct LogHeader {
  char magic[8];
  std::int32_t world_rank;
  std::uint32_t reserved;
};

enum class RecordKind : std::uint32_t { kDefinition = 0x46454443, kName = 0x454d414e };  // "CDEF", "NAME"

enum DefinitionFlags : std::uint32_t { kInter = 1U };

// A communicator this rank is a member of. `local_id` is what this rank's journal records carry.
struct DefinitionRecord {
  RecordKind kind;
  std::uint32_t bytes;  // whole record, ranks included
  std::uint64_t key;
  std::uint64_t parent_key;  // kNoKey when created without a parent communicator (or from an unknown one)
  std::uint32_t local_id;
  std::uint32_t flags;
  std::uint32_t local_size;   // world ranks of the local group follow, in communicator rank order
  std::uint32_t remote_size;  // then those of the remote group (intercommunicators only)
};
static_assert(sizeof(DefinitionRecord) == 40);

// MPI_Comm_set_name; the last name given wins.
struct NameRecord {
  RecordKind kind;
  std::uint32_t bytes;
  std::uint64_t key;
  char name[128];  // NUL-terminated, MPI_MAX_OBJECT_NAME
};

[[nodiscard]] inline std::string log_path(const std::string& journal_dir, int world_rank) {
  return journal_dir + "/rank" + std::to_string(world_rank) + ".comms";
}

}  // namespace mpisight::comm_log
