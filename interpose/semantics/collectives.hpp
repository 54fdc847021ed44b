// Collectives: a blocking one records MpiCollectiveBegin before the PMPI call and MpiCollectiveEnd with operation,
// root and bytes after it; its nonblocking (MPI_I<coll>) and persistent (MPI_<coll>_init) forms share its shape and
// record NonBlockingCollectiveRequest when started and NonBlockingCollectiveComplete when completed. Byte counts follow
// Score-P's conventions so other OTF2 tools agree with ours (p = communicator size, N = this rank's count times type
// size):
//   Bcast            root sends N*p, every rank receives N
//   Gather(v)        every rank sends its N; the root receives all blocks      (Reduce: the same with one count)
//   Scatter(v)       the root sends all blocks; every rank receives its N
//   Allgather(v), Alltoall(v,w), Allreduce, Reduce_scatter(_block)   each rank sends and receives p blocks
//   Scan, Exscan     each rank sends and receives N
// On an intercommunicator the root (MPI_ROOT) counts the remote group's blocks and the rest of its group
// (MPI_PROC_NULL) moves nothing; the non-rooted ones exchange their blocks with the remote group, so p is its
// size (Reduce_scatter: the own block arrives from each remote rank; Reduce_scatter_block counts as Score-P does,
// with the local size). With MPI_IN_PLACE a rank's own block is not counted as moved. All _c large-count forms
// share these shapes.
// Type signatures and element counts (schema/attributes.hpp) describe the count arguments as given: one block,
// or for the v variants the sum of the counts array; a side the rank does not use (or MPI_IN_PLACE) has none.
// The v and w forms also record their counts arrays per peer (schema kSendCounts/kRecvCounts, PeerCounts records).
// Buffers (schema kSend/RecvBufferBegin/End) are the memory the rank hands to MPI on each side: for the v and w forms
// the hull of the blocks; none for a side the rank does not use or MPI_IN_PLACE (then the other side is the one MPI
// both reads and writes). Neighborhood collectives: see neighborhood.hpp.
#pragma once

#include <cstdint>
#include <mpi.h>

#include "call_scope.hpp"
#include "semantics/buffer_range.hpp"
#include "semantics/mpi_values.hpp"
#include "semantics/peer_counts.hpp"
#include "semantics/request_table.hpp"
#include "semantics/type_signature.hpp"

namespace mpisight::interpose {

namespace coll {

using journal::CollectiveOp;

struct Bytes {
  std::uint64_t sent = 0;
  std::uint64_t received = 0;
};

// The type signature and element count of one side of a collective.
struct Side {
  std::uint64_t signature = schema::kUnknownSignature;
  std::uint64_t elements = 0;
};

inline Side side(MPI_Count count, MPI_Datatype type) {
  const TypeShape shape = type_shape(type);
  return {shape.signature, interpose::elements(count, shape)};
}

template <class Count>
Side side(const Count* counts, int n, MPI_Datatype type) {
  MPI_Count total = 0;
  for (int i = 0; i < n; ++i) {
    total += counts[i];
  }
  return side(total, type);
}

// What MpiCollectiveEnd carries beyond Score-P's fields.
struct Types {
  Side send;
  Side recv;
  std::uint32_t reduction_op = journal::kNoReductionOp;
  BufferRange send_buffer{};
  BufferRange recv_buffer{};
  // The v and w forms' per-peer counts (semantics/peer_counts.hpp): empty for the others.
  PeerCountsView send_peers{};
  PeerCountsView recv_peers{};
};

inline void record_peer_counts(const Types& types) noexcept {
  record_peer_counts(schema::Attribute::kSendCounts, types.send_peers);
  record_peer_counts(schema::Attribute::kRecvCounts, types.recv_peers);
}

// `count` items at `buf`, for the side the rank uses.
inline BufferRange used(bool uses, const void* buf, MPI_Count count, MPI_Datatype type) {
  return uses ? buffer_range(buf, count, type) : BufferRange{};
}

// The v forms' blocks: displacements count the type's extent.
template <class Count, class Displacement>
BufferRange blocks(bool uses, const void* buf, const Count* counts, const Displacement* displs, int n,
                   MPI_Datatype type) {
  if (!uses) {
    return {};
  }
  const TypeShape shape = type_shape(type);
  return blocks_range(buf, counts, displs, n, shape, shape.extent);
}

// The w forms' blocks: one type per block, displacements in bytes.
template <class Count, class Displacement>
BufferRange typed_blocks(const void* buf, const Count* counts, const Displacement* displs, const MPI_Datatype* types,
                         int n) {
  if (buf == MPI_IN_PLACE || counts == nullptr || displs == nullptr || types == nullptr) {
    return {};
  }
  BufferRange all;
  for (int i = 0; i < n; ++i) {
    const std::uint64_t block = reinterpret_cast<std::uintptr_t>(buf) + static_cast<std::uint64_t>(displs[i]);
    all = hull(all, buffer_range(block, counts[i], type_shape(types[i])));
  }
  return all;
}

inline std::uint32_t op_handle(MPI_Op op) {
  return static_cast<std::uint32_t>(op);
}

// Blocking: the PMPI call between Begin and End. Nothing is recorded on a communicator we cannot name yet.
template <class Call>
int run(CallScope& scope, MPI_Comm comm, CollectiveOp op, std::int32_t root, Bytes bytes, const Types& types,
        Call&& call) {
  const std::uint32_t id = comm_id(comm);
  if (id == journal::kCommUnknown) {
    return call();
  }
  scope.record_at_enter(journal::MpiCollectiveBegin{});
  const int result = call();
  record_peer_counts(types);
  scope.record_at_leave(journal::MpiCollectiveEnd{{.arg = id},
                                                  op,
                                                  {},
                                                  root,
                                                  bytes.sent,
                                                  bytes.received,
                                                  types.reduction_op,
                                                  0,
                                                  types.send.signature,
                                                  types.send.elements,
                                                  types.recv.signature,
                                                  types.recv.elements,
                                                  types.send_buffer.begin,
                                                  types.send_buffer.end,
                                                  types.recv_buffer.begin,
                                                  types.recv_buffer.end});
  return result;
}

inline RequestInfo collective_request(std::uint32_t comm, CollectiveOp op, std::int32_t root, Bytes bytes,
                                      const Types& types) {
  return {.bytes = bytes.sent,
          .bytes_received = bytes.received,
          .comm = comm,
          .peer = root,
          .kind = RequestKind::kCollective,
          .op = op,
          .reduction_op = types.reduction_op,
          .send_signature = types.send.signature,
          .send_elements = types.send.elements,
          .recv_signature = types.recv.signature,
          .recv_elements = types.recv.elements,
          .send_buffer = types.send_buffer,
          .recv_buffer = types.recv_buffer};
}

// Nonblocking (MPI_I<coll>, the same arguments plus a request): NonBlockingCollectiveRequest at the call; Wait or
// Test records NonBlockingCollectiveComplete with what a blocking End would carry.
template <class Call>
int run(CallScope& scope, MPI_Comm comm, CollectiveOp op, std::int32_t root, Bytes bytes, const Types& types,
        Call&& call, MPI_Request* request) {
  const int result = call();
  const std::uint32_t id = comm_id(comm);
  if (result == MPI_SUCCESS && id != journal::kCommUnknown) {
    RequestInfo info = collective_request(id, op, root, bytes, types);
    info.slot = request_slot(request);
    const std::uint64_t request_id = requests().track(*request, info);
    record_peer_counts(types);
    scope.record_at_enter(journal::NonBlockingCollectiveRequest{{},
                                                                request_id,
                                                                request_handle_value(*request),
                                                                types.send_buffer.begin,
                                                                types.send_buffer.end,
                                                                types.recv_buffer.begin,
                                                                types.recv_buffer.end,
                                                                request_slot(request)});
  }
  return result;
}

// Persistent (MPI_<coll>_init, plus info and request): no data moves yet; every MPI_Start of the request is
// recorded like a nonblocking call (interpose/semantics/persistent.hpp). Counts are read now, as MPI does. The
// Leave names the new request and the program's request variable, as persistent point-to-point inits do, and
// (CollectiveInit) the collective the init set up: an init is itself a collective call (MPI 4.0 section 6.12).
template <class Call>
int run(CallScope& scope, MPI_Comm comm, CollectiveOp op, std::int32_t root, Bytes bytes, const Types& types,
        Call&& call, MPI_Info /*info*/, MPI_Request* request) {
  const int result = call();
  const std::uint32_t id = comm_id(comm);
  if (result == MPI_SUCCESS && id != journal::kCommUnknown) {
    requests().track_inactive(*request, collective_request(id, op, root, bytes, types));
    scope.attach_at_leave(schema::Attribute::kRequestHandle, request_handle_value(*request));
    scope.attach_at_leave(schema::Attribute::kRequestSlot, request_slot(request));
    record_peer_counts(types);
    scope.record_at_leave(journal::CollectiveInit{{.arg = id},
                                                  op,
                                                  {},
                                                  root,
                                                  types.reduction_op,
                                                  0,
                                                  types.send.signature,
                                                  types.send.elements,
                                                  types.recv.signature,
                                                  types.recv.elements});
  }
  return result;
}

template <class Count>
std::uint64_t sum_bytes(const Count* counts, int n, MPI_Datatype type) {
  std::uint64_t total = 0;
  for (int i = 0; i < n; ++i) {
    total += bytes_of(counts[i], type);
  }
  return total;
}

template <class Count>
std::uint64_t sum_bytes(const Count* counts, int n, const MPI_Datatype* types) {
  std::uint64_t total = 0;
  for (int i = 0; i < n; ++i) {
    total += bytes_of(counts[i], types[i]);
  }
  return total;
}

inline std::uint64_t times(std::uint64_t bytes, int ranks) {
  return bytes * static_cast<std::uint64_t>(ranks);
}

inline bool in_place(const void* buffer) {
  return buffer == MPI_IN_PLACE;
}

// Rooted collectives on an intercommunicator: the root passes MPI_ROOT, the rest of its group MPI_PROC_NULL
// (they move nothing), the other group the root's rank in that remote group, which is never "this rank".
inline bool is_root(MPI_Comm comm, int root) {
  if (root == MPI_ROOT) {
    return true;
  }
  if (root < 0 || comm_rank(comm) != root) {
    return false;
  }
  if (comm == MPI_COMM_WORLD) {
    return true;
  }
  int inter = 0;
  PMPI_Comm_test_inter(comm, &inter);
  return inter == 0;
}

// The ranks a non-rooted collective exchanges blocks with: the remote group on an intercommunicator.
inline int peer_ranks(MPI_Comm comm) {
  if (comm == MPI_COMM_WORLD) {
    return comm_size(comm);
  }
  int inter = 0;
  PMPI_Comm_test_inter(comm, &inter);
  int size = 0;
  if (inter != 0) {
    PMPI_Comm_remote_size(comm, &size);
  } else {
    PMPI_Comm_size(comm, &size);
  }
  return size;
}

inline bool idle(int root) {
  return root == MPI_PROC_NULL;
}

// The ranks the root exchanges blocks with: the remote group on an intercommunicator.
inline int root_peers(MPI_Comm comm, int root) {
  if (root == MPI_ROOT) {
    int size = 0;
    PMPI_Comm_remote_size(comm, &size);
    return size;
  }
  return comm_size(comm);
}

// The root as records carry it: MPI_ROOT and MPI_PROC_NULL become OTF2's "self" and "this group".
inline std::int32_t recorded_root(int root) {
  if (root == MPI_ROOT) {
    return journal::kRootSelf;
  }
  return root == MPI_PROC_NULL ? journal::kRootThisGroup : root;
}

}  // namespace coll

struct BarrierShape {
  template <class Pmpi, class... Tail>
  static int call(CallScope& scope, Pmpi pmpi, MPI_Comm comm, Tail... tail) {
    return coll::run(
        scope, comm, coll::CollectiveOp::kBarrier, journal::kNoRoot, {}, {}, [&] { return pmpi(comm, tail...); },
        tail...);
  }
};

struct BcastShape {
  template <class Pmpi, class Count, class... Tail>
  static int call(CallScope& scope, Pmpi pmpi, void* buffer, Count count, MPI_Datatype datatype, int root,
                  MPI_Comm comm, Tail... tail) {
    const std::uint64_t n = bytes_of(count, datatype);
    coll::Bytes bytes{0, n};
    const coll::Side data = coll::side(count, datatype);
    coll::Types types{{}, data, journal::kNoReductionOp, {}, buffer_range(buffer, count, datatype)};
    if (coll::is_root(comm, root)) {
      bytes = {coll::times(n, coll::root_peers(comm, root)), root == MPI_ROOT ? 0 : n};
      types = {data, {}, journal::kNoReductionOp, buffer_range(buffer, count, datatype), {}};
    } else if (coll::idle(root)) {
      bytes = {};
      types = {};
    }
    return coll::run(
        scope, comm, coll::CollectiveOp::kBcast, coll::recorded_root(root), bytes, types,
        [&] { return pmpi(buffer, count, datatype, root, comm, tail...); }, tail...);
  }
};

struct GatherShape {
  template <class Pmpi, class Count, class... Tail>
  static int call(CallScope& scope, Pmpi pmpi, const void* sendbuf, Count sendcount, MPI_Datatype sendtype,
                  void* recvbuf, Count recvcount, MPI_Datatype recvtype, int root, MPI_Comm comm, Tail... tail) {
    const bool is_root = coll::is_root(comm, root);
    const bool own = coll::in_place(sendbuf);
    const bool sends = !own && root != MPI_ROOT && !coll::idle(root);
    const coll::Bytes bytes{
        sends ? bytes_of(sendcount, sendtype) : 0,
        is_root ? coll::times(bytes_of(recvcount, recvtype), coll::root_peers(comm, root) - (own ? 1 : 0)) : 0};
    const coll::Types types{
        sends ? coll::side(sendcount, sendtype) : coll::Side{},
        is_root ? coll::side(recvcount, recvtype) : coll::Side{}, journal::kNoReductionOp,
        coll::used(sends, sendbuf, sendcount, sendtype),
        coll::used(is_root, recvbuf, static_cast<MPI_Count>(recvcount) * (is_root ? coll::root_peers(comm, root) : 0),
                   recvtype)};
    return coll::run(
        scope, comm, coll::CollectiveOp::kGather, coll::recorded_root(root), bytes, types,
        [&] { return pmpi(sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype, root, comm, tail...); }, tail...);
  }
};

struct GathervShape {
  template <class Pmpi, class Count, class Displacement, class... Tail>
  static int call(CallScope& scope, Pmpi pmpi, const void* sendbuf, Count sendcount, MPI_Datatype sendtype,
                  void* recvbuf, const Count* recvcounts, const Displacement* displs, MPI_Datatype recvtype, int root,
                  MPI_Comm comm, Tail... tail) {
    const bool own = coll::in_place(sendbuf);
    std::uint64_t received = 0;
    if (coll::is_root(comm, root)) {
      received = coll::sum_bytes(recvcounts, coll::root_peers(comm, root), recvtype) -
                 (own ? bytes_of(recvcounts[comm_rank(comm)], recvtype) : 0);
    }
    const bool sends = !own && root != MPI_ROOT && !coll::idle(root);
    const coll::Bytes bytes{sends ? bytes_of(sendcount, sendtype) : 0, received};
    const bool is_root = coll::is_root(comm, root);
    const int peers = is_root ? coll::root_peers(comm, root) : 0;
    const coll::Types types{sends ? coll::side(sendcount, sendtype) : coll::Side{},
                            is_root ? coll::side(recvcounts, peers, recvtype) : coll::Side{},
                            journal::kNoReductionOp,
                            coll::used(sends, sendbuf, sendcount, sendtype),
                            coll::blocks(is_root, recvbuf, recvcounts, displs, peers, recvtype),
                            {},
                            is_root ? coll::peer_counts(recvcounts, peers, recvtype) : coll::PeerCountsView{}};
    return coll::run(
        scope, comm, coll::CollectiveOp::kGatherv, coll::recorded_root(root), bytes, types,
        [&] { return pmpi(sendbuf, sendcount, sendtype, recvbuf, recvcounts, displs, recvtype, root, comm, tail...); },
        tail...);
  }
};

struct ScatterShape {
  template <class Pmpi, class Count, class... Tail>
  static int call(CallScope& scope, Pmpi pmpi, const void* sendbuf, Count sendcount, MPI_Datatype sendtype,
                  void* recvbuf, Count recvcount, MPI_Datatype recvtype, int root, MPI_Comm comm, Tail... tail) {
    const bool is_root = coll::is_root(comm, root);
    const bool own = coll::in_place(recvbuf);
    const bool receives = !own && root != MPI_ROOT && !coll::idle(root);
    const coll::Bytes bytes{
        is_root ? coll::times(bytes_of(sendcount, sendtype), coll::root_peers(comm, root) - (own ? 1 : 0)) : 0,
        receives ? bytes_of(recvcount, recvtype) : 0};
    const coll::Types types{
        is_root ? coll::side(sendcount, sendtype) : coll::Side{},
        receives ? coll::side(recvcount, recvtype) : coll::Side{}, journal::kNoReductionOp,
        coll::used(is_root, sendbuf, static_cast<MPI_Count>(sendcount) * (is_root ? coll::root_peers(comm, root) : 0),
                   sendtype),
        coll::used(receives, recvbuf, recvcount, recvtype)};
    return coll::run(
        scope, comm, coll::CollectiveOp::kScatter, coll::recorded_root(root), bytes, types,
        [&] { return pmpi(sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype, root, comm, tail...); }, tail...);
  }
};

struct ScattervShape {
  template <class Pmpi, class Count, class Displacement, class... Tail>
  static int call(CallScope& scope, Pmpi pmpi, const void* sendbuf, const Count* sendcounts, const Displacement* displs,
                  MPI_Datatype sendtype, void* recvbuf, Count recvcount, MPI_Datatype recvtype, int root, MPI_Comm comm,
                  Tail... tail) {
    const bool own = coll::in_place(recvbuf);
    std::uint64_t sent = 0;
    if (coll::is_root(comm, root)) {
      sent = coll::sum_bytes(sendcounts, coll::root_peers(comm, root), sendtype) -
             (own ? bytes_of(sendcounts[comm_rank(comm)], sendtype) : 0);
    }
    const bool receives = !own && root != MPI_ROOT && !coll::idle(root);
    const coll::Bytes bytes{sent, receives ? bytes_of(recvcount, recvtype) : 0};
    const bool is_root = coll::is_root(comm, root);
    const int peers = is_root ? coll::root_peers(comm, root) : 0;
    const coll::Types types{is_root ? coll::side(sendcounts, peers, sendtype) : coll::Side{},
                            receives ? coll::side(recvcount, recvtype) : coll::Side{},
                            journal::kNoReductionOp,
                            coll::blocks(is_root, sendbuf, sendcounts, displs, peers, sendtype),
                            coll::used(receives, recvbuf, recvcount, recvtype),
                            is_root ? coll::peer_counts(sendcounts, peers, sendtype) : coll::PeerCountsView{}};
    return coll::run(
        scope, comm, coll::CollectiveOp::kScatterv, coll::recorded_root(root), bytes, types,
        [&] { return pmpi(sendbuf, sendcounts, displs, sendtype, recvbuf, recvcount, recvtype, root, comm, tail...); },
        tail...);
  }
};

// Allgather and Alltoall: p blocks each way.
template <coll::CollectiveOp Op>
struct AllToAllShape {
  template <class Pmpi, class Count, class... Tail>
  static int call(CallScope& scope, Pmpi pmpi, const void* sendbuf, Count sendcount, MPI_Datatype sendtype,
                  void* recvbuf, Count recvcount, MPI_Datatype recvtype, MPI_Comm comm, Tail... tail) {
    const int ranks = coll::peer_ranks(comm);
    const bool own = coll::in_place(sendbuf);
    const std::uint64_t block = bytes_of(recvcount, recvtype);
    const coll::Bytes bytes{own ? coll::times(block, ranks - 1) : coll::times(bytes_of(sendcount, sendtype), ranks),
                            coll::times(block, ranks - (own ? 1 : 0))};
    // Allgather sends one block, alltoall one per rank; both receive one per rank.
    const MPI_Count send_items = Op == coll::CollectiveOp::kAlltoall ? MPI_Count{sendcount} * ranks : sendcount;
    const coll::Types types{own ? coll::Side{} : coll::side(sendcount, sendtype), coll::side(recvcount, recvtype),
                            journal::kNoReductionOp, coll::used(!own, sendbuf, send_items, sendtype),
                            buffer_range(recvbuf, MPI_Count{recvcount} * ranks, recvtype)};
    return coll::run(
        scope, comm, Op, journal::kNoRoot, bytes, types,
        [&] { return pmpi(sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype, comm, tail...); }, tail...);
  }
};

struct AllgathervShape {
  template <class Pmpi, class Count, class Displacement, class... Tail>
  static int call(CallScope& scope, Pmpi pmpi, const void* sendbuf, Count sendcount, MPI_Datatype sendtype,
                  void* recvbuf, const Count* recvcounts, const Displacement* displs, MPI_Datatype recvtype,
                  MPI_Comm comm, Tail... tail) {
    const int ranks = coll::peer_ranks(comm);
    const bool own = coll::in_place(sendbuf);
    const std::uint64_t mine = own ? bytes_of(recvcounts[comm_rank(comm)], recvtype) : bytes_of(sendcount, sendtype);
    const coll::Bytes bytes{coll::times(mine, ranks - (own ? 1 : 0)),
                            coll::sum_bytes(recvcounts, ranks, recvtype) - (own ? mine : 0)};
    const coll::Types types{own ? coll::Side{} : coll::side(sendcount, sendtype),
                            coll::side(recvcounts, ranks, recvtype),
                            journal::kNoReductionOp,
                            coll::used(!own, sendbuf, sendcount, sendtype),
                            coll::blocks(true, recvbuf, recvcounts, displs, ranks, recvtype),
                            {},
                            coll::peer_counts(recvcounts, ranks, recvtype)};
    return coll::run(
        scope, comm, coll::CollectiveOp::kAllgatherv, journal::kNoRoot, bytes, types,
        [&] { return pmpi(sendbuf, sendcount, sendtype, recvbuf, recvcounts, displs, recvtype, comm, tail...); },
        tail...);
  }
};

struct AlltoallvShape {
  template <class Pmpi, class Count, class Displacement, class... Tail>
  static int call(CallScope& scope, Pmpi pmpi, const void* sendbuf, const Count* sendcounts,
                  const Displacement* sdispls, MPI_Datatype sendtype, void* recvbuf, const Count* recvcounts,
                  const Displacement* rdispls, MPI_Datatype recvtype, MPI_Comm comm, Tail... tail) {
    const int ranks = coll::peer_ranks(comm);
    const bool own = coll::in_place(sendbuf);
    const std::uint64_t own_block = own ? bytes_of(recvcounts[comm_rank(comm)], recvtype) : 0;
    const std::uint64_t received = coll::sum_bytes(recvcounts, ranks, recvtype) - own_block;
    const coll::Bytes bytes{own ? received : coll::sum_bytes(sendcounts, ranks, sendtype), received};
    const coll::Types types{own ? coll::Side{} : coll::side(sendcounts, ranks, sendtype),
                            coll::side(recvcounts, ranks, recvtype),
                            journal::kNoReductionOp,
                            coll::blocks(!own, sendbuf, sendcounts, sdispls, ranks, sendtype),
                            coll::blocks(true, recvbuf, recvcounts, rdispls, ranks, recvtype),
                            own ? coll::PeerCountsView{} : coll::peer_counts(sendcounts, ranks, sendtype),
                            coll::peer_counts(recvcounts, ranks, recvtype)};
    return coll::run(
        scope, comm, coll::CollectiveOp::kAlltoallv, journal::kNoRoot, bytes, types,
        [&] {
          return pmpi(sendbuf, sendcounts, sdispls, sendtype, recvbuf, recvcounts, rdispls, recvtype, comm, tail...);
        },
        tail...);
  }
};

struct AlltoallwShape {
  template <class Pmpi, class Count, class Displacement, class... Tail>
  static int call(CallScope& scope, Pmpi pmpi, const void* sendbuf, const Count* sendcounts,
                  const Displacement* sdispls, const MPI_Datatype* sendtypes, void* recvbuf, const Count* recvcounts,
                  const Displacement* rdispls, const MPI_Datatype* recvtypes, MPI_Comm comm, Tail... tail) {
    const int ranks = coll::peer_ranks(comm);
    const bool own = coll::in_place(sendbuf);
    const int rank = comm_rank(comm);
    const std::uint64_t own_block = own ? bytes_of(recvcounts[rank], recvtypes[rank]) : 0;
    const std::uint64_t received = coll::sum_bytes(recvcounts, ranks, recvtypes) - own_block;
    const coll::Bytes bytes{own ? received : coll::sum_bytes(sendcounts, ranks, sendtypes), received};
    // One datatype per peer: no single signature describes a side.
    const coll::Types types{{},
                            {},
                            journal::kNoReductionOp,
                            coll::typed_blocks(sendbuf, sendcounts, sdispls, sendtypes, ranks),
                            coll::typed_blocks(recvbuf, recvcounts, rdispls, recvtypes, ranks),
                            own ? coll::PeerCountsView{} : coll::peer_counts(sendcounts, ranks, sendtypes),
                            coll::peer_counts(recvcounts, ranks, recvtypes)};
    return coll::run(
        scope, comm, coll::CollectiveOp::kAlltoallw, journal::kNoRoot, bytes, types,
        [&] {
          return pmpi(sendbuf, sendcounts, sdispls, sendtypes, recvbuf, recvcounts, rdispls, recvtypes, comm, tail...);
        },
        tail...);
  }
};

struct ReduceShape {
  template <class Pmpi, class Count, class... Tail>
  static int call(CallScope& scope, Pmpi pmpi, const void* sendbuf, void* recvbuf, Count count, MPI_Datatype datatype,
                  MPI_Op op, int root, MPI_Comm comm, Tail... tail) {
    const std::uint64_t n = bytes_of(count, datatype);
    const bool own = coll::in_place(sendbuf);
    const bool is_root = coll::is_root(comm, root);
    const bool sends = !own && root != MPI_ROOT && !coll::idle(root);
    const coll::Bytes bytes{sends ? n : 0, is_root ? coll::times(n, coll::root_peers(comm, root) - (own ? 1 : 0)) : 0};
    const coll::Types types{sends || own ? coll::side(count, datatype) : coll::Side{},
                            is_root ? coll::side(count, datatype) : coll::Side{}, coll::op_handle(op),
                            coll::used(sends, sendbuf, count, datatype), coll::used(is_root, recvbuf, count, datatype)};
    return coll::run(
        scope, comm, coll::CollectiveOp::kReduce, coll::recorded_root(root), bytes, types,
        [&] { return pmpi(sendbuf, recvbuf, count, datatype, op, root, comm, tail...); }, tail...);
  }
};

// Allreduce, Scan, Exscan: one count for sending and receiving.
template <coll::CollectiveOp Op>
struct ReductionShape {
  template <class Pmpi, class Count, class... Tail>
  static int call(CallScope& scope, Pmpi pmpi, const void* sendbuf, void* recvbuf, Count count, MPI_Datatype datatype,
                  MPI_Op op, MPI_Comm comm, Tail... tail) {
    const std::uint64_t n = bytes_of(count, datatype);
    const bool own = coll::in_place(sendbuf);
    // Allreduce counts like all-to-all; prefix reductions move one block each way.
    const std::uint64_t moved =
        Op == coll::CollectiveOp::kAllreduce ? coll::times(n, coll::peer_ranks(comm) - (own ? 1 : 0)) : n;
    const coll::Side data = coll::side(count, datatype);
    return coll::run(
        scope, comm, Op, journal::kNoRoot, {moved, moved},
        {data, data, coll::op_handle(op), buffer_range(sendbuf, count, datatype),
         buffer_range(recvbuf, count, datatype)},
        [&] { return pmpi(sendbuf, recvbuf, count, datatype, op, comm, tail...); }, tail...);
  }
};

struct ReduceScatterShape {
  template <class Pmpi, class Count, class... Tail>
  static int call(CallScope& scope, Pmpi pmpi, const void* sendbuf, void* recvbuf, const Count* recvcounts,
                  MPI_Datatype datatype, MPI_Op op, MPI_Comm comm, Tail... tail) {
    const int ranks = comm_size(comm);
    const std::uint64_t mine = bytes_of(recvcounts[comm_rank(comm)], datatype);
    const bool own = coll::in_place(sendbuf);
    const coll::Bytes bytes{coll::sum_bytes(recvcounts, ranks, datatype) - (own ? mine : 0),
                            coll::times(mine, coll::peer_ranks(comm) - (own ? 1 : 0))};
    MPI_Count total = 0;
    for (int i = 0; i < ranks; ++i) {
      total += recvcounts[i];
    }
    const MPI_Count own_count = recvcounts[comm_rank(comm)];
    const coll::Types types{coll::side(recvcounts, ranks, datatype),
                            coll::side(own_count, datatype),
                            coll::op_handle(op),
                            buffer_range(sendbuf, total, datatype),
                            buffer_range(recvbuf, own_count, datatype),
                            {},
                            coll::peer_counts(recvcounts, ranks, datatype)};
    return coll::run(
        scope, comm, coll::CollectiveOp::kReduceScatter, journal::kNoRoot, bytes, types,
        [&] { return pmpi(sendbuf, recvbuf, recvcounts, datatype, op, comm, tail...); }, tail...);
  }
};

struct ReduceScatterBlockShape {
  template <class Pmpi, class Count, class... Tail>
  static int call(CallScope& scope, Pmpi pmpi, const void* sendbuf, void* recvbuf, Count recvcount,
                  MPI_Datatype datatype, MPI_Op op, MPI_Comm comm, Tail... tail) {
    const std::uint64_t moved =
        coll::times(bytes_of(recvcount, datatype), comm_size(comm) - (coll::in_place(sendbuf) ? 1 : 0));
    const MPI_Count total = static_cast<MPI_Count>(recvcount) * comm_size(comm);
    const coll::Types types{coll::side(total, datatype), coll::side(recvcount, datatype), coll::op_handle(op),
                            buffer_range(sendbuf, total, datatype), buffer_range(recvbuf, recvcount, datatype)};
    return coll::run(
        scope, comm, coll::CollectiveOp::kReduceScatterBlock, journal::kNoRoot, {moved, moved}, types,
        [&] { return pmpi(sendbuf, recvbuf, recvcount, datatype, op, comm, tail...); }, tail...);
  }
};

// clang-format off
template <> struct Semantics<Fn::MPI_Barrier> : BarrierShape {};
template <> struct Semantics<Fn::MPI_Bcast> : BcastShape {};
template <> struct Semantics<Fn::MPI_Bcast_c> : BcastShape {};
template <> struct Semantics<Fn::MPI_Gather> : GatherShape {};
template <> struct Semantics<Fn::MPI_Gather_c> : GatherShape {};
template <> struct Semantics<Fn::MPI_Gatherv> : GathervShape {};
template <> struct Semantics<Fn::MPI_Gatherv_c> : GathervShape {};
template <> struct Semantics<Fn::MPI_Scatter> : ScatterShape {};
template <> struct Semantics<Fn::MPI_Scatter_c> : ScatterShape {};
template <> struct Semantics<Fn::MPI_Scatterv> : ScattervShape {};
template <> struct Semantics<Fn::MPI_Scatterv_c> : ScattervShape {};
template <> struct Semantics<Fn::MPI_Allgather> : AllToAllShape<coll::CollectiveOp::kAllgather> {};
template <> struct Semantics<Fn::MPI_Allgather_c> : AllToAllShape<coll::CollectiveOp::kAllgather> {};
template <> struct Semantics<Fn::MPI_Allgatherv> : AllgathervShape {};
template <> struct Semantics<Fn::MPI_Allgatherv_c> : AllgathervShape {};
template <> struct Semantics<Fn::MPI_Alltoall> : AllToAllShape<coll::CollectiveOp::kAlltoall> {};
template <> struct Semantics<Fn::MPI_Alltoall_c> : AllToAllShape<coll::CollectiveOp::kAlltoall> {};
template <> struct Semantics<Fn::MPI_Alltoallv> : AlltoallvShape {};
template <> struct Semantics<Fn::MPI_Alltoallv_c> : AlltoallvShape {};
template <> struct Semantics<Fn::MPI_Alltoallw> : AlltoallwShape {};
template <> struct Semantics<Fn::MPI_Alltoallw_c> : AlltoallwShape {};
template <> struct Semantics<Fn::MPI_Reduce> : ReduceShape {};
template <> struct Semantics<Fn::MPI_Reduce_c> : ReduceShape {};
template <> struct Semantics<Fn::MPI_Allreduce> : ReductionShape<coll::CollectiveOp::kAllreduce> {};
template <> struct Semantics<Fn::MPI_Allreduce_c> : ReductionShape<coll::CollectiveOp::kAllreduce> {};
template <> struct Semantics<Fn::MPI_Scan> : ReductionShape<coll::CollectiveOp::kScan> {};
template <> struct Semantics<Fn::MPI_Scan_c> : ReductionShape<coll::CollectiveOp::kScan> {};
template <> struct Semantics<Fn::MPI_Exscan> : ReductionShape<coll::CollectiveOp::kExscan> {};
template <> struct Semantics<Fn::MPI_Exscan_c> : ReductionShape<coll::CollectiveOp::kExscan> {};
template <> struct Semantics<Fn::MPI_Reduce_scatter> : ReduceScatterShape {};
template <> struct Semantics<Fn::MPI_Reduce_scatter_c> : ReduceScatterShape {};
template <> struct Semantics<Fn::MPI_Reduce_scatter_block> : ReduceScatterBlockShape {};
template <> struct Semantics<Fn::MPI_Reduce_scatter_block_c> : ReduceScatterBlockShape {};
// clang-format on

}  // namespace mpisight::interpose
