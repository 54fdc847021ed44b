// RMA family, recorded as OTF2's RMA records the way Score-P does: window creation and destruction are RMA
// collectives around RmaWinCreate/RmaWinDestroy; fence is an RMA collective; PSCW calls are group syncs; locks
// are lock requests and releases; MPI_Win_sync is a memory sync. Every put, get and atomic carries a matching id;
// request-based ones complete at Wait/Test (semantics/requests.cpp), the others at the next flush, unlock,
// fence or complete that covers their target (RmaComplete). Like MPI, the trace completes a process's operations:
// the sync of one thread completes those of every thread, recorded on the syncing thread's location. Nothing is
// shared between threads for that at run time: the converter pairs operations and syncs of all of a process's
// journals by time (runtime/otf2/rma_completion_plan.hpp).
#pragma once

#include <cstdint>
#include <mpi.h>

#include "call_scope.hpp"
#include "semantics/mpi_values.hpp"
#include "semantics/request_table.hpp"
#include "semantics/rma_windows.hpp"
#include "semantics/type_signature.hpp"

namespace mpisight::interpose {

namespace rma {

using journal::RmaOpKind;
using journal::WinFlavor;

// Out of line (rma.cpp): the rare calls, and the one place an operation's record is built. A creation takes part
// in the key agreement even when it is not recorded (`scope` nullptr), since every member must.
int create_window(CallScope* scope, MPI_Comm comm, WinFlavor flavor, std::int64_t disp_unit, std::int64_t size_bytes,
                  MPI_Win* win, int (*call)(void*), void* context);
void record_destroy(CallScope& scope, MPI_Win win);
void record_destroyed(CallScope& scope, std::uint64_t key);

struct Target {
  int rank;
  MPI_Aint disp;
  MPI_Count count;
  MPI_Datatype type;
};

// A buffer argument of the origin (address, count, datatype); a zero count means none.
struct Buffer {
  const void* addr = nullptr;
  MPI_Count count = 0;
  MPI_Datatype type = MPI_DATATYPE_NULL;
};

// What an operation moves at the origin: bytes as OTF2 counts them, and the buffers MPI reads and writes.
struct Origin {
  std::uint64_t bytes_sent = 0;
  std::uint64_t bytes_received = 0;
  Buffer read;                                           // put/accumulate origin
  Buffer written;                                        // get origin, result buffers
  std::uint32_t reduction_op = journal::kNoReductionOp;  // accumulates: their MPI_Op
};

// The operation's record, stamped at enter; `matching_id` 0 asks for a fresh one. Returns the id used.
std::uint64_t record_op(CallScope& scope, const WindowInfo& window, RmaOpKind kind, const Target& target,
                        const Origin& origin, std::uint64_t matching_id, std::uint32_t flags);

// Runs a blocking operation after recording it.
template <class Call>
int blocking(CallScope& scope, MPI_Win win, RmaOpKind kind, const Target& target, const Origin& origin, Call&& call) {
  if (target.rank != MPI_PROC_NULL) {
    if (const WindowInfo* window = find_window(win)) {
      record_op(scope, *window, kind, target, origin, 0, 0);
    }
  }
  return call();
}

// Runs a request-based operation, then ties its record (and the program's request handle) to the request.
template <class Call>
int request_based(CallScope& scope, MPI_Win win, RmaOpKind kind, const Target& target, const Origin& origin,
                  MPI_Request* request, Call&& call);

void record_complete(CallScope& scope, MPI_Win win, int remote);

}  // namespace rma

template <journal::WinFlavor Flavor>
struct WinCreateShape {
  template <class Pmpi, class DispUnit>
  static int call(CallScope& scope, Pmpi pmpi, void* base, MPI_Aint size, DispUnit disp_unit, MPI_Info info,
                  MPI_Comm comm, MPI_Win* win) {
    return create(&scope, pmpi, base, size, disp_unit, info, comm, win);
  }
  // wrap.hpp's hook for calls that are not recorded.
  template <class Pmpi, class DispUnit>
  static int unrecorded(Pmpi pmpi, void* base, MPI_Aint size, DispUnit disp_unit, MPI_Info info, MPI_Comm comm,
                        MPI_Win* win) {
    return create(nullptr, pmpi, base, size, disp_unit, info, comm, win);
  }

 private:
  template <class Pmpi, class DispUnit>
  static int create(CallScope* scope, Pmpi pmpi, void* base, MPI_Aint size, DispUnit disp_unit, MPI_Info info,
                    MPI_Comm comm, MPI_Win* win) {
    auto run = [&] { return pmpi(base, size, disp_unit, info, comm, win); };
    return rma::create_window(
        scope, comm, Flavor, disp_unit, size, win, [](void* c) { return (*static_cast<decltype(run)*>(c))(); }, &run);
  }
};

template <journal::WinFlavor Flavor>
struct WinAllocateShape {
  template <class Pmpi, class DispUnit>
  static int call(CallScope& scope, Pmpi pmpi, MPI_Aint size, DispUnit disp_unit, MPI_Info info, MPI_Comm comm,
                  void* baseptr, MPI_Win* win) {
    return create(&scope, pmpi, size, disp_unit, info, comm, baseptr, win);
  }
  template <class Pmpi, class DispUnit>
  static int unrecorded(Pmpi pmpi, MPI_Aint size, DispUnit disp_unit, MPI_Info info, MPI_Comm comm, void* baseptr,
                        MPI_Win* win) {
    return create(nullptr, pmpi, size, disp_unit, info, comm, baseptr, win);
  }

 private:
  template <class Pmpi, class DispUnit>
  static int create(CallScope* scope, Pmpi pmpi, MPI_Aint size, DispUnit disp_unit, MPI_Info info, MPI_Comm comm,
                    void* baseptr, MPI_Win* win) {
    auto run = [&] { return pmpi(size, disp_unit, info, comm, baseptr, win); };
    return rma::create_window(
        scope, comm, Flavor, disp_unit, size, win, [](void* c) { return (*static_cast<decltype(run)*>(c))(); }, &run);
  }
};

struct WinCreateDynamicShape {
  template <class Pmpi>
  static int call(CallScope& scope, Pmpi pmpi, MPI_Info info, MPI_Comm comm, MPI_Win* win) {
    return create(&scope, pmpi, info, comm, win);
  }
  template <class Pmpi>
  static int unrecorded(Pmpi pmpi, MPI_Info info, MPI_Comm comm, MPI_Win* win) {
    return create(nullptr, pmpi, info, comm, win);
  }

 private:
  template <class Pmpi>
  static int create(CallScope* scope, Pmpi pmpi, MPI_Info info, MPI_Comm comm, MPI_Win* win) {
    auto run = [&] { return pmpi(info, comm, win); };
    return rma::create_window(
        scope, comm, journal::WinFlavor::kDynamic, 1, 0, win,
        [](void* c) { return (*static_cast<decltype(run)*>(c))(); }, &run);
  }
};

struct WinFreeShape {
  template <class Pmpi>
  static int unrecorded(Pmpi pmpi, MPI_Win* win) {
    forget_window(*win);
    return pmpi(win);
  }
  template <class Pmpi>
  static int call(CallScope& scope, Pmpi pmpi, MPI_Win* win) {
    const WindowInfo* window = find_window(*win);
    const std::uint64_t key = window != nullptr ? window->key : 0;
    const MPI_Win handle = *win;
    if (window != nullptr) {
      rma::record_destroy(scope, handle);
    }
    const int result = pmpi(win);
    if (window != nullptr) {
      rma::record_destroyed(scope, key);
    }
    return result;
  }
};

template <>
struct Semantics<Fn::MPI_Win_fence> {
  static int call(CallScope& scope, decltype(&PMPI_Win_fence) pmpi, int assert_flags, MPI_Win win);
};
template <>
struct Semantics<Fn::MPI_Win_post> {
  static int call(CallScope& scope, decltype(&PMPI_Win_post) pmpi, MPI_Group group, int assert_flags, MPI_Win win);
};
template <>
struct Semantics<Fn::MPI_Win_start> {
  static int call(CallScope& scope, decltype(&PMPI_Win_start) pmpi, MPI_Group group, int assert_flags, MPI_Win win);
};
template <>
struct Semantics<Fn::MPI_Win_complete> {
  static int call(CallScope& scope, decltype(&PMPI_Win_complete) pmpi, MPI_Win win);
};
template <>
struct Semantics<Fn::MPI_Win_wait> {
  static int call(CallScope& scope, decltype(&PMPI_Win_wait) pmpi, MPI_Win win);
};
template <>
struct Semantics<Fn::MPI_Win_test> {
  static int call(CallScope& scope, decltype(&PMPI_Win_test) pmpi, MPI_Win win, int* flag);
};
template <>
struct Semantics<Fn::MPI_Win_lock> {
  static int call(CallScope& scope, decltype(&PMPI_Win_lock) pmpi, int lock_type, int rank, int assert_flags,
                  MPI_Win win);
};
template <>
struct Semantics<Fn::MPI_Win_unlock> {
  static int call(CallScope& scope, decltype(&PMPI_Win_unlock) pmpi, int rank, MPI_Win win);
};
template <>
struct Semantics<Fn::MPI_Win_lock_all> {
  static int call(CallScope& scope, decltype(&PMPI_Win_lock_all) pmpi, int assert_flags, MPI_Win win);
};
template <>
struct Semantics<Fn::MPI_Win_unlock_all> {
  static int call(CallScope& scope, decltype(&PMPI_Win_unlock_all) pmpi, MPI_Win win);
};
template <>
struct Semantics<Fn::MPI_Win_sync> {
  static int call(CallScope& scope, decltype(&PMPI_Win_sync) pmpi, MPI_Win win);
};

// MPI_Win_flush and MPI_Win_flush_local: complete this rank's operations to one target.
struct FlushShape {
  template <class Pmpi>
  static int call(CallScope& scope, Pmpi pmpi, int rank, MPI_Win win) {
    const int result = pmpi(rank, win);
    if (result == MPI_SUCCESS) {
      rma::record_complete(scope, win, rank);
    }
    return result;
  }
};

// MPI_Win_flush_all and MPI_Win_flush_local_all.
struct FlushAllShape {
  template <class Pmpi>
  static int call(CallScope& scope, Pmpi pmpi, MPI_Win win) {
    const int result = pmpi(win);
    if (result == MPI_SUCCESS) {
      rma::record_complete(scope, win, journal::kAllRanks);
    }
    return result;
  }
};

// MPI_Put, MPI_Get and their _c forms.
template <rma::RmaOpKind Kind>
struct PutGetShape {
  template <class Pmpi, class Count>
  static int call(CallScope& scope, Pmpi pmpi, const void* origin_addr, Count origin_count,
                  MPI_Datatype origin_datatype, int target_rank, MPI_Aint target_disp, Count target_count,
                  MPI_Datatype target_datatype, MPI_Win win) requires(Kind == rma::RmaOpKind::kPut) {
    const rma::Origin origin{bytes_of(origin_count, origin_datatype),
                             0,
                             {origin_addr, origin_count, origin_datatype},
                             {},
                             journal::kNoReductionOp};
    return rma::blocking(scope, win, Kind, {target_rank, target_disp, target_count, target_datatype}, origin, [&] {
      return pmpi(origin_addr, origin_count, origin_datatype, target_rank, target_disp, target_count, target_datatype,
                  win);
    });
  }
  template <class Pmpi, class Count>
  static int call(CallScope& scope, Pmpi pmpi, void* origin_addr, Count origin_count, MPI_Datatype origin_datatype,
                  int target_rank, MPI_Aint target_disp, Count target_count, MPI_Datatype target_datatype,
                  MPI_Win win) requires(Kind == rma::RmaOpKind::kGet) {
    const rma::Origin origin{0,
                             bytes_of(origin_count, origin_datatype),
                             {},
                             {origin_addr, origin_count, origin_datatype},
                             journal::kNoReductionOp};
    return rma::blocking(scope, win, Kind, {target_rank, target_disp, target_count, target_datatype}, origin, [&] {
      return pmpi(origin_addr, origin_count, origin_datatype, target_rank, target_disp, target_count, target_datatype,
                  win);
    });
  }
};

// MPI_Rput, MPI_Rget and their _c forms.
template <rma::RmaOpKind Kind>
struct RputRgetShape {
  template <class Pmpi, class Buffer, class Count>
  static int call(CallScope& scope, Pmpi pmpi, Buffer origin_addr, Count origin_count, MPI_Datatype origin_datatype,
                  int target_rank, MPI_Aint target_disp, Count target_count, MPI_Datatype target_datatype, MPI_Win win,
                  MPI_Request* request) {
    const std::uint64_t bytes = bytes_of(origin_count, origin_datatype);
    const bool put = Kind == rma::RmaOpKind::kPut;
    const rma::Buffer buffer{origin_addr, origin_count, origin_datatype};
    const rma::Origin origin{put ? bytes : 0, put ? 0 : bytes, put ? buffer : rma::Buffer{},
                             put ? rma::Buffer{} : buffer, journal::kNoReductionOp};
    return rma::request_based(scope, win, Kind, {target_rank, target_disp, target_count, target_datatype}, origin,
                              request, [&] {
                                return pmpi(origin_addr, origin_count, origin_datatype, target_rank, target_disp,
                                            target_count, target_datatype, win, request);
                              });
  }
};

// MPI_Accumulate and its _c form.
struct AccumulateShape {
  template <class Pmpi, class Count>
  static int call(CallScope& scope, Pmpi pmpi, const void* origin_addr, Count origin_count,
                  MPI_Datatype origin_datatype, int target_rank, MPI_Aint target_disp, Count target_count,
                  MPI_Datatype target_datatype, MPI_Op op, MPI_Win win) {
    const rma::Origin origin{bytes_of(origin_count, origin_datatype),
                             0,
                             {origin_addr, origin_count, origin_datatype},
                             {},
                             static_cast<std::uint32_t>(op)};
    return rma::blocking(scope, win, rma::RmaOpKind::kAccumulate,
                         {target_rank, target_disp, target_count, target_datatype}, origin, [&] {
                           return pmpi(origin_addr, origin_count, origin_datatype, target_rank, target_disp,
                                       target_count, target_datatype, op, win);
                         });
  }
};

// MPI_Raccumulate and its _c form.
struct RaccumulateShape {
  template <class Pmpi, class Count>
  static int call(CallScope& scope, Pmpi pmpi, const void* origin_addr, Count origin_count,
                  MPI_Datatype origin_datatype, int target_rank, MPI_Aint target_disp, Count target_count,
                  MPI_Datatype target_datatype, MPI_Op op, MPI_Win win, MPI_Request* request) {
    const rma::Origin origin{bytes_of(origin_count, origin_datatype),
                             0,
                             {origin_addr, origin_count, origin_datatype},
                             {},
                             static_cast<std::uint32_t>(op)};
    return rma::request_based(scope, win, rma::RmaOpKind::kAccumulate,
                              {target_rank, target_disp, target_count, target_datatype}, origin, request, [&] {
                                return pmpi(origin_addr, origin_count, origin_datatype, target_rank, target_disp,
                                            target_count, target_datatype, op, win, request);
                              });
  }
};

// The origin side of a get-accumulate (blocking or request-based): the origin buffer is read unless the op is
// MPI_NO_OP, the result buffer is written.
template <class Count>
rma::Origin get_accumulate_origin(const void* origin_addr, Count origin_count, MPI_Datatype origin_datatype,
                                  void* result_addr, Count result_count, MPI_Datatype result_datatype, MPI_Op op) {
  const bool reads = op != MPI_NO_OP;
  return rma::Origin{reads ? bytes_of(origin_count, origin_datatype) : 0,
                     bytes_of(result_count, result_datatype),
                     reads ? rma::Buffer{origin_addr, origin_count, origin_datatype} : rma::Buffer{},
                     {result_addr, result_count, result_datatype},
                     static_cast<std::uint32_t>(op)};
}

// MPI_Get_accumulate and its _c form: sends the origin buffer (nothing for MPI_NO_OP), receives the result.
struct GetAccumulateShape {
  template <class Pmpi, class Count>
  static int call(CallScope& scope, Pmpi pmpi, const void* origin_addr, Count origin_count,
                  MPI_Datatype origin_datatype, void* result_addr, Count result_count, MPI_Datatype result_datatype,
                  int target_rank, MPI_Aint target_disp, Count target_count, MPI_Datatype target_datatype, MPI_Op op,
                  MPI_Win win) {
    const rma::Origin origin = get_accumulate_origin(origin_addr, origin_count, origin_datatype, result_addr,
                                                     result_count, result_datatype, op);
    return rma::blocking(scope, win, rma::RmaOpKind::kGetAccumulate,
                         {target_rank, target_disp, target_count, target_datatype}, origin, [&] {
                           return pmpi(origin_addr, origin_count, origin_datatype, result_addr, result_count,
                                       result_datatype, target_rank, target_disp, target_count, target_datatype, op,
                                       win);
                         });
  }
};

// MPI_Rget_accumulate and its _c form.
struct RgetAccumulateShape {
  template <class Pmpi, class Count>
  static int call(CallScope& scope, Pmpi pmpi, const void* origin_addr, Count origin_count,
                  MPI_Datatype origin_datatype, void* result_addr, Count result_count, MPI_Datatype result_datatype,
                  int target_rank, MPI_Aint target_disp, Count target_count, MPI_Datatype target_datatype, MPI_Op op,
                  MPI_Win win, MPI_Request* request) {
    const rma::Origin origin = get_accumulate_origin(origin_addr, origin_count, origin_datatype, result_addr,
                                                     result_count, result_datatype, op);
    return rma::request_based(scope, win, rma::RmaOpKind::kGetAccumulate,
                              {target_rank, target_disp, target_count, target_datatype}, origin, request, [&] {
                                return pmpi(origin_addr, origin_count, origin_datatype, result_addr, result_count,
                                            result_datatype, target_rank, target_disp, target_count, target_datatype,
                                            op, win, request);
                              });
  }
};

template <>
struct Semantics<Fn::MPI_Fetch_and_op> {
  static int call(CallScope& scope, decltype(&PMPI_Fetch_and_op) pmpi, const void* origin_addr, void* result_addr,
                  MPI_Datatype datatype, int target_rank, MPI_Aint target_disp, MPI_Op op, MPI_Win win) {
    const std::uint64_t element = bytes_of(1, datatype);
    const bool reads = op != MPI_NO_OP;
    const rma::Origin origin{reads ? element : 0,
                             element,
                             reads ? rma::Buffer{origin_addr, 1, datatype} : rma::Buffer{},
                             {result_addr, 1, datatype},
                             static_cast<std::uint32_t>(op)};
    return rma::blocking(scope, win, rma::RmaOpKind::kFetchAndOp, {target_rank, target_disp, 1, datatype}, origin,
                         [&] { return pmpi(origin_addr, result_addr, datatype, target_rank, target_disp, op, win); });
  }
};

// Sends the new value and the compare value, receives the old value.
template <>
struct Semantics<Fn::MPI_Compare_and_swap> {
  static int call(CallScope& scope, decltype(&PMPI_Compare_and_swap) pmpi, const void* origin_addr,
                  const void* compare_addr, void* result_addr, MPI_Datatype datatype, int target_rank,
                  MPI_Aint target_disp, MPI_Win win) {
    const std::uint64_t element = bytes_of(1, datatype);
    const rma::Origin origin{
        2 * element, element, {origin_addr, 1, datatype}, {result_addr, 1, datatype}, journal::kNoReductionOp};
    return rma::blocking(
        scope, win, rma::RmaOpKind::kCompareAndSwap, {target_rank, target_disp, 1, datatype}, origin,
        [&] { return pmpi(origin_addr, compare_addr, result_addr, datatype, target_rank, target_disp, win); });
  }
};

// clang-format off
template <> struct Semantics<Fn::MPI_Win_create> : WinCreateShape<journal::WinFlavor::kCreate> {};
template <> struct Semantics<Fn::MPI_Win_create_c> : WinCreateShape<journal::WinFlavor::kCreate> {};
template <> struct Semantics<Fn::MPI_Win_allocate> : WinAllocateShape<journal::WinFlavor::kAllocate> {};
template <> struct Semantics<Fn::MPI_Win_allocate_c> : WinAllocateShape<journal::WinFlavor::kAllocate> {};
template <> struct Semantics<Fn::MPI_Win_allocate_shared> : WinAllocateShape<journal::WinFlavor::kShared> {};
template <> struct Semantics<Fn::MPI_Win_allocate_shared_c> : WinAllocateShape<journal::WinFlavor::kShared> {};
template <> struct Semantics<Fn::MPI_Win_create_dynamic> : WinCreateDynamicShape {};
template <> struct Semantics<Fn::MPI_Win_free> : WinFreeShape {};
template <> struct Semantics<Fn::MPI_Win_flush> : FlushShape {};
template <> struct Semantics<Fn::MPI_Win_flush_local> : FlushShape {};
template <> struct Semantics<Fn::MPI_Win_flush_all> : FlushAllShape {};
template <> struct Semantics<Fn::MPI_Win_flush_local_all> : FlushAllShape {};
template <> struct Semantics<Fn::MPI_Put> : PutGetShape<rma::RmaOpKind::kPut> {};
template <> struct Semantics<Fn::MPI_Put_c> : PutGetShape<rma::RmaOpKind::kPut> {};
template <> struct Semantics<Fn::MPI_Get> : PutGetShape<rma::RmaOpKind::kGet> {};
template <> struct Semantics<Fn::MPI_Get_c> : PutGetShape<rma::RmaOpKind::kGet> {};
template <> struct Semantics<Fn::MPI_Rput> : RputRgetShape<rma::RmaOpKind::kPut> {};
template <> struct Semantics<Fn::MPI_Rput_c> : RputRgetShape<rma::RmaOpKind::kPut> {};
template <> struct Semantics<Fn::MPI_Rget> : RputRgetShape<rma::RmaOpKind::kGet> {};
template <> struct Semantics<Fn::MPI_Rget_c> : RputRgetShape<rma::RmaOpKind::kGet> {};
template <> struct Semantics<Fn::MPI_Accumulate> : AccumulateShape {};
template <> struct Semantics<Fn::MPI_Accumulate_c> : AccumulateShape {};
template <> struct Semantics<Fn::MPI_Raccumulate> : RaccumulateShape {};
template <> struct Semantics<Fn::MPI_Raccumulate_c> : RaccumulateShape {};
template <> struct Semantics<Fn::MPI_Get_accumulate> : GetAccumulateShape {};
template <> struct Semantics<Fn::MPI_Get_accumulate_c> : GetAccumulateShape {};
template <> struct Semantics<Fn::MPI_Rget_accumulate> : RgetAccumulateShape {};
template <> struct Semantics<Fn::MPI_Rget_accumulate_c> : RgetAccumulateShape {};
// clang-format on

namespace rma {

template <class Call>
int request_based(CallScope& scope, MPI_Win win, RmaOpKind kind, const Target& target, const Origin& origin,
                  MPI_Request* request, Call&& call) {
  const int result = call();
  if (result != MPI_SUCCESS || target.rank == MPI_PROC_NULL) {
    return result;
  }
  if (const WindowInfo* window = find_window(win)) {
    const std::uint64_t id = requests().track(*request, RequestKind::kRmaOp, window->comm, window->key);
    scope.attach_at_enter(schema::Attribute::kRequestHandle, request_handle_value(*request));
    scope.attach_at_enter(schema::Attribute::kRequestSlot, reinterpret_cast<std::uintptr_t>(request));
    record_op(scope, *window, kind, target, origin, id, journal::kRmaOpRequestBased);
  }
  return result;
}

}  // namespace rma

}  // namespace mpisight::interpose
