// Journal record -> OTF2 event, following Score-P's conventions for MPI records.
#include "otf2/event_conversion.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "otf2/rma_io_conversion.hpp"

namespace mpisight::otf2 {
namespace {

static_assert(static_cast<int>(journal::CollectiveOp::kReduceScatterBlock) == OTF2_COLLECTIVE_OP_REDUCE_SCATTER_BLOCK);
static_assert(static_cast<int>(journal::CollectiveOp::kAllreduce) == OTF2_COLLECTIVE_OP_ALLREDUCE);
static_assert(static_cast<std::uint32_t>(journal::kRootSelf) == OTF2_COLLECTIVE_ROOT_SELF);
static_assert(static_cast<std::uint32_t>(journal::kRootThisGroup) == OTF2_COLLECTIVE_ROOT_THIS_GROUP);

constexpr std::uint32_t as_root(std::int32_t root) {
  return root == journal::kNoRoot ? OTF2_UNDEFINED_UINT32 : static_cast<std::uint32_t>(root);
}

void check(OTF2_ErrorCode status, const char* what) {
  if (status != OTF2_SUCCESS) {
    throw std::runtime_error(std::string("OTF2 could not write ") + what + ": " + OTF2_Error_GetDescription(status));
  }
}

}  // namespace

LocationSummary write_location_events(OTF2_EvtWriter* writer, const journal::JournalReader& journal,
                                      const TickMapping& mapping, std::span<const std::uint32_t> comm_ids,
                                      const SharedDefinitions& shared, std::int32_t rank) {
  using journal::Kind;
  LocationSummary summary;
  summary.thread_index = journal.header().thread_index;
  std::uint64_t last = 0;
  bool any = false;
  auto time_of = [&](const journal::RecordView& record) {
    last = std::max(last, mapping.to_ns(record.ticks()));
    if (!any) {
      summary.first_ns = last;
      any = true;
    }
    return last;
  };
  auto global_comm = [&](const journal::RecordView& record) {
    return record.arg() < comm_ids.size() ? comm_ids[record.arg()] : journal::kCommUnknown;
  };
  auto counted = [&](OTF2_ErrorCode status, const char* what) {
    check(status, what);
    ++summary.events;
  };
  RmaIoConverter rma_io(writer, shared, rank);
  journal.for_each([&](const journal::RecordView& record) {
    if (RmaIoConverter::handles(record.kind())) {
      summary.events += rma_io.convert(record, time_of(record));
      return;
    }
    switch (record.kind()) {
      case Kind::kEnter: counted(OTF2_EvtWriter_Enter(writer, nullptr, time_of(record), record.arg()), "Enter"); break;
      case Kind::kLeave: counted(OTF2_EvtWriter_Leave(writer, nullptr, time_of(record), record.arg()), "Leave"); break;
      case Kind::kMpiSend:
        if (const auto comm = global_comm(record); comm != journal::kCommUnknown) {
          const auto send = record.as<journal::MpiSend>();
          counted(OTF2_EvtWriter_MpiSend(writer, nullptr, time_of(record), static_cast<std::uint32_t>(send.peer), comm,
                                         static_cast<std::uint32_t>(send.tag), send.bytes),
                  "MpiSend");
        }
        break;
      case Kind::kMpiRecv:
        if (const auto comm = global_comm(record); comm != journal::kCommUnknown) {
          const auto recv = record.as<journal::MpiRecv>();
          counted(OTF2_EvtWriter_MpiRecv(writer, nullptr, time_of(record), static_cast<std::uint32_t>(recv.peer), comm,
                                         static_cast<std::uint32_t>(recv.tag), recv.bytes),
                  "MpiRecv");
        }
        break;
      case Kind::kMpiIsend:
        if (const auto comm = global_comm(record); comm != journal::kCommUnknown) {
          const auto isend = record.as<journal::MpiIsend>();
          counted(OTF2_EvtWriter_MpiIsend(writer, nullptr, time_of(record), static_cast<std::uint32_t>(isend.peer),
                                          comm, static_cast<std::uint32_t>(isend.tag), isend.bytes, isend.request_id),
                  "MpiIsend");
        }
        break;
      case Kind::kMpiIsendComplete:
        counted(OTF2_EvtWriter_MpiIsendComplete(writer, nullptr, time_of(record),
                                                record.as<journal::MpiIsendComplete>().request_id),
                "MpiIsendComplete");
        break;
      case Kind::kMpiIrecvRequest:
        counted(OTF2_EvtWriter_MpiIrecvRequest(writer, nullptr, time_of(record),
                                               record.as<journal::MpiIrecvRequest>().request_id),
                "MpiIrecvRequest");
        break;
      case Kind::kMpiIrecv:
        if (const auto comm = global_comm(record); comm != journal::kCommUnknown) {
          const auto irecv = record.as<journal::MpiIrecv>();
          counted(OTF2_EvtWriter_MpiIrecv(writer, nullptr, time_of(record), static_cast<std::uint32_t>(irecv.peer),
                                          comm, static_cast<std::uint32_t>(irecv.tag), irecv.bytes, irecv.request_id),
                  "MpiIrecv");
        }
        break;
      case Kind::kMpiRequestTest:
        counted(OTF2_EvtWriter_MpiRequestTest(writer, nullptr, time_of(record),
                                              record.as<journal::MpiRequestTest>().request_id),
                "MpiRequestTest");
        break;
      case Kind::kMpiRequestCancelled:
        counted(OTF2_EvtWriter_MpiRequestCancelled(writer, nullptr, time_of(record),
                                                   record.as<journal::MpiRequestCancelled>().request_id),
                "MpiRequestCancelled");
        break;
      case Kind::kMpiCollectiveBegin:
        counted(OTF2_EvtWriter_MpiCollectiveBegin(writer, nullptr, time_of(record)), "MpiCollectiveBegin");
        break;
      case Kind::kMpiCollectiveEnd:
        if (const auto comm = global_comm(record); comm != journal::kCommUnknown) {
          const auto end = record.as<journal::MpiCollectiveEnd>();
          counted(
              OTF2_EvtWriter_MpiCollectiveEnd(writer, nullptr, time_of(record), static_cast<OTF2_CollectiveOp>(end.op),
                                              comm, as_root(end.root), end.bytes_sent, end.bytes_received),
              "MpiCollectiveEnd");
        }
        break;
      case Kind::kNonBlockingCollectiveRequest:
        counted(OTF2_EvtWriter_NonBlockingCollectiveRequest(
                    writer, nullptr, time_of(record), record.as<journal::NonBlockingCollectiveRequest>().request_id),
                "NonBlockingCollectiveRequest");
        break;
      case Kind::kNonBlockingCollectiveComplete:
        if (const auto comm = global_comm(record); comm != journal::kCommUnknown) {
          const auto done = record.as<journal::NonBlockingCollectiveComplete>();
          counted(OTF2_EvtWriter_NonBlockingCollectiveComplete(
                      writer, nullptr, time_of(record), static_cast<OTF2_CollectiveOp>(done.op), comm,
                      as_root(done.root), done.bytes_sent, done.bytes_received, done.request_id),
                  "NonBlockingCollectiveComplete");
        }
        break;
      case Kind::kClockAnchor:
      case Kind::kClockOffset:
      case Kind::kTracingStopped:
      case Kind::kChunkStart:
      case Kind::kLeaveShort:  // the reader expands it into a Leave
      case Kind::kRmaWinCreate:
      case Kind::kRmaWinDestroy:
      case Kind::kRmaCollectiveBegin:
      case Kind::kRmaCollectiveEnd:
      case Kind::kRmaGroupSync:
      case Kind::kRmaLock:
      case Kind::kRmaSync:
      case Kind::kRmaComplete:
      case Kind::kRmaOp:
      case Kind::kRmaOpCompleteNonBlocking:
      case Kind::kRmaOpTest:
      case Kind::kIoCreateHandle:
      case Kind::kIoDestroyHandle:
      case Kind::kIoDeleteFile:
      case Kind::kIoOperationBegin:
      case Kind::kIoOperationIssued:
      case Kind::kIoOperationComplete:
      case Kind::kIoOperationTest:
      case Kind::kIoSeek:  // converted above
      case Kind::kNone:
      case Kind::kCount: break;  // clock records shaped the mapping; they are not events
    }
  });
  summary.last_ns = last;
  return summary;
}

}  // namespace mpisight::otf2
