// Communicators as value types: copies share one MPI communicator, freed when the last copy goes.
// Immutable after construction, so copies may be used from several threads under MPI_THREAD_MULTIPLE.
#pragma once

#include <memory>
#include <mpi.h>
#include <source_location>
#include <span>
#include <vector>

#include "mpisight/call_site.hpp"
#include "mpisight/environment.hpp"
#include "mpisight/error.hpp"

namespace mpisight {

inline constexpr int kAnySource = MPI_ANY_SOURCE;
inline constexpr int kAnyTag = MPI_ANY_TAG;
inline constexpr int kProcNull = MPI_PROC_NULL;
inline constexpr int kUndefined = MPI_UNDEFINED;

enum class Comparison { kIdentical, kCongruent, kSimilar, kUnequal };

namespace detail {

// Owns one MPI communicator (unless it is predefined or borrowed) and caches what never changes.
struct CommHandle {
  MPI_Comm comm = MPI_COMM_NULL;
  bool owned = false;
  int rank = MPI_PROC_NULL;
  int size = 0;
  bool inter = false;
  std::source_location origin;  // the user's line that made it: where its free is attributed

  CommHandle(MPI_Comm c, bool own, const std::source_location& where) : comm(c), owned(own), origin(where) {
    if (comm == MPI_COMM_NULL) {
      return;
    }
    int flag = 0;
    MPI_Comm_test_inter(comm, &flag);
    inter = flag != 0;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
  }
  ~CommHandle() {
    if (!owned || comm == MPI_COMM_NULL) {
      return;
    }
    const CallSite site(origin);  // the finalized query too belongs to the line that made it
    if (!is_finalized()) {
      MPI_Comm_free(&comm);
    }
  }
  CommHandle(const CommHandle&) = delete;
  CommHandle& operator=(const CommHandle&) = delete;
};

}  // namespace detail

class Group;

class Communicator {
 public:
  // The null communicator (what a split with kUndefined colour yields).
  Communicator() : handle_(std::make_shared<const detail::CommHandle>(MPI_COMM_NULL, false, std::source_location())) {}

  // Takes ownership of `comm` (freed with the last copy, attributed to `where`) and sets it to return errors.
  [[nodiscard]] static Communicator adopt(MPI_Comm comm, std::source_location where = std::source_location::current()) {
    const detail::CallSite site(where);
    return Communicator(comm, true, where);
  }
  // Uses `comm` without ever freeing it; the caller keeps it alive.
  [[nodiscard]] static Communicator borrow(MPI_Comm comm,
                                           std::source_location where = std::source_location::current()) {
    const detail::CallSite site(where);
    return Communicator(comm, false, where);
  }

  [[nodiscard]] int rank() const noexcept { return handle_->rank; }
  [[nodiscard]] int size() const noexcept { return handle_->size; }
  [[nodiscard]] bool is_null() const noexcept { return handle_->comm == MPI_COMM_NULL; }
  [[nodiscard]] bool is_inter() const noexcept { return handle_->inter; }
  [[nodiscard]] MPI_Comm native() const noexcept { return handle_->comm; }

  [[nodiscard]] Communicator dup(std::source_location where = std::source_location::current()) const {
    const detail::CallSite site(where);
    MPI_Comm out = MPI_COMM_NULL;
    detail::check(MPI_Comm_dup(native(), &out), "MPI_Comm_dup", where);
    return adopt(out, where);
  }

  // Ranks with the same colour form one communicator, ordered by key; colour kUndefined yields a null one.
  [[nodiscard]] Communicator split(int color, int key = 0,
                                   std::source_location where = std::source_location::current()) const {
    const detail::CallSite site(where);
    MPI_Comm out = MPI_COMM_NULL;
    detail::check(MPI_Comm_split(native(), color, key, &out), "MPI_Comm_split", where);
    return adopt(out, where);
  }

  // MPI_COMM_TYPE_SHARED or another implementation-defined split type.
  [[nodiscard]] Communicator split_type(int split_type, int key = 0,
                                        std::source_location where = std::source_location::current()) const {
    const detail::CallSite site(where);
    MPI_Comm out = MPI_COMM_NULL;
    detail::check(MPI_Comm_split_type(native(), split_type, key, MPI_INFO_NULL, &out), "MPI_Comm_split_type", where);
    return adopt(out, where);
  }

  // The ranks that share memory with this one (one node).
  [[nodiscard]] Communicator split_shared(std::source_location where = std::source_location::current()) const {
    return split_type(MPI_COMM_TYPE_SHARED, rank(), where);
  }

  [[nodiscard]] Comparison compare(const Communicator& other,
                                   std::source_location where = std::source_location::current()) const {
    const detail::CallSite site(where);
    int result = MPI_UNEQUAL;
    detail::check(MPI_Comm_compare(native(), other.native(), &result), "MPI_Comm_compare", where);
    switch (result) {
      case MPI_IDENT: return Comparison::kIdentical;
      case MPI_CONGRUENT: return Comparison::kCongruent;
      case MPI_SIMILAR: return Comparison::kSimilar;
      default: return Comparison::kUnequal;
    }
  }

  // Intercommunicators: size of the remote group, and merging both groups into one intracommunicator.
  [[nodiscard]] int remote_size(std::source_location where = std::source_location::current()) const {
    const detail::CallSite site(where);
    int size = 0;
    detail::check(MPI_Comm_remote_size(native(), &size), "MPI_Comm_remote_size", where);
    return size;
  }
  [[nodiscard]] Communicator merge(bool high, std::source_location where = std::source_location::current()) const {
    const detail::CallSite site(where);
    MPI_Comm out = MPI_COMM_NULL;
    detail::check(MPI_Intercomm_merge(native(), high ? 1 : 0, &out), "MPI_Intercomm_merge", where);
    return adopt(out, where);
  }

  // Connects this (local) group to the group whose leader is `remote_leader` in `peer`.
  [[nodiscard]] Communicator create_intercomm(int local_leader, const Communicator& peer, int remote_leader,
                                              int tag = 0,
                                              std::source_location where = std::source_location::current()) const {
    const detail::CallSite site(where);
    MPI_Comm out = MPI_COMM_NULL;
    detail::check(MPI_Intercomm_create(native(), local_leader, peer.native(), remote_leader, tag, &out),
                  "MPI_Intercomm_create", where);
    return adopt(out, where);
  }

  [[nodiscard]] Group group(std::source_location where = std::source_location::current()) const;
  // The communicator of the members of `members` (collective over this communicator).
  [[nodiscard]] Communicator create(const Group& members,
                                    std::source_location where = std::source_location::current()) const;

  friend bool operator==(const Communicator& a, const Communicator& b) noexcept { return a.native() == b.native(); }

 private:
  Communicator(MPI_Comm comm, bool owned, const std::source_location& where)
      : handle_(std::make_shared<const detail::CommHandle>(comm, owned, where)) {
    if (comm != MPI_COMM_NULL && owned) {
      MPI_Comm_set_errhandler(comm, MPI_ERRORS_RETURN);
    }
  }

  std::shared_ptr<const detail::CommHandle> handle_;
};

// MPI_COMM_WORLD and MPI_COMM_SELF (the Environment sets them to return errors).
[[nodiscard]] inline Communicator world(std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  return Communicator::borrow(MPI_COMM_WORLD, where);
}
[[nodiscard]] inline Communicator self(std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  return Communicator::borrow(MPI_COMM_SELF, where);
}

// A process group (value type, freed with its last copy; the free is attributed to the line that made it).
class Group {
 public:
  [[nodiscard]] static Group adopt(MPI_Group group, std::source_location where = std::source_location::current()) {
    return Group(group, where);
  }

  [[nodiscard]] int size(std::source_location where = std::source_location::current()) const {
    const detail::CallSite site(where);
    int size = 0;
    detail::check(MPI_Group_size(native(), &size), "MPI_Group_size", where);
    return size;
  }
  // This process's rank in the group, or kUndefined.
  [[nodiscard]] int rank(std::source_location where = std::source_location::current()) const {
    const detail::CallSite site(where);
    int rank = MPI_UNDEFINED;
    detail::check(MPI_Group_rank(native(), &rank), "MPI_Group_rank", where);
    return rank;
  }
  [[nodiscard]] Group include(std::span<const int> ranks,
                              std::source_location where = std::source_location::current()) const {
    const detail::CallSite site(where);
    MPI_Group out = MPI_GROUP_NULL;
    detail::check(MPI_Group_incl(native(), static_cast<int>(ranks.size()), ranks.data(), &out), "MPI_Group_incl",
                  where);
    return Group(out, where);
  }
  [[nodiscard]] Group exclude(std::span<const int> ranks,
                              std::source_location where = std::source_location::current()) const {
    const detail::CallSite site(where);
    MPI_Group out = MPI_GROUP_NULL;
    detail::check(MPI_Group_excl(native(), static_cast<int>(ranks.size()), ranks.data(), &out), "MPI_Group_excl",
                  where);
    return Group(out, where);
  }
  // The ranks in `other` of the given ranks of this group (kUndefined where absent).
  [[nodiscard]] std::vector<int> translate(std::span<const int> ranks, const Group& other,
                                           std::source_location where = std::source_location::current()) const {
    const detail::CallSite site(where);
    std::vector<int> out(ranks.size());
    detail::check(
        MPI_Group_translate_ranks(native(), static_cast<int>(ranks.size()), ranks.data(), other.native(), out.data()),
        "MPI_Group_translate_ranks", where);
    return out;
  }
  [[nodiscard]] MPI_Group native() const noexcept { return handle_->group; }

 private:
  struct Handle {
    MPI_Group group;
    std::source_location origin;
    Handle(MPI_Group g, const std::source_location& where) : group(g), origin(where) {}
    ~Handle() {
      if (group == MPI_GROUP_NULL) {
        return;
      }
      const detail::CallSite site(origin);
      if (!is_finalized()) {
        MPI_Group_free(&group);
      }
    }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
  };

  Group(MPI_Group group, const std::source_location& where) : handle_(std::make_shared<const Handle>(group, where)) {}

  std::shared_ptr<const Handle> handle_;
};

inline Group Communicator::group(std::source_location where) const {
  const detail::CallSite site(where);
  MPI_Group out = MPI_GROUP_NULL;
  detail::check(MPI_Comm_group(native(), &out), "MPI_Comm_group", where);
  return Group::adopt(out, where);
}

inline Communicator Communicator::create(const Group& members, std::source_location where) const {
  const detail::CallSite site(where);
  MPI_Comm out = MPI_COMM_NULL;
  detail::check(MPI_Comm_create(native(), members.native(), &out), "MPI_Comm_create", where);
  return adopt(out, where);
}

}  // namespace mpisight
