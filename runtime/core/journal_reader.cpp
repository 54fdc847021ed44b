// Maps a journal read-only and validates its header.
#include "core/journal_reader.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace mpisight::journal {

JournalReader::JournalReader(const std::string& path) : path_(path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    throw std::runtime_error("cannot open journal '" + path + "': " + std::strerror(errno));
  }
  struct stat info {};
  if (fstat(fd, &info) != 0 || static_cast<std::size_t>(info.st_size) < kHeaderBytes) {
    close(fd);
    throw std::runtime_error("'" + path + "' is too short to be a journal");
  }
  size_bytes_ = static_cast<std::size_t>(info.st_size);
  void* mapped = mmap(nullptr, size_bytes_, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (mapped == MAP_FAILED) {
    throw std::runtime_error("cannot map journal '" + path + "': " + std::strerror(errno));
  }
  data_ = static_cast<const std::byte*>(mapped);
  std::memcpy(&header_, data_, sizeof(header_));
  const bool valid = std::memcmp(header_.magic, kMagic, sizeof(kMagic)) == 0 && header_.version == kVersion &&
                     header_.header_bytes == kHeaderBytes && header_.chunk_bytes >= 4096 &&
                     header_.chunk_bytes % 4096 == 0;
  if (!valid) {
    munmap(const_cast<std::byte*>(data_), size_bytes_);
    data_ = nullptr;
    throw std::runtime_error("'" + path + "' is not an mpisight journal of version " + std::to_string(kVersion));
  }
  header_.host[sizeof(header_.host) - 1] = '\0';
}

JournalReader::JournalReader(JournalReader&& other) noexcept
    : path_(std::move(other.path_)), header_(other.header_), data_(other.data_), size_bytes_(other.size_bytes_) {
  other.data_ = nullptr;
}

JournalReader& JournalReader::operator=(JournalReader&& other) noexcept {
  std::swap(path_, other.path_);
  std::swap(header_, other.header_);
  std::swap(data_, other.data_);
  std::swap(size_bytes_, other.size_bytes_);
  return *this;
}

JournalReader::~JournalReader() {
  if (data_ != nullptr) {
    munmap(const_cast<std::byte*>(data_), size_bytes_);
  }
}

std::size_t JournalReader::expected_bytes(Kind kind) noexcept {
  switch (kind) {
    case Kind::kEnter: return sizeof(Enter);
    case Kind::kLeave: return sizeof(Leave);
    case Kind::kClockAnchor: return sizeof(ClockAnchor);
    case Kind::kClockOffset: return sizeof(ClockOffset);
    case Kind::kMpiSend: return sizeof(MpiSend);
    case Kind::kMpiRecv: return sizeof(MpiRecv);
    case Kind::kMpiIsend: return sizeof(MpiIsend);
    case Kind::kMpiIsendComplete: return sizeof(MpiIsendComplete);
    case Kind::kMpiIrecvRequest: return sizeof(MpiIrecvRequest);
    case Kind::kMpiIrecv: return sizeof(MpiIrecv);
    case Kind::kMpiCollectiveBegin: return sizeof(MpiCollectiveBegin);
    case Kind::kMpiCollectiveEnd: return sizeof(MpiCollectiveEnd);
    case Kind::kTracingStopped: return sizeof(TracingStopped);
    case Kind::kChunkStart: return sizeof(ChunkStart);
    case Kind::kLeaveShort: return sizeof(LeaveShort);
    case Kind::kMpiRequestTest: return sizeof(MpiRequestTest);
    case Kind::kMpiRequestCancelled: return sizeof(MpiRequestCancelled);
    case Kind::kNonBlockingCollectiveRequest: return sizeof(NonBlockingCollectiveRequest);
    case Kind::kNonBlockingCollectiveComplete: return sizeof(NonBlockingCollectiveComplete);
    case Kind::kRmaWinCreate: return sizeof(RmaWinCreate);
    case Kind::kRmaWinDestroy: return sizeof(RmaWinDestroy);
    case Kind::kRmaCollectiveBegin: return sizeof(RmaCollectiveBegin);
    case Kind::kRmaCollectiveEnd: return sizeof(RmaCollectiveEnd);
    case Kind::kRmaGroupSync: return sizeof(RmaGroupSync);
    case Kind::kRmaLock: return sizeof(RmaLock);
    case Kind::kRmaSync: return sizeof(RmaSync);
    case Kind::kRmaComplete: return sizeof(RmaComplete);
    case Kind::kRmaOp: return sizeof(RmaOp);
    case Kind::kRmaOpCompleteNonBlocking: return sizeof(RmaOpCompleteNonBlocking);
    case Kind::kRmaOpTest: return sizeof(RmaOpTest);
    case Kind::kIoCreateHandle: return sizeof(IoCreateHandle);
    case Kind::kIoDestroyHandle: return sizeof(IoDestroyHandle);
    case Kind::kIoDeleteFile: return sizeof(IoDeleteFile);
    case Kind::kIoOperationBegin: return sizeof(IoOperationBegin);
    case Kind::kIoOperationIssued: return sizeof(IoOperationIssued);
    case Kind::kIoOperationComplete: return sizeof(IoOperationComplete);
    case Kind::kIoOperationTest: return sizeof(IoOperationTest);
    case Kind::kIoSeek: return sizeof(IoSeek);
    case Kind::kAttribute: return sizeof(Attribute);
    case Kind::kSiteName: return sizeof(SiteName);
    case Kind::kCommCreate: return sizeof(CommCreate);
    case Kind::kCommDestroy: return sizeof(CommDestroy);
    case Kind::kReceiveWaits: return sizeof(ReceiveWaits);
    case Kind::kEnterSend: return sizeof(EnterSend);
    case Kind::kEnterReceive: return sizeof(EnterReceive);
    case Kind::kReceiveLeave: return sizeof(ReceiveLeave);
    case Kind::kEnterSendRepeat:
    case Kind::kEnterReceiveRepeat:
    case Kind::kReceiveLeaveRepeat: return sizeof(std::uint64_t);
    case Kind::kPeerCounts: return sizeof(PeerCounts);
    case Kind::kCollectiveInit: return sizeof(CollectiveInit);
    case Kind::kNone:
    case Kind::kCount: break;
  }
  return 0;
}

}  // namespace mpisight::journal
