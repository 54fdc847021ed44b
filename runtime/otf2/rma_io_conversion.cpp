// RMA records follow Score-P's MPI RMA recording; I/O records its MPI-IO recording (one I/O paradigm "MPI-IO").
#include "otf2/rma_io_conversion.hpp"

#include <cstddef>
#include <mpi.h>
#include <stdexcept>
#include <string>
#include <vector>

#include "schema/attributes.hpp"

namespace mpisight::otf2 {
namespace {

using journal::Kind;
using schema::Attribute;

constexpr OTF2_IoParadigmRef kMpiIoParadigm = 0;

// The converter reads the window key or file handle of any record through the smallest record that has it.
static_assert(offsetof(journal::RmaWinCreate, win) == 16 && offsetof(journal::RmaCollectiveEnd, win) == 16 &&
              offsetof(journal::RmaGroupSync, win) == 16 && offsetof(journal::RmaLock, win) == 16 &&
              offsetof(journal::RmaSync, win) == 16 && offsetof(journal::RmaComplete, win) == 16 &&
              offsetof(journal::RmaOp, win) == 16 && offsetof(journal::RmaOpCompleteNonBlocking, win) == 16 &&
              offsetof(journal::RmaOpTest, win) == 16 && offsetof(journal::RmaWinDestroy, win) == 16);
static_assert(offsetof(journal::IoCreateHandle, handle) == 16 && offsetof(journal::IoOperationBegin, handle) == 16 &&
              offsetof(journal::IoOperationIssued, handle) == 16 &&
              offsetof(journal::IoOperationComplete, handle) == 16 &&
              offsetof(journal::IoOperationTest, handle) == 16 && offsetof(journal::IoSeek, handle) == 16 &&
              offsetof(journal::IoDestroyHandle, handle) == 16);

void check(OTF2_ErrorCode status, const char* what) {
  if (status != OTF2_SUCCESS) {
    throw std::runtime_error(std::string("OTF2 could not write ") + what + ": " + OTF2_Error_GetDescription(status));
  }
}

std::uint32_t remote_of(std::int32_t remote) {
  return remote == journal::kAllRanks ? OTF2_UNDEFINED_UINT32 : static_cast<std::uint32_t>(remote);
}

OTF2_RmaAtomicType atomic_type(journal::RmaOpKind kind) {
  switch (kind) {
    case journal::RmaOpKind::kCompareAndSwap: return OTF2_RMA_ATOMIC_TYPE_COMPARE_AND_SWAP;
    case journal::RmaOpKind::kGetAccumulate:
    case journal::RmaOpKind::kFetchAndOp: return OTF2_RMA_ATOMIC_TYPE_FETCH_AND_ACCUMULATE;
    default: return OTF2_RMA_ATOMIC_TYPE_ACCUMULATE;
  }
}

OTF2_IoAccessMode access_mode(std::uint32_t amode) {
  if ((amode & MPI_MODE_RDWR) != 0) {
    return OTF2_IO_ACCESS_MODE_READ_WRITE;
  }
  return (amode & MPI_MODE_WRONLY) != 0 ? OTF2_IO_ACCESS_MODE_WRITE_ONLY : OTF2_IO_ACCESS_MODE_READ_ONLY;
}

OTF2_IoCreationFlag creation_flags(std::uint32_t amode) {
  OTF2_IoCreationFlag flags = OTF2_IO_CREATION_FLAG_NONE;
  if ((amode & MPI_MODE_CREATE) != 0) {
    flags |= OTF2_IO_CREATION_FLAG_CREATE;
  }
  if ((amode & MPI_MODE_EXCL) != 0) {
    flags |= OTF2_IO_CREATION_FLAG_EXCLUSIVE;
  }
  return flags;
}

OTF2_IoStatusFlag status_flags(std::uint32_t amode) {
  OTF2_IoStatusFlag flags = OTF2_IO_STATUS_FLAG_NONE;
  if ((amode & MPI_MODE_APPEND) != 0) {
    flags |= OTF2_IO_STATUS_FLAG_APPEND;
  }
  if ((amode & MPI_MODE_DELETE_ON_CLOSE) != 0) {
    flags |= OTF2_IO_STATUS_FLAG_DELETE_ON_CLOSE;
  }
  return flags;
}

}  // namespace

RmaIoConverter::RmaIoConverter(OTF2_EvtWriter* writer, const SharedDefinitions& shared, std::int32_t rank,
                               AttributeList& attributes, std::span<const std::vector<std::uint64_t>> completions)
    : writer_(writer), shared_(shared), rank_(rank), attributes_(attributes), completions_(completions) {}

bool RmaIoConverter::handles(Kind kind) noexcept {
  return kind >= Kind::kRmaWinCreate && kind <= Kind::kIoSeek;
}

std::uint64_t RmaIoConverter::convert(const journal::RecordView& record, std::uint64_t time_ns) {
  const std::uint64_t written =
      record.kind() >= Kind::kIoCreateHandle ? convert_io(record, time_ns) : convert_rma(record, time_ns);
  // Attributes belong to the event after them: a record that wrote nothing drops them too.
  attributes_.clear();
  return written;
}

void RmaIoConverter::add_range(Attribute begin, Attribute end, std::uint64_t first, std::uint64_t last) {
  if (last > first) {
    attributes_.add(begin, first);
    attributes_.add(end, last);
  }
}

std::uint64_t RmaIoConverter::write_op(const journal::RmaOp& op, OTF2_RmaWinRef win, std::uint64_t time_ns) {
  attributes_.add(Attribute::kRmaTargetDisp, op.target_disp);
  attributes_.add(Attribute::kRmaTargetCount, op.target_count);
  if (op.target_signature != schema::kUnknownSignature) {
    attributes_.add(Attribute::kRmaTargetTypeSignature, op.target_signature);
  }
  attributes_.add(Attribute::kRmaTargetByteBegin, op.target_byte_begin);
  attributes_.add(Attribute::kRmaTargetByteEnd, op.target_byte_end);
  add_range(Attribute::kSendBufferBegin, Attribute::kSendBufferEnd, op.send_begin, op.send_end);
  add_range(Attribute::kRecvBufferBegin, Attribute::kRecvBufferEnd, op.recv_begin, op.recv_end);
  if (op.reduction_op != journal::kNoReductionOp) {
    attributes_.add(Attribute::kReductionOp, op.reduction_op);
  }
  const auto remote = static_cast<std::uint32_t>(op.remote);
  const auto kind = static_cast<journal::RmaOpKind>(op.header.arg);
  switch (kind) {
    case journal::RmaOpKind::kPut:
      check(
          OTF2_EvtWriter_RmaPut(writer_, attributes_.for_event(), time_ns, win, remote, op.bytes_sent, op.matching_id),
          "RmaPut");
      break;
    case journal::RmaOpKind::kGet:
      check(OTF2_EvtWriter_RmaGet(writer_, attributes_.for_event(), time_ns, win, remote, op.bytes_received,
                                  op.matching_id),
            "RmaGet");
      break;
    default:
      check(OTF2_EvtWriter_RmaAtomic(writer_, attributes_.for_event(), time_ns, win, remote, atomic_type(kind),
                                     op.bytes_sent, op.bytes_received, op.matching_id),
            "RmaAtomic");
      break;
  }
  return 1;
}

std::uint64_t RmaIoConverter::complete(OTF2_RmaWinRef win, std::size_t nth, std::uint64_t time_ns) {
  if (nth >= completions_.size()) {
    return 0;
  }
  for (const std::uint64_t matching_id : completions_[nth]) {
    check(OTF2_EvtWriter_RmaOpCompleteBlocking(writer_, attributes_.for_event(), time_ns, win, matching_id),
          "RmaOpCompleteBlocking");
    attributes_.clear();
  }
  return completions_[nth].size();
}

std::uint64_t RmaIoConverter::convert_rma(const journal::RecordView& record, std::uint64_t time_ns) {
  if (record.kind() == Kind::kRmaCollectiveBegin) {
    check(OTF2_EvtWriter_RmaCollectiveBegin(writer_, attributes_.for_event(), time_ns), "RmaCollectiveBegin");
    return 1;
  }
  // Counted before the window is looked up: the plan counts every RmaComplete record.
  const std::size_t nth = record.kind() == Kind::kRmaComplete ? completes_seen_++ : 0;
  // Every other RMA record names its window in the same place.
  const auto key = record.as<journal::RmaWinDestroy>().win;
  const auto win = shared_.window_ref(key);
  if (!win) {
    // A creation that failed still closes its collective.
    if (record.kind() == Kind::kRmaCollectiveEnd) {
      check(OTF2_EvtWriter_RmaCollectiveEnd(writer_, attributes_.for_event(), time_ns,
                                            static_cast<OTF2_CollectiveOp>(record.arg()), OTF2_RMA_SYNC_LEVEL_NONE,
                                            OTF2_UNDEFINED_RMA_WIN, OTF2_UNDEFINED_UINT32, 0, 0),
            "RmaCollectiveEnd");
      return 1;
    }
    return 0;
  }
  switch (record.kind()) {
    case Kind::kRmaWinCreate:
      check(OTF2_EvtWriter_RmaWinCreate(writer_, attributes_.for_event(), time_ns, *win), "RmaWinCreate");
      break;
    case Kind::kRmaWinDestroy:
      check(OTF2_EvtWriter_RmaWinDestroy(writer_, attributes_.for_event(), time_ns, *win), "RmaWinDestroy");
      break;
    case Kind::kRmaCollectiveEnd: {
      const auto end = record.as<journal::RmaCollectiveEnd>();
      attributes_.add(Attribute::kRmaAssert, end.assert_flags);
      check(OTF2_EvtWriter_RmaCollectiveEnd(writer_, attributes_.for_event(), time_ns,
                                            static_cast<OTF2_CollectiveOp>(record.arg()), end.sync_level, *win,
                                            OTF2_UNDEFINED_UINT32, 0, 0),
            "RmaCollectiveEnd");
      break;
    }
    case Kind::kRmaGroupSync: {
      const auto sync = record.as<journal::RmaGroupSync>();
      if (sync.member_count > journal::kGroupMembers) {
        return 0;  // too large to name: see journal::RmaGroupSync
      }
      const auto group =
          shared_.group_ref(std::vector<std::int32_t>(sync.world_ranks, sync.world_ranks + sync.member_count));
      attributes_.add(Attribute::kRmaAssert, sync.assert_flags);
      check(OTF2_EvtWriter_RmaGroupSync(writer_, attributes_.for_event(), time_ns, record.arg(), *win, group.value()),
            "RmaGroupSync");
      break;
    }
    case Kind::kRmaLock: {
      const auto lock = record.as<journal::RmaLock>();
      const std::uint32_t remote = remote_of(lock.remote);
      const auto type = static_cast<OTF2_LockType>(lock.type);
      switch (static_cast<journal::LockEvent>(record.arg())) {
        case journal::LockEvent::kRequest:
          attributes_.add(Attribute::kRmaAssert, lock.assert_flags);
          check(OTF2_EvtWriter_RmaRequestLock(writer_, attributes_.for_event(), time_ns, *win, remote, 0, type),
                "RmaRequestLock");
          break;
        case journal::LockEvent::kAcquire:
          check(OTF2_EvtWriter_RmaAcquireLock(writer_, attributes_.for_event(), time_ns, *win, remote, 0, type),
                "RmaAcquireLock");
          break;
        case journal::LockEvent::kTry:
          attributes_.add(Attribute::kRmaAssert, lock.assert_flags);
          check(OTF2_EvtWriter_RmaTryLock(writer_, attributes_.for_event(), time_ns, *win, remote, 0, type),
                "RmaTryLock");
          break;
        case journal::LockEvent::kRelease:
          check(OTF2_EvtWriter_RmaReleaseLock(writer_, attributes_.for_event(), time_ns, *win, remote, 0),
                "RmaReleaseLock");
          break;
      }
      break;
    }
    case Kind::kRmaSync: {
      const auto sync = record.as<journal::RmaSync>();
      check(OTF2_EvtWriter_RmaSync(writer_, attributes_.for_event(), time_ns, *win,
                                   static_cast<std::uint32_t>(sync.remote), record.arg()),
            "RmaSync");
      break;
    }
    case Kind::kRmaComplete: return complete(*win, nth, time_ns);
    case Kind::kRmaOp: return write_op(record.as<journal::RmaOp>(), *win, time_ns);
    case Kind::kRmaOpCompleteNonBlocking:
      check(OTF2_EvtWriter_RmaOpCompleteNonBlocking(writer_, attributes_.for_event(), time_ns, *win,
                                                    record.as<journal::RmaOpCompleteNonBlocking>().matching_id),
            "RmaOpCompleteNonBlocking");
      break;
    case Kind::kRmaOpTest:
      check(OTF2_EvtWriter_RmaOpTest(writer_, attributes_.for_event(), time_ns, *win,
                                     record.as<journal::RmaOpTest>().matching_id),
            "RmaOpTest");
      break;
    default: return 0;
  }
  return 1;
}

std::uint64_t RmaIoConverter::convert_io(const journal::RecordView& record, std::uint64_t time_ns) {
  if (record.kind() == Kind::kIoDeleteFile) {
    const auto removed = record.as<journal::IoDeleteFile>();
    const auto file = shared_.file_ref(name_field(removed.name, sizeof(removed.name)));
    if (!file) {
      return 0;
    }
    check(OTF2_EvtWriter_IoDeleteFile(writer_, attributes_.for_event(), time_ns, kMpiIoParadigm, *file),
          "IoDeleteFile");
    return 1;
  }
  // Every other I/O record names its handle in the same place.
  const auto handle = shared_.io_handle_ref(rank_, record.as<journal::IoDestroyHandle>().handle);
  if (!handle) {
    return 0;
  }
  switch (record.kind()) {
    case Kind::kIoCreateHandle: {
      const auto create = record.as<journal::IoCreateHandle>();
      check(OTF2_EvtWriter_IoCreateHandle(writer_, attributes_.for_event(), time_ns, *handle, access_mode(create.amode),
                                          creation_flags(create.amode), status_flags(create.amode)),
            "IoCreateHandle");
      break;
    }
    case Kind::kIoDestroyHandle:
      check(OTF2_EvtWriter_IoDestroyHandle(writer_, attributes_.for_event(), time_ns, *handle), "IoDestroyHandle");
      break;
    case Kind::kIoOperationBegin: {
      const auto begin = record.as<journal::IoOperationBegin>();
      if (begin.offset != journal::kNoOffset) {
        attributes_.add(Attribute::kIoOffset, static_cast<std::uint64_t>(begin.offset));
      }
      check(OTF2_EvtWriter_IoOperationBegin(writer_, attributes_.for_event(), time_ns, *handle,
                                            static_cast<OTF2_IoOperationMode>(record.arg()), begin.flags,
                                            begin.bytes_request, begin.matching_id),
            "IoOperationBegin");
      break;
    }
    case Kind::kIoOperationIssued:
      check(OTF2_EvtWriter_IoOperationIssued(writer_, attributes_.for_event(), time_ns, *handle,
                                             record.as<journal::IoOperationIssued>().matching_id),
            "IoOperationIssued");
      break;
    case Kind::kIoOperationComplete: {
      const auto done = record.as<journal::IoOperationComplete>();
      if (record.arg() == journal::kIoCancelled) {
        check(OTF2_EvtWriter_IoOperationCancelled(writer_, attributes_.for_event(), time_ns, *handle, done.matching_id),
              "IoOperationCancelled");
        break;
      }
      check(OTF2_EvtWriter_IoOperationComplete(writer_, attributes_.for_event(), time_ns, *handle, done.bytes_result,
                                               done.matching_id),
            "IoOperationComplete");
      break;
    }
    case Kind::kIoOperationTest:
      check(OTF2_EvtWriter_IoOperationTest(writer_, attributes_.for_event(), time_ns, *handle,
                                           record.as<journal::IoOperationTest>().matching_id),
            "IoOperationTest");
      break;
    case Kind::kIoSeek: {
      const auto seek = record.as<journal::IoSeek>();
      check(OTF2_EvtWriter_IoSeek(writer_, attributes_.for_event(), time_ns, *handle, seek.offset_request,
                                  static_cast<OTF2_IoSeekOption>(record.arg()), seek.offset_result),
            "IoSeek");
      break;
    }
    default: return 0;
  }
  return 1;
}

}  // namespace mpisight::otf2
