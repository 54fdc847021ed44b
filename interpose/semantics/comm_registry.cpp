// Global keys are agreed at creation, not unified offline: a creation is a collective over the new communicator
// anyway, so one more small collective there costs little, and the key it yields is final on every member at
// once, for the in-Finalize conversion and for recovery from the logs alike. Offline unification from (parent,
// creation order) cannot name communicators made without a common parent order (create_group,
// intercomm_create, create_from_group). The only nonblocking creation, idup, may not communicate; its key is
// derived from its parent's key and the order of idups on that parent, which MPI makes the same on all members.
//
// Key of a blocking creation: (proposer's world rank + 1) << 32 | proposer's own counter. The proposer is rank 0
// of an intracommunicator (one PMPI_Bcast); for an intercommunicator, the smaller of both groups' smallest
// proposals (two PMPI_Allreduce: on an intercommunicator each group receives the other group's result). Counters
// only grow, so a key is never reused, even when MPI reuses a freed handle.
#include "semantics/comm_registry.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <filesystem>
#include <numeric>
#include <vector>

#include "core/comm_log_format.hpp"
#include "core/recorder.hpp"
#include "semantics/comm_table.hpp"

namespace mpisight::interpose::comms {
namespace {

constexpr std::uint64_t kIdupBit = std::uint64_t{1} << 63U;

std::atomic<int> g_log_fd{-1};
std::atomic<std::uint32_t> g_next_local_id{journal::kCommSelf + 1};
std::atomic<std::uint32_t> g_next_proposal{0};

std::uint64_t propose() noexcept {
  const std::uint64_t rank = static_cast<std::uint64_t>(recorder::world_rank()) + 1;
  return (rank << 32U) | g_next_proposal.fetch_add(1, std::memory_order_relaxed);
}

std::uint64_t agree_intra(MPI_Comm created) {
  int rank = 0;
  PMPI_Comm_rank(created, &rank);
  std::uint64_t key = rank == 0 ? propose() : 0;
  PMPI_Bcast(&key, 1, MPI_UINT64_T, 0, created);
  return key;
}

std::uint64_t agree_inter(MPI_Comm created) {
  const std::uint64_t mine = propose();
  std::uint64_t other_group = 0;
  std::uint64_t own_group = 0;
  PMPI_Allreduce(&mine, &other_group, 1, MPI_UINT64_T, MPI_MIN, created);
  PMPI_Allreduce(&other_group, &own_group, 1, MPI_UINT64_T, MPI_MIN, created);
  return std::min(own_group, other_group);
}

// splitmix64's finaliser: spreads (parent key, sequence) over the idup half of the key space.
std::uint64_t mix(std::uint64_t value) {
  value ^= value >> 30U;
  value *= 0xbf58476d1ce4e5b9ULL;
  value ^= value >> 27U;
  value *= 0x94d049bb133111ebULL;
  return value ^ (value >> 31U);
}

std::uint64_t key_of(MPI_Comm comm) {
  if (comm == MPI_COMM_WORLD) {
    return comm_log::kWorldKey;
  }
  if (comm == MPI_COMM_SELF) {
    return comm_log::kSelfKey;
  }
  CommEntry entry{};
  return comm != MPI_COMM_NULL && comm_table().find(comm, entry) ? entry.key : comm_log::kNoKey;
}

// World ranks of `group`'s members in group order; false if one is not a process of MPI_COMM_WORLD.
bool world_ranks(MPI_Group group, std::vector<std::int32_t>& out) {
  int size = 0;
  PMPI_Group_size(group, &size);
  std::vector<int> ranks(static_cast<std::size_t>(size));
  std::iota(ranks.begin(), ranks.end(), 0);
  std::vector<int> translated(ranks.size());
  MPI_Group world = MPI_GROUP_NULL;
  PMPI_Comm_group(MPI_COMM_WORLD, &world);
  PMPI_Group_translate_ranks(group, size, ranks.data(), world, translated.data());
  PMPI_Group_free(&world);
  out.assign(translated.begin(), translated.end());
  return std::none_of(out.begin(), out.end(), [](std::int32_t r) { return r == MPI_UNDEFINED; });
}

struct Members {
  std::vector<std::int32_t> local;
  std::vector<std::int32_t> remote;
  bool inter = false;
};

bool members_of(MPI_Comm comm, Members& members) {
  int inter = 0;
  PMPI_Comm_test_inter(comm, &inter);
  members.inter = inter != 0;
  MPI_Group group = MPI_GROUP_NULL;
  PMPI_Comm_group(comm, &group);
  bool ok = world_ranks(group, members.local);
  PMPI_Group_free(&group);
  if (members.inter) {
    PMPI_Comm_remote_group(comm, &group);
    ok = world_ranks(group, members.remote) && ok;
    PMPI_Group_free(&group);
  }
  return ok;
}

// One write per record: O_APPEND keeps records of concurrent threads whole and in one piece on disk.
bool append(const void* bytes, std::size_t size) {
  const int fd = g_log_fd.load(std::memory_order_acquire);
  return fd >= 0 && write(fd, bytes, size) == static_cast<ssize_t>(size);
}

void define(MPI_Comm created, std::uint64_t key, std::uint64_t parent_key, const Members& members) {
  const std::uint32_t local_id = g_next_local_id.fetch_add(1, std::memory_order_relaxed);
  comm_log::DefinitionRecord head{};
  head.kind = comm_log::RecordKind::kDefinition;
  head.key = key;
  head.parent_key = parent_key;
  head.local_id = local_id;
  head.flags = members.inter ? comm_log::kInter : 0U;
  head.local_size = static_cast<std::uint32_t>(members.local.size());
  head.remote_size = static_cast<std::uint32_t>(members.remote.size());
  const std::size_t ranks_bytes = (members.local.size() + members.remote.size()) * sizeof(std::int32_t);
  head.bytes = static_cast<std::uint32_t>(sizeof(head) + ranks_bytes);
  std::vector<std::byte> record(head.bytes);
  std::memcpy(record.data(), &head, sizeof(head));
  std::memcpy(record.data() + sizeof(head), members.local.data(), members.local.size() * sizeof(std::int32_t));
  std::memcpy(record.data() + sizeof(head) + members.local.size() * sizeof(std::int32_t), members.remote.data(),
              members.remote.size() * sizeof(std::int32_t));
  // Logged first: records naming a communicator the converter will not know would be dropped half (a collective's
  // begin without its end). A full table leaves a logged definition unused, which is harmless.
  if (append(record.data(), record.size())) {
    comm_table().insert(created, {local_id, key});
  }
}

}  // namespace

void open_log(int world_rank) noexcept {
  if (!recorder::recording()) {
    return;
  }
  try {
    std::error_code ignored;
    std::filesystem::create_directories(recorder::journal_dir(), ignored);
    const std::string path = comm_log::log_path(recorder::journal_dir(), world_rank);
    const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) {
      return;  // communicators stay unknown; the journals still trace everything on the predefined ones
    }
    comm_log::LogHeader header{};
    std::memcpy(header.magic, comm_log::kMagic, sizeof(header.magic));
    header.world_rank = world_rank;
    if (write(fd, &header, sizeof(header)) != static_cast<ssize_t>(sizeof(header))) {
      close(fd);
      return;
    }
    g_log_fd.store(fd, std::memory_order_release);
  } catch (...) {  // bad_alloc building the path: trace without communicator definitions
  }
}

std::string log_path() {
  return comm_log::log_path(recorder::journal_dir(), recorder::world_rank());
}

void on_created(MPI_Comm parent, MPI_Comm created) noexcept {
  if (created == MPI_COMM_NULL || !recorder::recording()) {
    return;
  }
  comm_table().erase(created);  // a stale entry of a handle freed behind our back must not name the new one
  try {
    int inter = 0;
    PMPI_Comm_test_inter(created, &inter);
    // Agreement first and unconditionally: every member must take part whatever its own view of the members.
    const std::uint64_t key = inter != 0 ? agree_inter(created) : agree_intra(created);
    Members members;
    if (members_of(created, members)) {
      define(created, key, key_of(parent), members);
    }
  } catch (...) {  // bad_alloc: the communicator stays unknown
  }
}

void on_idup(MPI_Comm parent, MPI_Comm created) noexcept {
  if (created == MPI_COMM_NULL || !recorder::recording()) {
    return;
  }
  comm_table().erase(created);  // a stale entry of a handle freed behind our back must not name the new one
  try {
    const std::uint64_t parent_key = key_of(parent);
    if (parent_key == comm_log::kNoKey) {
      return;
    }
    const std::uint64_t sequence = comm_table().next_idup(parent);
    const std::uint64_t key = kIdupBit | (mix(mix(parent_key) + sequence) >> 1U);
    Members members;  // the new communicator may not be used before the idup completes: ask the parent
    if (members_of(parent, members)) {
      define(created, key, parent_key, members);
    }
  } catch (...) {
  }
}

void on_freed(MPI_Comm handle) noexcept {
  comm_table().erase(handle);
}

void on_named(MPI_Comm handle, const char* name) noexcept {
  const std::uint64_t key = key_of(handle);
  if (key == comm_log::kNoKey || name == nullptr || !recorder::recording()) {
    return;
  }
  comm_log::NameRecord record{};
  record.kind = comm_log::RecordKind::kName;
  record.bytes = sizeof(record);
  record.key = key;
  std::strncpy(record.name, name, sizeof(record.name) - 1);
  [[maybe_unused]] const bool logged = append(&record, sizeof(record));  // a lost name loses nothing else
}

}  // namespace mpisight::interpose::comms
