// The OTF2 attributes mpisight attaches to events beyond OTF2's standard records: one table of names, value
// types and meanings, shared by the converter (which writes them) and the analyzer (which reads them).
// Attribute names are stable; traces from other tools simply lack them and the analyzer runs the checks it can.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace mpisight::schema {

// Value types, mapped one to one onto OTF2_Type by the writer and the reader.
enum class AttributeType : std::uint8_t {
  kInt32,
  kUint32,
  kUint64,
  kCallingContext,  // a reference to an OTF2 CallingContext definition
  kString,          // a reference to an OTF2 String definition
};

enum class Attribute : std::uint8_t {
  // On Enter. The user code that made the call: a CallingContext whose region is the calling function (role
  // FUNCTION, paradigm USER) and whose SourceCodeLocation is file:line. Absent when it could not be resolved.
  kCallSite,
  // On Leave, only when the call returned something other than MPI_SUCCESS: the MPI return code.
  kReturnCode,

  // On MpiSend, MpiIsend, MpiRecv, MpiIrecv and MpiCollectiveEnd (for the send side of a collective), see
  // TypeSignature below: the datatype's signature and the number of elements it counts.
  kTypeSignature,
  kElementCount,
  // On MpiCollectiveEnd: the receive side of a collective, when it has one.
  kRecvTypeSignature,
  kRecvElementCount,
  // On MpiCollectiveEnd of reductions and on RmaAtomic of accumulates: the MPI_Op handle (predefined ops are
  // stable values in MPICH).
  kReductionOp,
  // On MpiRecv and MpiIrecvRequest: the source and tag the receive asked for (may be MPI_ANY_SOURCE = -2 and
  // MPI_ANY_TAG = -1), next to the matched ones that the standard record carries. Also on the Enter of MPI_Recv,
  // with kRequestedComm (see there).
  kRequestedSource,
  kRequestedTag,
  // On every request event (MpiIsend, MpiIrecvRequest, MpiIsendComplete, MpiIrecv, MpiRequestTest,
  // MpiRequestCancelled, NonBlockingCollectiveRequest/Complete, RmaOpCompleteNonBlocking...): the raw MPI_Request
  // handle value the program saw, so that an overwritten or reused handle can be told apart from the request ID.
  // Also on the Leave of calls about one request that record no event of their own: MPI_Request_free (the freed
  // request), persistent and partitioned inits (the new request, with kRequestSlot), a Wait/Test handed an
  // inactive persistent request (that request), an MPI_Start MPI refused because the request was active.
  kRequestHandle,
  // On completions that produced a status with an error (MPI_ERR_IN_STATUS): the status's MPI_ERROR.
  kStatusError,

  // RMA operations (RmaPut, RmaGet, RmaAtomic): where they touch the target window. Displacement in units of
  // the target's disp_unit, count and type signature of the target datatype, and the byte range [begin, end)
  // relative to the target window's base that the operation may touch (from the target datatype's true extent).
  // The tracer gathers every member's disp_unit when the window is created, so the origin computes the range:
  // begin = disp * disp_unit(target) + true_lb, end = begin + (count - 1) * extent + true_extent. For dynamic
  // windows disp_unit is 1 and the range is in absolute addresses of the target.
  kRmaTargetDisp,
  kRmaTargetCount,
  kRmaTargetTypeSignature,
  kRmaTargetByteBegin,
  kRmaTargetByteEnd,
  // On RmaCollectiveEnd of fences and on RmaGroupSync / RmaRequestLock / RmaTryLock: the assert flags given.
  kRmaAssert,
  // On IoOperationBegin of MPI-IO reads and writes at an explicit offset or the individual file pointer: where
  // the operation starts, in etypes from the start of the file view (as MPI counts offsets). Absent for the
  // shared file pointer, whose position is not known without extra I/O.
  kIoOffset,

  // The user memory a call hands to MPI, as absolute byte ranges [begin, end) from the address argument plus the
  // datatype's true lower bound and true extent (count x datatype). "Send" is memory MPI reads (send buffers, the
  // origin of a put or accumulate, a collective's send buffer); "recv" is memory MPI writes (receive buffers, the
  // origin of a get, result buffers). On MpiSend/MpiIsend/MpiRecv/MpiIrecvRequest, MpiCollectiveEnd and
  // NonBlockingCollectiveRequest, RmaPut/RmaGet/RmaAtomic. Absent when there is no such buffer (MPI_IN_PLACE,
  // zero bytes). Lets the analyzer see a pending operation's buffer reused by another call.
  kSendBufferBegin,
  kSendBufferEnd,
  kRecvBufferBegin,
  kRecvBufferEnd,
  // On events that create a request (MpiIsend, MpiIrecvRequest, NonBlockingCollectiveRequest, persistent and
  // partitioned inits, R* RMA operations, nonblocking MPI-IO): the address of the program's MPI_Request variable,
  // so a request handle overwritten before its request completed is seen. Inits, which record no event, carry it on
  // their Leave next to kRequestHandle.
  kRequestSlot,
  // On MpiRecv and MpiIrecv of a receive MPI cut short (MPI_ERR_TRUNCATE, then also kStatusError): the bytes its
  // buffer could hold (count x size of its datatype). MPICH's status leaves the count undefined then, so the record's
  // length is this capacity too, while the matching send's length says how long the message was.
  kRecvCapacity,
  // On the Enter of MPI_Recv and MPI_Recv_c, with kRequestedSource and kRequestedTag: the communicator (OTF2
  // definition id) the receive waits on. Lets the analyzer draw the wait-for graph of a run that hung in receives,
  // whose MpiRecv is never written.
  kRequestedComm,

  // Per-peer counts of the v and w collectives (vcounts branch), on MpiCollectiveEnd, NonBlockingCollectiveRequest
  // (the start of MPI_I<coll>v/w) and the Leave of MPI_<coll>v/w_init: a String definition (see PeerCounts below)
  // listing, for each rank of the group the call exchanges blocks with, the elements this rank sends to it
  // (kSendCounts) or expects from it (kRecvCounts), counted as kElementCount counts them, against the side's
  // kTypeSignature / kRecvTypeSignature. Gatherv: the root's recvcounts; Scatterv: the root's sendcounts;
  // Allgatherv: recvcounts; Alltoallv: both; Reduce_scatter: recvcounts (kRecvCounts; they must be equal everywhere);
  // Alltoallw: both, each entry with its own signature. Absent for a side the rank does not use, for MPI_IN_PLACE
  // send sides, and beyond journal::kMaxPeerCounts peers (the analyzer then judges totals only).
  kSendCounts,
  kRecvCounts,
  // On the Leave of a persistent collective init (MPI_<coll>_init, MPI 4.0 section 6.12: itself a collective call,
  // ordered with the communicator's other collectives): the operation (schema::CollectiveOp), the communicator
  // (OTF2 definition id) and the root as MpiCollectiveEnd gives it (rank in the communicator, or 0xFFFFFFFF for
  // none, 0xFFFFFFFE / 0xFFFFFFFD for an intercommunicator's MPI_ROOT / MPI_PROC_NULL), next to the kTypeSignature,
  // kElementCount, kRecvTypeSignature, kRecvElementCount, kReductionOp and kSend/RecvCounts a collective carries.
  kCollectiveInitOp,
  kCollectiveInitComm,
  kCollectiveInitRoot,

  kCount,
};

struct AttributeSpec {
  Attribute attribute;
  std::string_view name;  // the OTF2 attribute definition's name
  AttributeType type;
};

inline constexpr std::array<AttributeSpec, static_cast<std::size_t>(Attribute::kCount)> kAttributes = {{
    {Attribute::kCallSite, "mpisight:call_site", AttributeType::kCallingContext},
    {Attribute::kReturnCode, "mpisight:return_code", AttributeType::kInt32},
    {Attribute::kTypeSignature, "mpisight:type_signature", AttributeType::kUint64},
    {Attribute::kElementCount, "mpisight:element_count", AttributeType::kUint64},
    {Attribute::kRecvTypeSignature, "mpisight:recv_type_signature", AttributeType::kUint64},
    {Attribute::kRecvElementCount, "mpisight:recv_element_count", AttributeType::kUint64},
    {Attribute::kReductionOp, "mpisight:reduction_op", AttributeType::kUint32},
    {Attribute::kRequestedSource, "mpisight:requested_source", AttributeType::kInt32},
    {Attribute::kRequestedTag, "mpisight:requested_tag", AttributeType::kInt32},
    {Attribute::kRequestHandle, "mpisight:request_handle", AttributeType::kUint64},
    {Attribute::kStatusError, "mpisight:status_error", AttributeType::kInt32},
    {Attribute::kRmaTargetDisp, "mpisight:rma_target_disp", AttributeType::kUint64},
    {Attribute::kRmaTargetCount, "mpisight:rma_target_count", AttributeType::kUint64},
    {Attribute::kRmaTargetTypeSignature, "mpisight:rma_target_type_signature", AttributeType::kUint64},
    {Attribute::kRmaTargetByteBegin, "mpisight:rma_target_byte_begin", AttributeType::kUint64},
    {Attribute::kRmaTargetByteEnd, "mpisight:rma_target_byte_end", AttributeType::kUint64},
    {Attribute::kRmaAssert, "mpisight:rma_assert", AttributeType::kUint32},
    {Attribute::kIoOffset, "mpisight:io_offset", AttributeType::kUint64},
    {Attribute::kSendBufferBegin, "mpisight:send_buffer_begin", AttributeType::kUint64},
    {Attribute::kSendBufferEnd, "mpisight:send_buffer_end", AttributeType::kUint64},
    {Attribute::kRecvBufferBegin, "mpisight:recv_buffer_begin", AttributeType::kUint64},
    {Attribute::kRecvBufferEnd, "mpisight:recv_buffer_end", AttributeType::kUint64},
    {Attribute::kRequestSlot, "mpisight:request_slot", AttributeType::kUint64},
    {Attribute::kRecvCapacity, "mpisight:recv_capacity", AttributeType::kUint64},
    {Attribute::kRequestedComm, "mpisight:requested_comm", AttributeType::kUint32},
    {Attribute::kSendCounts, "mpisight:send_counts", AttributeType::kString},
    {Attribute::kRecvCounts, "mpisight:recv_counts", AttributeType::kString},
    {Attribute::kCollectiveInitOp, "mpisight:collective_init_op", AttributeType::kUint32},
    {Attribute::kCollectiveInitComm, "mpisight:collective_init_comm", AttributeType::kUint32},
    {Attribute::kCollectiveInitRoot, "mpisight:collective_init_root", AttributeType::kUint32},
}};

static_assert(
    [] {
      for (std::size_t i = 0; i < kAttributes.size(); ++i) {
        if (static_cast<std::size_t>(kAttributes[i].attribute) != i) {
          return false;
        }
      }
      return true;
    }(),
    "kAttributes lists the attributes in enum order");

[[nodiscard]] constexpr const AttributeSpec& spec(Attribute attribute) {
  return kAttributes[static_cast<std::size_t>(attribute)];
}

[[nodiscard]] constexpr std::optional<Attribute> attribute_named(std::string_view name) {
  for (const AttributeSpec& entry : kAttributes) {
    if (entry.name == name) {
      return entry.attribute;
    }
  }
  return std::nullopt;
}

// Type signatures. What must match between a send and its receive is the sequence of basic types (MPI 4.0,
// 3.3.1), not the datatypes, so a signature describes one element's basic-type sequence:
// - a homogeneous type (all basic elements of one basic type: MPI_INT, a vector of doubles...) has the
//   signature of that basic type, and its element count is the number of basic elements: 4 x MPI_INT and
//   1 x MPI_Type_contiguous(4, MPI_INT) both read (signature of MPI_INT, 4);
// - any other type has a hash of the shortest basic-type sequence that its type map repeats (kMixedSignatureBit
//   set), and its element count is the number of repetitions of that sequence: 2 x struct{int, double} and
//   1 x MPI_Type_contiguous(2, struct{int, double}) both read (hash of int, double; 2).
// The signature of a basic type is its predefined MPI_Datatype handle value (stable in MPICH). A signature of
// 0 means unknown (the tracer could not compute it).
inline constexpr std::uint64_t kUnknownSignature = 0;
inline constexpr std::uint64_t kMixedSignatureBit = std::uint64_t{1} << 63U;

[[nodiscard]] constexpr bool is_homogeneous_signature(std::uint64_t signature) {
  return signature != kUnknownSignature && (signature & kMixedSignatureBit) == 0;
}

// PeerCounts strings (kSendCounts, kRecvCounts): one entry per peer, in rank order, separated by single spaces.
// An entry is the element count in decimal; for Alltoallw, whose peers each have their own datatype, it is
// "<elements>:<signature in hex>" (e.g. "4:4c000405 0:0"). Equal vectors are one String definition, so a call
// repeated with the same counts costs one definition for the whole trace.

}  // namespace mpisight::schema
