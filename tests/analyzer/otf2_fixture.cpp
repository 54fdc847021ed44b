// Writes test archives with the OTF2 writer: events per location first, then local and global definitions.
#include "otf2_fixture.hpp"

#include <algorithm>
#include <fstream>
#include <memory>
#include <otf2/otf2.h>
#include <random>
#include <stdexcept>

#include "schema/attributes.hpp"

namespace mpisight::testkit {
namespace fs = std::filesystem;
using namespace mpisight::trace;

namespace {

void check(OTF2_ErrorCode code, std::string_view what) {
  if (code != OTF2_SUCCESS) {
    throw std::runtime_error("OTF2 writer: " + std::string(what) + ": " + OTF2_Error_GetName(code));
  }
}

OTF2_FlushType pre_flush(void*, OTF2_FileType, OTF2_LocationRef, void*, bool) {
  return OTF2_FLUSH;
}

struct ArchiveCloser {
  void operator()(OTF2_Archive* archive) const { OTF2_Archive_Close(archive); }
};

OTF2_TimeStamp ticks(std::int64_t time_ns) {
  return static_cast<OTF2_TimeStamp>(static_cast<std::int64_t>(Otf2ArchiveBuilder::kGlobalOffsetTicks) + time_ns);
}

// Extra attributes get ids in reverse schema order, and a foreign attribute takes id 0: readers must go by name.
constexpr OTF2_AttributeRef kForeignAttribute = 0;
OTF2_AttributeRef attribute_id(schema::Attribute attribute) {
  return static_cast<OTF2_AttributeRef>(100 + schema::kAttributes.size() - static_cast<std::size_t>(attribute));
}

struct ListDeleter {
  void operator()(OTF2_AttributeList* list) const { OTF2_AttributeList_Delete(list); }
};

// The event's optional attributes that the fixture writes (Leave's return code, send and receive types, buffers,
// the receive's requested source and tag, RMA target bytes), plus the foreign one; nullptr when the event has none.
OTF2_AttributeList* attributes_of(const Event& event, OTF2_AttributeList* list) {
  OTF2_AttributeList_RemoveAllAttributes(list);
  const auto add_type = [&](const std::optional<TypeSignature>& type) {
    if (type) {
      OTF2_AttributeList_AddUint64(list, attribute_id(schema::Attribute::kTypeSignature), type->signature);
      OTF2_AttributeList_AddUint64(list, attribute_id(schema::Attribute::kElementCount), type->elements);
    }
  };
  const auto add_word = [&](schema::Attribute attribute, const std::optional<std::uint64_t>& value) {
    if (value) {
      OTF2_AttributeList_AddUint64(list, attribute_id(attribute), *value);
    }
  };
  const auto add_range = [&](schema::Attribute begin, schema::Attribute end, const std::optional<ByteRange>& range) {
    if (range) {
      OTF2_AttributeList_AddUint64(list, attribute_id(begin), range->begin);
      OTF2_AttributeList_AddUint64(list, attribute_id(end), range->end);
    }
  };
  using A = schema::Attribute;
  std::visit(
      Overloaded{
          [&](const Leave& e) {
            if (e.return_code) {
              OTF2_AttributeList_AddInt32(list, attribute_id(schema::Attribute::kReturnCode), *e.return_code);
            }
            add_word(A::kRequestHandle, e.request_handle);
            add_word(A::kRequestSlot, e.request_slot);
            if (const auto& init = e.collective_init) {  // a persistent collective init (no per-peer counts)
              OTF2_AttributeList_AddUint32(list, attribute_id(A::kCollectiveInitOp),
                                           static_cast<std::uint32_t>(init->op));
              OTF2_AttributeList_AddUint32(list, attribute_id(A::kCollectiveInitComm), init->comm);
              OTF2_AttributeList_AddUint32(list, attribute_id(A::kCollectiveInitRoot), init->root);
              add_type(init->send_type);
              if (init->reduction_op) {
                OTF2_AttributeList_AddUint32(list, attribute_id(A::kReductionOp), *init->reduction_op);
              }
            }
          },
          [&](const MpiSend& e) {
            add_type(e.type);
            add_range(A::kSendBufferBegin, A::kSendBufferEnd, e.send_buffer);
          },
          [&](const MpiIsend& e) {
            add_type(e.type);
            add_word(A::kRequestHandle, e.request_handle);
            add_range(A::kSendBufferBegin, A::kSendBufferEnd, e.send_buffer);
            add_word(A::kRequestSlot, e.request_slot);
          },
          [&](const MpiIrecvRequest& e) {
            add_word(A::kRequestHandle, e.request_handle);
            add_range(A::kRecvBufferBegin, A::kRecvBufferEnd, e.recv_buffer);
            add_word(A::kRequestSlot, e.request_slot);
          },
          [&](const MpiIsendComplete& e) { add_word(A::kRequestHandle, e.request_handle); },
          [&](const MpiIrecv& e) { add_word(A::kRequestHandle, e.request_handle); },
          [&](const Enter& e) {
            if (e.requested_source && e.requested_tag && e.requested_comm) {
              OTF2_AttributeList_AddInt32(list, attribute_id(A::kRequestedSource), *e.requested_source);
              OTF2_AttributeList_AddInt32(list, attribute_id(A::kRequestedTag), *e.requested_tag);
              OTF2_AttributeList_AddUint32(list, attribute_id(A::kRequestedComm), *e.requested_comm);
            }
          },
          [&](const MpiCollectiveEnd& e) {
            add_type(e.send_type);
            if (e.recv_type) {
              OTF2_AttributeList_AddUint64(list, attribute_id(A::kRecvTypeSignature), e.recv_type->signature);
              OTF2_AttributeList_AddUint64(list, attribute_id(A::kRecvElementCount), e.recv_type->elements);
            }
            add_range(A::kSendBufferBegin, A::kSendBufferEnd, e.send_buffer);
            add_range(A::kRecvBufferBegin, A::kRecvBufferEnd, e.recv_buffer);
          },
          [&](const RmaOp& e) { add_range(A::kRmaTargetByteBegin, A::kRmaTargetByteEnd, e.target_bytes); },
          [&](const NonBlockingCollectiveRequest& e) {
            add_word(A::kRequestHandle, e.request_handle);
            add_range(A::kSendBufferBegin, A::kSendBufferEnd, e.send_buffer);
            add_range(A::kRecvBufferBegin, A::kRecvBufferEnd, e.recv_buffer);
            add_word(A::kRequestSlot, e.request_slot);
          },
          [&](const MpiRecv& e) {
            add_range(A::kRecvBufferBegin, A::kRecvBufferEnd, e.recv_buffer);
            add_type(e.type);
            if (e.requested_source) {
              OTF2_AttributeList_AddInt32(list, attribute_id(schema::Attribute::kRequestedSource), *e.requested_source);
            }
            if (e.requested_tag) {
              OTF2_AttributeList_AddInt32(list, attribute_id(schema::Attribute::kRequestedTag), *e.requested_tag);
            }
          },
          [](const auto&) {}},
      event);
  if (OTF2_AttributeList_GetNumberOfElements(list) == 0) {
    return nullptr;
  }
  OTF2_AttributeList_AddUint32(list, kForeignAttribute, 7);
  return list;
}

// Writes one location's events; the visitor is exhaustive, so a new Event type fails to compile here.
void write_event(OTF2_EvtWriter* writer, const Event& event) {
  static thread_local std::unique_ptr<OTF2_AttributeList, ListDeleter> list(OTF2_AttributeList_New());
  OTF2_AttributeList* const attributes = attributes_of(event, list.get());
  const OTF2_ErrorCode code = std::visit(
      Overloaded{
          [&](const Enter& e) { return OTF2_EvtWriter_Enter(writer, attributes, ticks(e.time_ns), e.region); },
          [&](const Leave& e) { return OTF2_EvtWriter_Leave(writer, attributes, ticks(e.time_ns), e.region); },
          [&](const MpiSend& e) {
            return OTF2_EvtWriter_MpiSend(writer, attributes, ticks(e.time_ns), e.peer, e.comm, e.tag, e.bytes);
          },
          [&](const MpiIsend& e) {
            return OTF2_EvtWriter_MpiIsend(writer, attributes, ticks(e.time_ns), e.peer, e.comm, e.tag, e.bytes,
                                           e.request);
          },
          [&](const MpiIsendComplete& e) {
            return OTF2_EvtWriter_MpiIsendComplete(writer, attributes, ticks(e.time_ns), e.request);
          },
          [&](const MpiIrecvRequest& e) {
            return OTF2_EvtWriter_MpiIrecvRequest(writer, attributes, ticks(e.time_ns), e.request);
          },
          [&](const MpiRecv& e) {
            return OTF2_EvtWriter_MpiRecv(writer, attributes, ticks(e.time_ns), e.peer, e.comm, e.tag, e.bytes);
          },
          [&](const MpiIrecv& e) {
            return OTF2_EvtWriter_MpiIrecv(writer, attributes, ticks(e.time_ns), e.peer, e.comm, e.tag, e.bytes,
                                           e.request);
          },
          [&](const MpiRequestTest& e) {
            return OTF2_EvtWriter_MpiRequestTest(writer, attributes, ticks(e.time_ns), e.request);
          },
          [&](const MpiRequestCancelled& e) {
            return OTF2_EvtWriter_MpiRequestCancelled(writer, attributes, ticks(e.time_ns), e.request);
          },
          [&](const MpiCollectiveBegin& e) {
            return OTF2_EvtWriter_MpiCollectiveBegin(writer, attributes, ticks(e.time_ns));
          },
          [&](const MpiCollectiveEnd& e) {
            return OTF2_EvtWriter_MpiCollectiveEnd(writer, attributes, ticks(e.time_ns),
                                                   static_cast<OTF2_CollectiveOp>(e.op), e.comm, e.root, e.bytes_sent,
                                                   e.bytes_received);
          },
          [&](const NonBlockingCollectiveRequest& e) {
            return OTF2_EvtWriter_NonBlockingCollectiveRequest(writer, attributes, ticks(e.time_ns), e.request);
          },
          [&](const NonBlockingCollectiveComplete& e) {
            return OTF2_EvtWriter_NonBlockingCollectiveComplete(writer, attributes, ticks(e.time_ns),
                                                                static_cast<OTF2_CollectiveOp>(e.op), e.comm, e.root,
                                                                e.bytes_sent, e.bytes_received, e.request);
          },
          [&](const RmaWinCreate& e) {
            return OTF2_EvtWriter_RmaWinCreate(writer, attributes, ticks(e.time_ns), e.win);
          },
          [&](const RmaWinDestroy& e) {
            return OTF2_EvtWriter_RmaWinDestroy(writer, attributes, ticks(e.time_ns), e.win);
          },
          [&](const RmaCollectiveBegin& e) {
            return OTF2_EvtWriter_RmaCollectiveBegin(writer, attributes, ticks(e.time_ns));
          },
          [&](const RmaCollectiveEnd& e) {
            return OTF2_EvtWriter_RmaCollectiveEnd(writer, attributes, ticks(e.time_ns),
                                                   static_cast<OTF2_CollectiveOp>(e.op), e.sync_level,
                                                   e.win.value_or(OTF2_UNDEFINED_RMA_WIN), OTF2_UNDEFINED_UINT32, 0, 0);
          },
          [&](const RmaGroupSync& e) {
            return OTF2_EvtWriter_RmaGroupSync(writer, attributes, ticks(e.time_ns), e.sync_level, e.win, e.group);
          },
          [&](const RmaLock& e) {
            const auto type = static_cast<OTF2_LockType>(e.type);
            switch (e.event) {
              case RmaLockEvent::kRequest:
                return OTF2_EvtWriter_RmaRequestLock(writer, attributes, ticks(e.time_ns), e.win, e.remote, e.lock_id,
                                                     type);
              case RmaLockEvent::kAcquire:
                return OTF2_EvtWriter_RmaAcquireLock(writer, attributes, ticks(e.time_ns), e.win, e.remote, e.lock_id,
                                                     type);
              case RmaLockEvent::kTry:
                return OTF2_EvtWriter_RmaTryLock(writer, attributes, ticks(e.time_ns), e.win, e.remote, e.lock_id,
                                                 type);
              case RmaLockEvent::kRelease: break;
            }
            return OTF2_EvtWriter_RmaReleaseLock(writer, attributes, ticks(e.time_ns), e.win, e.remote, e.lock_id);
          },
          [&](const RmaSync& e) {
            return OTF2_EvtWriter_RmaSync(writer, attributes, ticks(e.time_ns), e.win, e.remote, e.sync_type);
          },
          [&](const RmaOp& e) {
            switch (e.kind) {
              case RmaOpKind::kPut:
                return OTF2_EvtWriter_RmaPut(writer, attributes, ticks(e.time_ns), e.win, e.remote, e.bytes_sent,
                                             e.matching_id);
              case RmaOpKind::kGet:
                return OTF2_EvtWriter_RmaGet(writer, attributes, ticks(e.time_ns), e.win, e.remote, e.bytes_received,
                                             e.matching_id);
              case RmaOpKind::kAtomic: break;
            }
            return OTF2_EvtWriter_RmaAtomic(writer, attributes, ticks(e.time_ns), e.win, e.remote,
                                            static_cast<OTF2_RmaAtomicType>(e.atomic_type), e.bytes_sent,
                                            e.bytes_received, e.matching_id);
          },
          [&](const RmaOpComplete& e) {
            return e.blocking ? OTF2_EvtWriter_RmaOpCompleteBlocking(writer, attributes, ticks(e.time_ns), e.win,
                                                                     e.matching_id)
                              : OTF2_EvtWriter_RmaOpCompleteNonBlocking(writer, attributes, ticks(e.time_ns), e.win,
                                                                        e.matching_id);
          },
          [&](const RmaOpTest& e) {
            return OTF2_EvtWriter_RmaOpTest(writer, attributes, ticks(e.time_ns), e.win, e.matching_id);
          },
          [&](const IoCreateHandle& e) {
            return OTF2_EvtWriter_IoCreateHandle(writer, attributes, ticks(e.time_ns), e.handle, e.access_mode,
                                                 e.creation_flags, e.status_flags);
          },
          [&](const IoDestroyHandle& e) {
            return OTF2_EvtWriter_IoDestroyHandle(writer, attributes, ticks(e.time_ns), e.handle);
          },
          [&](const IoOperationBegin& e) {
            return OTF2_EvtWriter_IoOperationBegin(writer, attributes, ticks(e.time_ns), e.handle,
                                                   static_cast<OTF2_IoOperationMode>(e.mode), e.flags, e.bytes_request,
                                                   e.matching_id);
          },
          [&](const IoOperationIssued& e) {
            return OTF2_EvtWriter_IoOperationIssued(writer, attributes, ticks(e.time_ns), e.handle, e.matching_id);
          },
          [&](const IoOperationTest& e) {
            return OTF2_EvtWriter_IoOperationTest(writer, attributes, ticks(e.time_ns), e.handle, e.matching_id);
          },
          [&](const IoOperationComplete& e) {
            return OTF2_EvtWriter_IoOperationComplete(writer, attributes, ticks(e.time_ns), e.handle, e.bytes_result,
                                                      e.matching_id);
          },
          [&](const IoSeek& e) {
            return OTF2_EvtWriter_IoSeek(writer, attributes, ticks(e.time_ns), e.handle, e.offset_request,
                                         static_cast<OTF2_IoSeekOption>(e.whence), e.offset_result);
          },
          [&](const IoDeleteFile& e) {
            return OTF2_EvtWriter_IoDeleteFile(writer, attributes, ticks(e.time_ns), 0, e.file);
          },
      },
      event);
  check(code, "writing an event");
}

// What foreign_records() writes: records of other tools, two of them with attribute lists mixing every kind of
// value with schema attributes.
void write_foreign_records(OTF2_EvtWriter* writer, OTF2_TimeStamp time) {
  static thread_local std::unique_ptr<OTF2_AttributeList, ListDeleter> list(OTF2_AttributeList_New());
  OTF2_AttributeList* attributes = list.get();
  const auto fill = [&] {
    OTF2_AttributeList_RemoveAllAttributes(attributes);
    OTF2_AttributeList_AddDouble(attributes, kForeignAttribute, 2.5);
    OTF2_AttributeList_AddUint8(attributes, 90, 7);
    OTF2_AttributeList_AddInt16(attributes, 91, -3);
    OTF2_AttributeList_AddFloat(attributes, 92, 1.5F);
    OTF2_AttributeList_AddInt64(attributes, 93, -123456789012);
    OTF2_AttributeList_AddLocationRef(attributes, 94, 0xFFFF'FFFF'FFFFull);
    OTF2_AttributeList_AddStringRef(attributes, 95, 1);
    OTF2_AttributeList_AddUint64(attributes, attribute_id(schema::Attribute::kRequestHandle), 0xABCDEF);
    OTF2_AttributeList_AddInt32(attributes, attribute_id(schema::Attribute::kReturnCode), -17);
  };
  fill();
  check(OTF2_EvtWriter_BufferFlush(writer, attributes, time, time + 3), "BufferFlush");
  check(OTF2_EvtWriter_MeasurementOnOff(writer, nullptr, time, OTF2_MEASUREMENT_OFF), "MeasurementOnOff");
  // Deprecated OpenMP records, as older Score-P traces hold them: stored without a record length.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  check(OTF2_EvtWriter_OmpFork(writer, nullptr, time, 4), "OmpFork");
  check(OTF2_EvtWriter_OmpTaskCreate(writer, nullptr, time, 0x1234'5678'9ABCull), "OmpTaskCreate");
#pragma GCC diagnostic pop
  fill();
  check(OTF2_EvtWriter_ParameterInt(writer, attributes, time, 0, -5), "ParameterInt");
  check(OTF2_EvtWriter_ThreadFork(writer, nullptr, time, OTF2_PARADIGM_OPENMP, 2), "ThreadFork");
  check(OTF2_EvtWriter_CommCreate(writer, nullptr, time, 0), "CommCreate");
  check(OTF2_EvtWriter_ProgramBegin(writer, nullptr, time, 0, 0, nullptr), "ProgramBegin");
  check(OTF2_EvtWriter_MeasurementOnOff(writer, nullptr, time, OTF2_MEASUREMENT_ON), "MeasurementOnOff");
}

// Hands out string IDs in first-use order.
class StringTable {
 public:
  explicit StringTable(OTF2_GlobalDefWriter* writer) : writer_(writer) {}
  OTF2_StringRef operator()(const std::string& text) {
    auto [it, inserted] = ids_.try_emplace(text, static_cast<OTF2_StringRef>(ids_.size()));
    if (inserted) {
      check(OTF2_GlobalDefWriter_WriteString(writer_, it->second, text.c_str()), "string");
    }
    return it->second;
  }

 private:
  OTF2_GlobalDefWriter* writer_;
  std::map<std::string, OTF2_StringRef> ids_;
};

}  // namespace

Otf2ArchiveBuilder::Otf2ArchiveBuilder(std::uint32_t ranks) : ranks_(ranks) {
  for (std::uint32_t rank = 0; rank < ranks; ++rank) {
    events_[rank];
  }
}

LocationId Otf2ArchiveBuilder::add_thread(WorldRank rank, std::uint32_t thread_index) {
  const LocationId location = (static_cast<LocationId>(thread_index) << 32) | rank;
  events_[location];
  return location;
}

RegionId Otf2ArchiveBuilder::region(std::string_view name, RegionRole role, Paradigm paradigm) {
  auto it = std::find_if(regions_.begin(), regions_.end(), [&](const RegionDef& r) { return r.name == name; });
  if (it != regions_.end()) {
    return static_cast<RegionId>(it - regions_.begin());
  }
  regions_.push_back(RegionDef{.name = std::string(name), .role = role, .paradigm = paradigm});
  return static_cast<RegionId>(regions_.size() - 1);
}

CommId Otf2ArchiveBuilder::add_comm(std::string_view name, const std::vector<WorldRank>& world_ranks) {
  comms_.push_back(Comm{.name = std::string(name), .world_ranks = world_ranks});
  return static_cast<CommId>(kSelf + comms_.size());
}

trace::RmaWinId Otf2ArchiveBuilder::add_window(std::string_view name, CommId comm) {
  windows_.emplace_back(std::string(name), comm);
  return static_cast<trace::RmaWinId>(windows_.size() - 1);
}

Otf2ArchiveBuilder& Otf2ArchiveBuilder::add(const Event& event) {
  events_[event_location(event)].push_back(event);
  return *this;
}

Otf2ArchiveBuilder& Otf2ArchiveBuilder::enter(LocationId location, std::int64_t time_ns, RegionId region) {
  return add(Enter{.location = location, .time_ns = time_ns, .region = region});
}

Otf2ArchiveBuilder& Otf2ArchiveBuilder::leave(LocationId location, std::int64_t time_ns, RegionId region) {
  return add(Leave{.location = location, .time_ns = time_ns, .region = region});
}

Otf2ArchiveBuilder& Otf2ArchiveBuilder::send(LocationId location, std::int64_t time_ns, std::uint32_t receiver,
                                             std::uint32_t tag, std::uint64_t bytes, CommId comm) {
  return add(MpiSend{.location = location,
                     .time_ns = time_ns,
                     .comm = comm,
                     .peer = receiver,
                     .peer_world_rank = {},
                     .tag = tag,
                     .bytes = bytes});
}

Otf2ArchiveBuilder& Otf2ArchiveBuilder::recv(LocationId location, std::int64_t time_ns, std::uint32_t sender,
                                             std::uint32_t tag, std::uint64_t bytes, CommId comm) {
  return add(MpiRecv{.location = location,
                     .time_ns = time_ns,
                     .comm = comm,
                     .peer = sender,
                     .peer_world_rank = {},
                     .tag = tag,
                     .bytes = bytes});
}

Otf2ArchiveBuilder& Otf2ArchiveBuilder::isend(LocationId location, std::int64_t time_ns, std::uint32_t receiver,
                                              std::uint32_t tag, std::uint64_t bytes, RequestId request, CommId comm) {
  return add(MpiIsend{.location = location,
                      .time_ns = time_ns,
                      .comm = comm,
                      .peer = receiver,
                      .peer_world_rank = {},
                      .tag = tag,
                      .bytes = bytes,
                      .request = request});
}

Otf2ArchiveBuilder& Otf2ArchiveBuilder::isend_complete(LocationId location, std::int64_t time_ns, RequestId request) {
  return add(MpiIsendComplete{.location = location, .time_ns = time_ns, .request = request});
}

Otf2ArchiveBuilder& Otf2ArchiveBuilder::irecv_request(LocationId location, std::int64_t time_ns, RequestId request) {
  return add(MpiIrecvRequest{.location = location, .time_ns = time_ns, .request = request});
}

Otf2ArchiveBuilder& Otf2ArchiveBuilder::irecv(LocationId location, std::int64_t time_ns, std::uint32_t sender,
                                              std::uint32_t tag, std::uint64_t bytes, RequestId request, CommId comm) {
  return add(MpiIrecv{.location = location,
                      .time_ns = time_ns,
                      .comm = comm,
                      .peer = sender,
                      .peer_world_rank = {},
                      .tag = tag,
                      .bytes = bytes,
                      .request = request});
}

Otf2ArchiveBuilder& Otf2ArchiveBuilder::request_test(LocationId location, std::int64_t time_ns, RequestId request) {
  return add(MpiRequestTest{.location = location, .time_ns = time_ns, .request = request});
}

Otf2ArchiveBuilder& Otf2ArchiveBuilder::request_cancelled(LocationId location, std::int64_t time_ns,
                                                          RequestId request) {
  return add(MpiRequestCancelled{.location = location, .time_ns = time_ns, .request = request});
}

Otf2ArchiveBuilder& Otf2ArchiveBuilder::collective_begin(LocationId location, std::int64_t time_ns) {
  return add(MpiCollectiveBegin{.location = location, .time_ns = time_ns});
}

Otf2ArchiveBuilder& Otf2ArchiveBuilder::collective_end(LocationId location, std::int64_t time_ns, CollectiveOp op,
                                                       std::uint32_t root, std::uint64_t bytes_sent,
                                                       std::uint64_t bytes_received, CommId comm) {
  return add(MpiCollectiveEnd{.location = location,
                              .time_ns = time_ns,
                              .op = op,
                              .comm = comm,
                              .root = root,
                              .root_world_rank = {},
                              .bytes_sent = bytes_sent,
                              .bytes_received = bytes_received});
}

Otf2ArchiveBuilder& Otf2ArchiveBuilder::collective_request(LocationId location, std::int64_t time_ns,
                                                           RequestId request) {
  return add(NonBlockingCollectiveRequest{.location = location, .time_ns = time_ns, .request = request});
}

Otf2ArchiveBuilder& Otf2ArchiveBuilder::collective_complete(LocationId location, std::int64_t time_ns, CollectiveOp op,
                                                            std::uint32_t root, std::uint64_t bytes_sent,
                                                            std::uint64_t bytes_received, RequestId request,
                                                            CommId comm) {
  return add(NonBlockingCollectiveComplete{.location = location,
                                           .time_ns = time_ns,
                                           .op = op,
                                           .comm = comm,
                                           .root = root,
                                           .root_world_rank = {},
                                           .bytes_sent = bytes_sent,
                                           .bytes_received = bytes_received,
                                           .request = request});
}

std::size_t Otf2ArchiveBuilder::foreign_records(LocationId location, std::int64_t time_ns) {
  foreign_[location].emplace_back(events_[location].size(), time_ns);
  return 9;  // see write_foreign_records()
}

Otf2ArchiveBuilder& Otf2ArchiveBuilder::clock_offset(LocationId location, std::int64_t time_ns, std::int64_t offset) {
  clock_offsets_[location].emplace_back(time_ns, offset);
  return *this;
}

fs::path Otf2ArchiveBuilder::write(const fs::path& dir) const {
  std::unique_ptr<OTF2_Archive, ArchiveCloser> archive(
      OTF2_Archive_Open(dir.c_str(), "traces", OTF2_FILEMODE_WRITE, event_chunk_bytes_,
                        OTF2_CHUNK_SIZE_DEFINITIONS_DEFAULT, OTF2_SUBSTRATE_POSIX, OTF2_COMPRESSION_NONE));
  if (!archive) {
    throw std::runtime_error("OTF2 writer: cannot create an archive in " + dir.string());
  }
  const OTF2_FlushCallbacks flush{.otf2_pre_flush = pre_flush, .otf2_post_flush = nullptr};
  check(OTF2_Archive_SetFlushCallbacks(archive.get(), &flush, nullptr), "flush callbacks");
  check(OTF2_Archive_SetSerialCollectiveCallbacks(archive.get()), "collective callbacks");

  std::int64_t last_time_ns = 0;
  check(OTF2_Archive_OpenEvtFiles(archive.get()), "open event files");
  for (const auto& [location, events] : events_) {
    OTF2_EvtWriter* writer = OTF2_Archive_GetEvtWriter(archive.get(), location);
    if (writer == nullptr) {
      throw std::runtime_error("OTF2 writer: no event writer");
    }
    const auto foreign = foreign_.find(location);
    const auto write_foreign = [&](std::size_t written) {
      if (foreign != foreign_.end()) {
        for (const auto& [position, time_ns] : foreign->second) {
          if (position == written) {
            write_foreign_records(writer, ticks(time_ns));
          }
        }
      }
    };
    for (std::size_t i = 0; i < events.size(); ++i) {
      write_foreign(i);
      write_event(writer, events[i]);
      last_time_ns = std::max(last_time_ns, event_time_ns(events[i]));
    }
    write_foreign(events.size());
    check(OTF2_Archive_CloseEvtWriter(archive.get(), writer), "close event writer");
  }
  check(OTF2_Archive_CloseEvtFiles(archive.get()), "close event files");

  check(OTF2_Archive_OpenDefFiles(archive.get()), "open definition files");
  for (const auto& [location, events] : events_) {
    OTF2_DefWriter* writer = OTF2_Archive_GetDefWriter(archive.get(), location);
    if (writer == nullptr) {
      throw std::runtime_error("OTF2 writer: no definition writer");
    }
    if (const auto offsets = clock_offsets_.find(location); offsets != clock_offsets_.end()) {
      for (const auto& [time_ns, offset] : offsets->second) {
        check(OTF2_DefWriter_WriteClockOffset(writer, ticks(time_ns), offset, 0.0), "clock offset");
      }
    }
    check(OTF2_Archive_CloseDefWriter(archive.get(), writer), "close definition writer");
  }
  check(OTF2_Archive_CloseDefFiles(archive.get()), "close definition files");

  OTF2_GlobalDefWriter* defs = OTF2_Archive_GetGlobalDefWriter(archive.get());
  if (defs == nullptr) {
    throw std::runtime_error("OTF2 writer: no global definition writer");
  }
  StringTable string(defs);
  check(OTF2_GlobalDefWriter_WriteClockProperties(defs, 1'000'000'000, kGlobalOffsetTicks,
                                                  static_cast<std::uint64_t>(last_time_ns) + 1, 0),
        "clock properties");
  check(OTF2_GlobalDefWriter_WriteSystemTreeNode(defs, 0, string("test machine"), string("machine"),
                                                 OTF2_UNDEFINED_SYSTEM_TREE_NODE),
        "system tree node");
  check(OTF2_GlobalDefWriter_WriteSystemTreeNode(defs, 1, string("node0"), string("node"), 0), "system tree node");
  for (std::uint32_t rank = 0; rank < ranks_; ++rank) {
    check(OTF2_GlobalDefWriter_WriteLocationGroup(defs, rank, string("MPI Rank " + std::to_string(rank)),
                                                  OTF2_LOCATION_GROUP_TYPE_PROCESS, 1, OTF2_UNDEFINED_LOCATION_GROUP),
          "location group");
  }
  const auto event_count = [&](LocationId location, std::uint64_t written) {
    auto claimed = claimed_event_counts_.find(location);
    return claimed != claimed_event_counts_.end() ? claimed->second : written;
  };
  for (const auto& [location, events] : events_) {
    const auto thread = static_cast<std::uint32_t>(location >> 32);
    const auto rank = static_cast<std::uint32_t>(location & 0xFFFF'FFFFu);
    check(OTF2_GlobalDefWriter_WriteLocation(defs, location,
                                             string(thread == 0 ? "Master thread" : "Thread " + std::to_string(thread)),
                                             OTF2_LOCATION_TYPE_CPU_THREAD, event_count(location, events.size()), rank),
          "location");
  }
  for (std::size_t id = 0; id < regions_.size(); ++id) {
    const OTF2_StringRef name = string(regions_[id].name);
    check(OTF2_GlobalDefWriter_WriteRegion(defs, static_cast<OTF2_RegionRef>(id), name, name, string(""),
                                           static_cast<OTF2_RegionRole>(regions_[id].role),
                                           static_cast<OTF2_Paradigm>(regions_[id].paradigm), OTF2_REGION_FLAG_NONE,
                                           OTF2_UNDEFINED_STRING, 0, 0),
          "region");
  }
  check(OTF2_GlobalDefWriter_WriteAttribute(defs, kForeignAttribute, string("other:tool_attribute"), string(""),
                                            OTF2_TYPE_UINT32),
        "attribute");
  for (const schema::AttributeSpec& spec : schema::kAttributes) {
    const OTF2_Type type = spec.type == schema::AttributeType::kInt32    ? OTF2_TYPE_INT32
                           : spec.type == schema::AttributeType::kUint32 ? OTF2_TYPE_UINT32
                           : spec.type == schema::AttributeType::kUint64 ? OTF2_TYPE_UINT64
                           : spec.type == schema::AttributeType::kString ? OTF2_TYPE_STRING
                                                                         : OTF2_TYPE_CALLING_CONTEXT;
    check(OTF2_GlobalDefWriter_WriteAttribute(defs, attribute_id(spec.attribute), string(std::string(spec.name)),
                                              string(""), type),
          "attribute");
  }

  // Groups: 0 = MPI locations (index = world rank), 1 = world, 2 = self, 3.. = user communicators.
  std::vector<std::uint64_t> world_members(ranks_);
  for (std::uint32_t rank = 0; rank < ranks_; ++rank) {
    world_members[rank] = rank;
  }
  const auto write_group = [&](OTF2_GroupRef id, OTF2_GroupType type, const std::vector<std::uint64_t>& members) {
    check(OTF2_GlobalDefWriter_WriteGroup(defs, id, string(""), type, OTF2_PARADIGM_MPI, OTF2_GROUP_FLAG_NONE,
                                          static_cast<std::uint32_t>(members.size()), members.data()),
          "group");
  };
  write_group(0, OTF2_GROUP_TYPE_COMM_LOCATIONS, world_members);
  write_group(1, OTF2_GROUP_TYPE_COMM_GROUP, world_members);
  write_group(2, OTF2_GROUP_TYPE_COMM_SELF, {});
  check(OTF2_GlobalDefWriter_WriteComm(defs, kWorld, string("MPI_COMM_WORLD"), 1, OTF2_UNDEFINED_COMM,
                                       OTF2_COMM_FLAG_NONE),
        "comm");
  check(
      OTF2_GlobalDefWriter_WriteComm(defs, kSelf, string("MPI_COMM_SELF"), 2, OTF2_UNDEFINED_COMM, OTF2_COMM_FLAG_NONE),
      "comm");
  for (std::size_t i = 0; i < comms_.size(); ++i) {
    const auto group = static_cast<OTF2_GroupRef>(3 + i);
    write_group(group, OTF2_GROUP_TYPE_COMM_GROUP,
                std::vector<std::uint64_t>(comms_[i].world_ranks.begin(), comms_[i].world_ranks.end()));
    check(OTF2_GlobalDefWriter_WriteComm(defs, static_cast<OTF2_CommRef>(kSelf + 1 + i), string(comms_[i].name), group,
                                         kWorld, OTF2_COMM_FLAG_NONE),
          "comm");
  }
  for (std::size_t id = 0; id < windows_.size(); ++id) {
    check(OTF2_GlobalDefWriter_WriteRmaWin(defs, static_cast<OTF2_RmaWinRef>(id), string(windows_[id].first),
                                           windows_[id].second, OTF2_RMA_WIN_FLAG_NONE),
          "window");
  }
  check(OTF2_Archive_Close(archive.release()), "close archive");
  return dir / "traces.otf2";
}

fs::path write_ping_pong(const fs::path& dir) {
  Otf2ArchiveBuilder builder(2);
  const RegionId mpi_send = builder.region("MPI_Send", RegionRole::kPoint2Point);
  const RegionId mpi_recv = builder.region("MPI_Recv", RegionRole::kPoint2Point);
  builder.enter(0, 100, mpi_send).send(0, 110, 1, 7, 64).leave(0, 300, mpi_send);
  builder.enter(0, 400, mpi_recv).recv(0, 900, 1, 8, 32).leave(0, 1000, mpi_recv);
  builder.enter(1, 50, mpi_recv).recv(1, 250, 0, 7, 64).leave(1, 260, mpi_recv);
  builder.enter(1, 500, mpi_send).send(1, 510, 0, 8, 32).leave(1, 600, mpi_send);
  return builder.write(dir);
}

fs::path event_file(const fs::path& dir, LocationId location) {
  return dir / "traces" / (std::to_string(location) + ".evt");
}

fs::path global_definition_file(const fs::path& dir) {
  return dir / "traces.def";
}

void truncate_file(const fs::path& file, std::uintmax_t keep_bytes) {
  fs::resize_file(file, keep_bytes);
}

void overwrite_with_garbage(const fs::path& file, std::uint32_t seed) {
  const std::uintmax_t size = fs::file_size(file);
  std::mt19937 random(seed);
  std::string bytes(size, '\0');
  for (char& byte : bytes) {
    byte = static_cast<char>(random() & 0xFFu);
  }
  write_file(file, bytes);
}

void write_file(const fs::path& file, std::string_view content) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  if (!out) {
    throw std::runtime_error("cannot write " + file.string());
  }
}

}  // namespace mpisight::testkit
