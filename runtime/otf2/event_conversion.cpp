// Journal record -> OTF2 event, following Score-P's conventions for MPI records.
#include "otf2/event_conversion.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "otf2/attribute_list.hpp"
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
                                      const CallingContexts& contexts, const SharedDefinitions& shared,
                                      std::int32_t rank, std::span<const std::vector<std::uint64_t>> rma_completions) {
  using journal::Kind;
  using schema::Attribute;
  AttributeList attributes;  // of the next event: journal::Attribute records and the event's own fields
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
  auto handle = [&](std::uint64_t value) { attributes.add(Attribute::kRequestHandle, value); };
  auto signature = [&](std::uint64_t type_signature, std::uint64_t elements) {
    attributes.add_signature(Attribute::kTypeSignature, Attribute::kElementCount, type_signature, elements);
  };
  // Buffers and request slots are written only when there is one (begin == end: none; slot 0: none).
  auto send_buffer = [&](std::uint64_t begin, std::uint64_t end) {
    if (begin != end) {
      attributes.add(Attribute::kSendBufferBegin, begin);
      attributes.add(Attribute::kSendBufferEnd, end);
    }
  };
  auto recv_buffer = [&](std::uint64_t begin, std::uint64_t end) {
    if (begin != end) {
      attributes.add(Attribute::kRecvBufferBegin, begin);
      attributes.add(Attribute::kRecvBufferEnd, end);
    }
  };
  auto slot = [&](std::uint64_t address) {
    if (address != 0) {
      attributes.add(Attribute::kRequestSlot, address);
    }
  };
  auto requested = [&](std::int32_t source, std::int32_t tag) {
    attributes.add(Attribute::kRequestedSource, static_cast<std::uint64_t>(static_cast<std::int64_t>(source)));
    attributes.add(Attribute::kRequestedTag, static_cast<std::uint64_t>(static_cast<std::int64_t>(tag)));
  };
  RmaIoConverter rma_io(writer, shared, rank, attributes, rma_completions);
  journal.for_each([&](const journal::RecordView& record) {
    if (RmaIoConverter::handles(record.kind())) {
      summary.events += rma_io.convert(record, time_of(record));
      return;
    }
    auto with_attributes = [&] { return attributes.for_event(); };
    switch (record.kind()) {
      case Kind::kAttribute:
        if (record.arg() < static_cast<std::uint32_t>(Attribute::kCount)) {
          attributes.add(static_cast<Attribute>(record.arg()), record.as<journal::Attribute>().value);
        }
        return;                      // stays pending for the next event
      case Kind::kSiteName: return;  // read by resolve_call_sites()
      case Kind::kPeerCounts:        // an attribute of the next event: its String definition, if it has one
        if (const std::optional<std::string> text = peer_counts_text(record)) {
          if (const std::optional<std::uint32_t> ref = shared.peer_counts_ref(*text)) {
            const auto side = static_cast<Attribute>(record.arg());
            if (side == Attribute::kSendCounts || side == Attribute::kRecvCounts) {
              attributes.add(side, *ref);
            }
          }
        }
        return;
      case Kind::kCollectiveInit:  // attributes of the init's Leave
        if (const auto comm = global_comm(record); comm != journal::kCommUnknown) {
          const auto init = record.as<journal::CollectiveInit>();
          attributes.add(Attribute::kCollectiveInitOp, static_cast<std::uint32_t>(init.op));
          attributes.add(Attribute::kCollectiveInitComm, comm);
          attributes.add(Attribute::kCollectiveInitRoot, as_root(init.root));
          signature(init.send_signature, init.send_elements);
          attributes.add_signature(Attribute::kRecvTypeSignature, Attribute::kRecvElementCount, init.recv_signature,
                                   init.recv_elements);
          if (init.reduction_op != journal::kNoReductionOp) {
            attributes.add(Attribute::kReductionOp, init.reduction_op);
          }
        }
        return;
      case Kind::kReceiveWaits:  // attributes of the Enter that follows
        if (const auto comm = global_comm(record); comm != journal::kCommUnknown) {
          const auto waits = record.as<journal::ReceiveWaits>();
          requested(waits.source, waits.tag);
          attributes.add(Attribute::kRequestedComm, comm);
        }
        return;
      case Kind::kEnter:
        if (const auto site = contexts.find(record.as<journal::Enter>().caller); site != contexts.end()) {
          attributes.add(Attribute::kCallSite, site->second);
        }
        counted(OTF2_EvtWriter_Enter(writer, with_attributes(), time_of(record), record.arg()), "Enter");
        break;
      case Kind::kLeave:
        counted(OTF2_EvtWriter_Leave(writer, with_attributes(), time_of(record), record.arg()), "Leave");
        break;
      case Kind::kMpiSend:
        if (const auto comm = global_comm(record); comm != journal::kCommUnknown) {
          const auto send = record.as<journal::MpiSend>();
          signature(send.type_signature, send.elements);
          send_buffer(send.buffer_begin, send.buffer_end);
          counted(
              OTF2_EvtWriter_MpiSend(writer, with_attributes(), time_of(record), static_cast<std::uint32_t>(send.peer),
                                     comm, static_cast<std::uint32_t>(send.tag), send.bytes),
              "MpiSend");
        }
        break;
      case Kind::kMpiRecv:
        if (const auto comm = global_comm(record); comm != journal::kCommUnknown) {
          const auto recv = record.as<journal::MpiRecv>();
          signature(recv.type_signature, recv.elements);
          requested(recv.requested_source, recv.requested_tag);
          recv_buffer(recv.buffer_begin, recv.buffer_end);
          counted(
              OTF2_EvtWriter_MpiRecv(writer, with_attributes(), time_of(record), static_cast<std::uint32_t>(recv.peer),
                                     comm, static_cast<std::uint32_t>(recv.tag), recv.bytes),
              "MpiRecv");
        }
        break;
      case Kind::kMpiIsend:
        if (const auto comm = global_comm(record); comm != journal::kCommUnknown) {
          const auto isend = record.as<journal::MpiIsend>();
          signature(isend.type_signature, isend.elements);
          handle(isend.handle);
          send_buffer(isend.buffer_begin, isend.buffer_end);
          slot(isend.slot);
          counted(OTF2_EvtWriter_MpiIsend(writer, with_attributes(), time_of(record),
                                          static_cast<std::uint32_t>(isend.peer), comm,
                                          static_cast<std::uint32_t>(isend.tag), isend.bytes, isend.request_id),
                  "MpiIsend");
        }
        break;
      case Kind::kMpiIsendComplete: {
        const auto complete = record.as<journal::MpiIsendComplete>();
        handle(complete.handle);
        counted(OTF2_EvtWriter_MpiIsendComplete(writer, with_attributes(), time_of(record), complete.request_id),
                "MpiIsendComplete");
        break;
      }
      case Kind::kMpiIrecvRequest: {
        const auto request = record.as<journal::MpiIrecvRequest>();
        handle(request.handle);
        requested(request.requested_source, request.requested_tag);
        recv_buffer(request.buffer_begin, request.buffer_end);
        slot(request.slot);
        counted(OTF2_EvtWriter_MpiIrecvRequest(writer, with_attributes(), time_of(record), request.request_id),
                "MpiIrecvRequest");
        break;
      }
      case Kind::kMpiIrecv:
        if (const auto comm = global_comm(record); comm != journal::kCommUnknown) {
          const auto irecv = record.as<journal::MpiIrecv>();
          signature(irecv.type_signature, irecv.elements);
          handle(irecv.handle);
          counted(OTF2_EvtWriter_MpiIrecv(writer, with_attributes(), time_of(record),
                                          static_cast<std::uint32_t>(irecv.peer), comm,
                                          static_cast<std::uint32_t>(irecv.tag), irecv.bytes, irecv.request_id),
                  "MpiIrecv");
        }
        break;
      case Kind::kMpiRequestTest: {
        const auto test = record.as<journal::MpiRequestTest>();
        handle(test.handle);
        counted(OTF2_EvtWriter_MpiRequestTest(writer, with_attributes(), time_of(record), test.request_id),
                "MpiRequestTest");
        break;
      }
      case Kind::kMpiRequestCancelled: {
        const auto cancelled = record.as<journal::MpiRequestCancelled>();
        handle(cancelled.handle);
        counted(OTF2_EvtWriter_MpiRequestCancelled(writer, with_attributes(), time_of(record), cancelled.request_id),
                "MpiRequestCancelled");
        break;
      }
      case Kind::kMpiCollectiveBegin:
        counted(OTF2_EvtWriter_MpiCollectiveBegin(writer, with_attributes(), time_of(record)), "MpiCollectiveBegin");
        break;
      case Kind::kMpiCollectiveEnd:
        if (const auto comm = global_comm(record); comm != journal::kCommUnknown) {
          const auto end = record.as<journal::MpiCollectiveEnd>();
          signature(end.send_signature, end.send_elements);
          attributes.add_signature(Attribute::kRecvTypeSignature, Attribute::kRecvElementCount, end.recv_signature,
                                   end.recv_elements);
          if (end.reduction_op != journal::kNoReductionOp) {
            attributes.add(Attribute::kReductionOp, end.reduction_op);
          }
          send_buffer(end.send_begin, end.send_end);
          recv_buffer(end.recv_begin, end.recv_end);
          counted(OTF2_EvtWriter_MpiCollectiveEnd(writer, with_attributes(), time_of(record),
                                                  static_cast<OTF2_CollectiveOp>(end.op), comm, as_root(end.root),
                                                  end.bytes_sent, end.bytes_received),
                  "MpiCollectiveEnd");
        }
        break;
      case Kind::kNonBlockingCollectiveRequest: {
        const auto request = record.as<journal::NonBlockingCollectiveRequest>();
        handle(request.handle);
        send_buffer(request.send_begin, request.send_end);
        recv_buffer(request.recv_begin, request.recv_end);
        slot(request.slot);
        counted(
            OTF2_EvtWriter_NonBlockingCollectiveRequest(writer, with_attributes(), time_of(record), request.request_id),
            "NonBlockingCollectiveRequest");
        break;
      }
      case Kind::kNonBlockingCollectiveComplete:
        if (const auto comm = global_comm(record); comm != journal::kCommUnknown) {
          const auto done = record.as<journal::NonBlockingCollectiveComplete>();
          signature(done.send_signature, done.send_elements);
          attributes.add_signature(Attribute::kRecvTypeSignature, Attribute::kRecvElementCount, done.recv_signature,
                                   done.recv_elements);
          if (done.reduction_op != journal::kNoReductionOp) {
            attributes.add(Attribute::kReductionOp, done.reduction_op);
          }
          handle(done.handle);
          counted(OTF2_EvtWriter_NonBlockingCollectiveComplete(
                      writer, with_attributes(), time_of(record), static_cast<OTF2_CollectiveOp>(done.op), comm,
                      as_root(done.root), done.bytes_sent, done.bytes_received, done.request_id),
                  "NonBlockingCollectiveComplete");
        }
        break;
      case Kind::kCommCreate:
        if (const auto comm = global_comm(record); comm != journal::kCommUnknown) {
          counted(OTF2_EvtWriter_CommCreate(writer, with_attributes(), time_of(record), comm), "CommCreate");
        }
        break;
      case Kind::kCommDestroy:
        if (const auto comm = global_comm(record); comm != journal::kCommUnknown) {
          counted(OTF2_EvtWriter_CommDestroy(writer, with_attributes(), time_of(record), comm), "CommDestroy");
        }
        break;
      case Kind::kClockAnchor:
      case Kind::kClockOffset:
      case Kind::kChunkStart:
        return;  // clock records shaped the mapping; they are not events and keep pending attributes
      case Kind::kTracingStopped:
      case Kind::kLeaveShort:  // the reader expands it and the compact records into the full forms
      case Kind::kEnterSend:
      case Kind::kEnterReceive:
      case Kind::kReceiveLeave:
      case Kind::kEnterSendRepeat:
      case Kind::kEnterReceiveRepeat:
      case Kind::kReceiveLeaveRepeat:
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
      case Kind::kCount: break;
    }
    // Attributes belong to the event after them: an event that was not written drops them too.
    attributes.clear();
  });
  summary.last_ns = last;
  return summary;
}

}  // namespace mpisight::otf2
