// Communicators: every creation, duplication, topology and intercommunicator call registers the new handle
// with its global key (semantics/comm_registry.hpp); free and disconnect forget it. Tracking runs even while
// the call itself is not recorded (filter, MPI_Pcontrol): the key agreement is collective, so a member that
// skipped it would leave the others waiting. As in Score-P, a recorded call that is collective over a
// communicator and creates or frees one is also a collective (CREATE_HANDLE, DESTROY_HANDLE) on that communicator,
// holding OTF2's CommCreate of the new communicator or CommDestroy of the freed one. Calls collective over the new
// communicator's members only (create_group, from_group(s), intercomm_create) are that collective on the new
// communicator; MPI_Comm_idup records its creation at the call, on the parent, since the handle is named there.
#pragma once

#include <cstddef>
#include <mpi.h>
#include <tuple>

#include "call_scope.hpp"
#include "semantics/comm_registry.hpp"
#include "semantics/mpi_values.hpp"

namespace mpisight::interpose {

namespace comm {

template <class... Args>
[[nodiscard]] auto last(Args... args) {
  return std::get<sizeof...(Args) - 1>(std::tuple<Args...>(args...));
}

// Calls track() whether or not the call is recorded (interpose/wrap.hpp calls unrecorded() for the latter).
template <class Shape>
struct AlwaysTracked {
  template <class Pmpi, class... Args>
  static int call(CallScope& /*scope*/, Pmpi pmpi, Args... args) {
    return Shape::track(pmpi, args...);
  }
  template <class Pmpi, class... Args>
  static int unrecorded(Pmpi pmpi, Args... args) {
    return Shape::track(pmpi, args...);
  }
};

// Runs `call` between MpiCollectiveBegin and MpiCollectiveEnd(op) on `comm`; nothing is recorded on a
// communicator we cannot name.
template <class Call>
int as_collective(CallScope& scope, MPI_Comm comm, journal::CollectiveOp op, Call&& call) {
  const std::uint32_t id = comm_id(comm);
  if (id == journal::kCommUnknown) {
    return call();
  }
  scope.record_at_enter(journal::MpiCollectiveBegin{});
  const int result = call();
  scope.record_at_leave(journal::MpiCollectiveEnd{{.arg = id}, op, {}, journal::kNoRoot, 0, 0});
  return result;
}

// Runs a creation `call` as a collective (CREATE_HANDLE) over `over` holding CommCreate of `*created`; with
// `over` MPI_COMM_NULL the collective is over the new communicator, recorded once the call named it (its Begin
// still at the call's enter time). Nothing is recorded on a communicator we cannot name.
template <class Call>
int as_creation(CallScope& scope, MPI_Comm over, MPI_Comm* created, Call&& call) {
  const bool over_new = over == MPI_COMM_NULL;
  const std::uint32_t over_id = over_new ? journal::kCommUnknown : comm_id(over);
  if (!over_new && over_id == journal::kCommUnknown) {
    return call();
  }
  if (!over_new) {
    scope.record_at_enter(journal::MpiCollectiveBegin{});
  }
  const int result = call();
  const std::uint32_t new_id = result == MPI_SUCCESS && created != nullptr && *created != MPI_COMM_NULL
                                   ? comm_id(*created)
                                   : journal::kCommUnknown;
  if (over_new) {
    if (new_id != journal::kCommUnknown) {
      scope.record_at_enter(journal::MpiCollectiveBegin{});
      scope.record_at_leave(journal::CommCreate{{.arg = new_id}});
      scope.record_at_leave(
          journal::MpiCollectiveEnd{{.arg = new_id}, journal::CollectiveOp::kCreateHandle, {}, journal::kNoRoot, 0, 0});
    }
    return result;
  }
  if (new_id != journal::kCommUnknown) {
    scope.record_at_leave(journal::CommCreate{{.arg = new_id}});
  }
  scope.record_at_leave(
      journal::MpiCollectiveEnd{{.arg = over_id}, journal::CollectiveOp::kCreateHandle, {}, journal::kNoRoot, 0, 0});
  return result;
}

}  // namespace comm

// The parent is the first argument and the new communicator the last: dup, split, create, topologies, merge.
// `kOverParent`: the call is collective over the parent (all but MPI_Comm_create_group, over its group only).
template <bool kOverParent>
struct DerivedCommShape : comm::AlwaysTracked<DerivedCommShape<kOverParent>> {
  template <class Pmpi, class... Rest>
  static int track(Pmpi pmpi, MPI_Comm parent, Rest... rest) {
    const int result = pmpi(parent, rest...);
    if (result == MPI_SUCCESS) {
      comms::on_created(parent, *comm::last(rest...));
    }
    return result;
  }
  template <class Pmpi, class... Rest>
  static int call(CallScope& scope, Pmpi pmpi, MPI_Comm parent, Rest... rest) {
    return comm::as_creation(scope, kOverParent ? parent : MPI_COMM_NULL, comm::last(rest...),
                             [&] { return track(pmpi, parent, rest...); });
  }
};
using DerivedComm = DerivedCommShape<true>;

// MPI_Comm_create_from_group, MPI_Intercomm_create_from_groups: made from groups, no parent communicator.
struct CommFromGroups : comm::AlwaysTracked<CommFromGroups> {
  template <class Pmpi, class... Args>
  static int track(Pmpi pmpi, Args... args) {
    const int result = pmpi(args...);
    if (result == MPI_SUCCESS) {
      comms::on_created(MPI_COMM_NULL, *comm::last(args...));
    }
    return result;
  }
  template <class Pmpi, class... Args>
  static int call(CallScope& scope, Pmpi pmpi, Args... args) {
    return comm::as_creation(scope, MPI_COMM_NULL, comm::last(args...), [&] { return track(pmpi, args...); });
  }
};

// MPI_Intercomm_create: the peer communicator is the parent (OTF2's "common communicator").
struct IntercommCreate : comm::AlwaysTracked<IntercommCreate> {
  template <class Pmpi>
  static int track(Pmpi pmpi, MPI_Comm local_comm, int local_leader, MPI_Comm peer_comm, int remote_leader, int tag,
                   MPI_Comm* newintercomm) {
    const int result = pmpi(local_comm, local_leader, peer_comm, remote_leader, tag, newintercomm);
    if (result == MPI_SUCCESS) {
      comms::on_created(peer_comm, *newintercomm);
    }
    return result;
  }
  template <class Pmpi>
  static int call(CallScope& scope, Pmpi pmpi, MPI_Comm local_comm, int local_leader, MPI_Comm peer_comm,
                  int remote_leader, int tag, MPI_Comm* newintercomm) {
    return comm::as_creation(scope, MPI_COMM_NULL, newintercomm, [&] {
      return track(pmpi, local_comm, local_leader, peer_comm, remote_leader, tag, newintercomm);
    });
  }
};

// MPI_Comm_accept and MPI_Comm_connect: collective over `comm` on each side, so both groups register the new
// intercommunicator, whose creation is recorded on it. MPICH 4.0.2 with ch4:ucx refuses them (README); the
// registration follows intercomm_create's, which is tested. (MPI_Comm_spawn is not registered: its children would
// never join the key agreement.)
struct CommPortConnection : comm::AlwaysTracked<CommPortConnection> {
  template <class Pmpi>
  static int track(Pmpi pmpi, const char* port_name, MPI_Info info, int root, MPI_Comm comm, MPI_Comm* newcomm) {
    const int result = pmpi(port_name, info, root, comm, newcomm);
    if (result == MPI_SUCCESS) {
      comms::on_created(comm, *newcomm);
    }
    return result;
  }
  template <class Pmpi>
  static int call(CallScope& scope, Pmpi pmpi, const char* port_name, MPI_Info info, int root, MPI_Comm comm,
                  MPI_Comm* newcomm) {
    return comm::as_creation(scope, MPI_COMM_NULL, newcomm,
                             [&] { return track(pmpi, port_name, info, root, comm, newcomm); });
  }
};

// MPI_Comm_idup(_with_info): the new handle is valid at once, usable only after the request completes.
struct CommIdup : comm::AlwaysTracked<CommIdup> {
  template <class Pmpi, class... Rest>
  static int track(Pmpi pmpi, MPI_Comm parent, Rest... rest) {
    const int result = pmpi(parent, rest...);
    if (result == MPI_SUCCESS) {
      comms::on_idup(parent, *created(rest...));
    }
    return result;
  }
  template <class Pmpi, class... Rest>
  static int call(CallScope& scope, Pmpi pmpi, MPI_Comm parent, Rest... rest) {
    return comm::as_creation(scope, parent, created(rest...), [&] { return track(pmpi, parent, rest...); });
  }

 private:
  template <class... Rest>
  static MPI_Comm* created(Rest... rest) {
    return std::get<sizeof...(Rest) - 2>(std::tuple<Rest...>(rest...));
  }
};

// MPI_Comm_free, MPI_Comm_disconnect.
struct CommRelease : comm::AlwaysTracked<CommRelease> {
  template <class Pmpi>
  static int track(Pmpi pmpi, MPI_Comm* comm) {
    const MPI_Comm handle = comm != nullptr ? *comm : MPI_COMM_NULL;
    const int result = pmpi(comm);
    if (result == MPI_SUCCESS) {
      comms::on_freed(handle);
    }
    return result;
  }
  template <class Pmpi>
  static int call(CallScope& scope, Pmpi pmpi, MPI_Comm* comm) {
    const MPI_Comm handle = comm != nullptr ? *comm : MPI_COMM_NULL;
    const std::uint32_t id = comm_id(handle);  // before the free forgets it
    return comm::as_collective(scope, handle, journal::CollectiveOp::kDestroyHandle, [&] {
      const int result = track(pmpi, comm);
      if (result == MPI_SUCCESS && id != journal::kCommUnknown) {
        scope.record_at_leave(journal::CommDestroy{{.arg = id}});
      }
      return result;
    });
  }
};

struct CommSetName : comm::AlwaysTracked<CommSetName> {
  template <class Pmpi>
  static int track(Pmpi pmpi, MPI_Comm comm, const char* name) {
    const int result = pmpi(comm, name);
    if (result == MPI_SUCCESS) {
      comms::on_named(comm, name);
    }
    return result;
  }
};

// clang-format off
template <> struct Semantics<Fn::MPI_Comm_dup> : DerivedComm {};
template <> struct Semantics<Fn::MPI_Comm_dup_with_info> : DerivedComm {};
template <> struct Semantics<Fn::MPI_Comm_split> : DerivedComm {};
template <> struct Semantics<Fn::MPI_Comm_split_type> : DerivedComm {};
template <> struct Semantics<Fn::MPI_Comm_create> : DerivedComm {};
template <> struct Semantics<Fn::MPI_Comm_create_group> : DerivedCommShape<false> {};
template <> struct Semantics<Fn::MPI_Cart_create> : DerivedComm {};
template <> struct Semantics<Fn::MPI_Cart_sub> : DerivedComm {};
template <> struct Semantics<Fn::MPI_Graph_create> : DerivedComm {};
template <> struct Semantics<Fn::MPI_Dist_graph_create> : DerivedComm {};
template <> struct Semantics<Fn::MPI_Dist_graph_create_adjacent> : DerivedComm {};
template <> struct Semantics<Fn::MPI_Intercomm_merge> : DerivedComm {};
template <> struct Semantics<Fn::MPI_Intercomm_create> : IntercommCreate {};
template <> struct Semantics<Fn::MPI_Comm_create_from_group> : CommFromGroups {};
template <> struct Semantics<Fn::MPI_Intercomm_create_from_groups> : CommFromGroups {};
template <> struct Semantics<Fn::MPI_Comm_accept> : CommPortConnection {};
template <> struct Semantics<Fn::MPI_Comm_connect> : CommPortConnection {};
template <> struct Semantics<Fn::MPI_Comm_idup> : CommIdup {};
template <> struct Semantics<Fn::MPI_Comm_idup_with_info> : CommIdup {};
template <> struct Semantics<Fn::MPI_Comm_free> : CommRelease {};
template <> struct Semantics<Fn::MPI_Comm_disconnect> : CommRelease {};
template <> struct Semantics<Fn::MPI_Comm_set_name> : CommSetName {};
// clang-format on

}  // namespace mpisight::interpose
