// Communicators: every creation, duplication, topology and intercommunicator call registers the new handle
// with its global key (semantics/comm_registry.hpp); free and disconnect forget it. Tracking runs even while
// the call itself is not recorded (filter, MPI_Pcontrol): the key agreement is collective, so a member that
// skipped it would leave the others waiting. As in Score-P, a recorded call that is collective over a
// communicator and creates or frees one is also a collective (CREATE_HANDLE, DESTROY_HANDLE) on that communicator.
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
    if constexpr (kOverParent) {
      return comm::as_collective(scope, parent, journal::CollectiveOp::kCreateHandle,
                                 [&] { return track(pmpi, parent, rest...); });
    } else {
      return track(pmpi, parent, rest...);
    }
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
};

// MPI_Comm_idup(_with_info): the new handle is valid at once, usable only after the request completes.
struct CommIdup : comm::AlwaysTracked<CommIdup> {
  template <class Pmpi, class... Rest>
  static int track(Pmpi pmpi, MPI_Comm parent, Rest... rest) {
    const int result = pmpi(parent, rest...);
    if (result == MPI_SUCCESS) {
      comms::on_idup(parent, *std::get<sizeof...(Rest) - 2>(std::tuple<Rest...>(rest...)));
    }
    return result;
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
    return comm::as_collective(scope, comm != nullptr ? *comm : MPI_COMM_NULL, journal::CollectiveOp::kDestroyHandle,
                               [&] { return track(pmpi, comm); });
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
template <> struct Semantics<Fn::MPI_Comm_idup> : CommIdup {};
template <> struct Semantics<Fn::MPI_Comm_idup_with_info> : CommIdup {};
template <> struct Semantics<Fn::MPI_Comm_free> : CommRelease {};
template <> struct Semantics<Fn::MPI_Comm_disconnect> : CommRelease {};
template <> struct Semantics<Fn::MPI_Comm_set_name> : CommSetName {};
// clang-format on

}  // namespace mpisight::interpose
