// The typed event records a trace delivers. Every record starts with `location` and `time_ns` (nanoseconds since
// the trace's global offset); peers and roots are given both as recorded (rank in comm) and as world ranks.
// Adding a record type: a struct here, an alternative in `Event`, one callback in detail/event_callbacks.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <variant>

#include "schema/collective_op.hpp"
#include "trace/definitions.hpp"

namespace mpisight::trace {

using CollectiveOp = schema::CollectiveOp;

// MpiCollectiveEnd::root values that are not ranks (OTF2_COLLECTIVE_ROOT_*).
inline constexpr std::uint32_t kRootNone = 0xFFFF'FFFFu;
inline constexpr std::uint32_t kRootSelf = 0xFFFF'FFFEu;
inline constexpr std::uint32_t kRootThisGroup = 0xFFFF'FFFDu;

// The extra attributes (runtime/schema/attributes.hpp) are optional members: absent in traces that lack them.

// A datatype signature and the number of elements it counts (see schema::kMixedSignatureBit).
struct TypeSignature {
  std::uint64_t signature = 0;
  std::uint64_t elements = 0;
  friend bool operator==(const TypeSignature&, const TypeSignature&) = default;
};

struct Enter {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  RegionId region = 0;
  std::optional<CallingContextId> call_site{};  // TraceDefinitions::call_site() gives function, file and line
  // Blocking receives (MPI_Recv): what they wait for, rank in `requested_comm` (may be MPI_ANY_SOURCE/TAG).
  std::optional<std::int32_t> requested_source{};
  std::optional<std::int32_t> requested_tag{};
  std::optional<CommId> requested_comm{};
};

struct Leave {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  RegionId region = 0;
  std::optional<std::int32_t> return_code{};  // only when the call did not return MPI_SUCCESS
};

struct MpiSend {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  CommId comm = 0;
  std::uint32_t peer = 0;  // receiver, rank in `comm`
  std::optional<WorldRank> peer_world_rank{};
  std::uint32_t tag = 0;
  std::uint64_t bytes = 0;
  std::optional<TypeSignature> type{};
};

struct MpiIsend {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  CommId comm = 0;
  std::uint32_t peer = 0;  // receiver, rank in `comm`
  std::optional<WorldRank> peer_world_rank{};
  std::uint32_t tag = 0;
  std::uint64_t bytes = 0;
  RequestId request = 0;
  std::optional<TypeSignature> type{};
  std::optional<std::uint64_t> request_handle{};  // the MPI_Request value the program saw
};

struct MpiIsendComplete {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  RequestId request = 0;
  std::optional<std::uint64_t> request_handle{};
  std::optional<std::int32_t> status_error{};
};

struct MpiIrecvRequest {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  RequestId request = 0;
  std::optional<std::uint64_t> request_handle{};
  std::optional<std::int32_t> requested_source{};  // may be MPI_ANY_SOURCE
  std::optional<std::int32_t> requested_tag{};     // may be MPI_ANY_TAG
};

struct MpiRecv {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  CommId comm = 0;
  std::uint32_t peer = 0;  // sender, rank in `comm`
  std::optional<WorldRank> peer_world_rank{};
  std::uint32_t tag = 0;
  std::uint64_t bytes = 0;
  std::optional<TypeSignature> type{};             // elements: those received
  std::optional<std::int32_t> requested_source{};  // may be MPI_ANY_SOURCE
  std::optional<std::int32_t> requested_tag{};     // may be MPI_ANY_TAG
  std::optional<std::int32_t> status_error{};      // a receive MPI cut short: MPI_ERR_TRUNCATE
  std::optional<std::uint64_t> recv_capacity{};    // with status_error: the bytes the buffer could hold
};

struct MpiIrecv {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  CommId comm = 0;
  std::uint32_t peer = 0;  // sender, rank in `comm`
  std::optional<WorldRank> peer_world_rank{};
  std::uint32_t tag = 0;
  std::uint64_t bytes = 0;
  RequestId request = 0;
  std::optional<TypeSignature> type{};  // elements: those received
  std::optional<std::uint64_t> request_handle{};
  std::optional<std::int32_t> status_error{};
  std::optional<std::uint64_t> recv_capacity{};  // of a receive MPI cut short (MPI_ERR_TRUNCATE)
};

struct MpiRequestTest {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  RequestId request = 0;
  std::optional<std::uint64_t> request_handle{};
};

struct MpiRequestCancelled {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  RequestId request = 0;
  std::optional<std::uint64_t> request_handle{};
};

struct MpiCollectiveBegin {
  LocationId location = 0;
  std::int64_t time_ns = 0;
};

struct MpiCollectiveEnd {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  CollectiveOp op = CollectiveOp::kBarrier;
  CommId comm = 0;
  std::uint32_t root = kRootNone;              // rank in `comm`, or one of the kRoot* values
  std::optional<WorldRank> root_world_rank{};  // empty when `root` is not a rank
  std::uint64_t bytes_sent = 0;
  std::uint64_t bytes_received = 0;
  std::optional<TypeSignature> send_type{};
  std::optional<TypeSignature> recv_type{};
  std::optional<std::uint32_t> reduction_op{};  // the MPI_Op handle of reductions
};

// A nonblocking collective started; its NonBlockingCollectiveComplete carries the same request id.
struct NonBlockingCollectiveRequest {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  RequestId request = 0;
  std::optional<std::uint64_t> request_handle{};
};

// What MpiCollectiveEnd says of a blocking collective, said when the nonblocking one completed.
struct NonBlockingCollectiveComplete {
  LocationId location = 0;
  std::int64_t time_ns = 0;
  CollectiveOp op = CollectiveOp::kBarrier;
  CommId comm = 0;
  std::uint32_t root = kRootNone;            // rank in `comm`, or one of the kRoot* values
  std::optional<WorldRank> root_world_rank;  // empty when `root` is not a rank
  std::uint64_t bytes_sent = 0;
  std::uint64_t bytes_received = 0;
  RequestId request = 0;
  std::optional<TypeSignature> send_type{};
  std::optional<TypeSignature> recv_type{};
  std::optional<std::uint32_t> reduction_op{};
  std::optional<std::uint64_t> request_handle{};
};

using Event = std::variant<Enter, Leave, MpiSend, MpiIsend, MpiIsendComplete, MpiIrecvRequest, MpiRecv, MpiIrecv,
                           MpiRequestTest, MpiRequestCancelled, MpiCollectiveBegin, MpiCollectiveEnd,
                           NonBlockingCollectiveRequest, NonBlockingCollectiveComplete>;

// std::visit(Overloaded{[](const MpiSend& e) {...}, [](const auto&) {}}, event)
template <class... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

[[nodiscard]] inline LocationId event_location(const Event& event) {
  return std::visit([](const auto& e) { return e.location; }, event);
}

[[nodiscard]] inline std::int64_t event_time_ns(const Event& event) {
  return std::visit([](const auto& e) { return e.time_ns; }, event);
}

}  // namespace mpisight::trace
