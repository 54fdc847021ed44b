// Collecting, packing and numbering the shared definitions (see the header).
#include "otf2/shared_definitions.hpp"

#include <algorithm>
#include <cstring>
#include <set>
#include <stdexcept>

#include "schema/peer_counts.hpp"

namespace mpisight::otf2 {
namespace {

template <class T>
void sort_unique(std::vector<T>& values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
}

template <class T>
std::optional<std::uint32_t> index_of(const std::vector<T>& sorted, const T& value) {
  const auto it = std::lower_bound(sorted.begin(), sorted.end(), value);
  if (it == sorted.end() || *it != value) {
    return std::nullopt;
  }
  return static_cast<std::uint32_t>(it - sorted.begin());
}

// A flat byte stream of fixed-size numbers and length-prefixed strings.
class Writer {
 public:
  template <class T>
  void put(T value) {
    const auto* raw = reinterpret_cast<const std::byte*>(&value);
    bytes_.insert(bytes_.end(), raw, raw + sizeof(T));
  }
  void put(const std::string& text) {
    put(static_cast<std::uint32_t>(text.size()));
    const auto* raw = reinterpret_cast<const std::byte*>(text.data());
    bytes_.insert(bytes_.end(), raw, raw + text.size());
  }
  [[nodiscard]] std::vector<std::byte> take() { return std::move(bytes_); }

 private:
  std::vector<std::byte> bytes_;
};

class Reader {
 public:
  explicit Reader(std::span<const std::byte> bytes) : bytes_(bytes) {}
  template <class T>
  T get() {
    T value{};
    need(sizeof(T));
    std::memcpy(&value, bytes_.data() + at_, sizeof(T));
    at_ += sizeof(T);
    return value;
  }
  std::string get_string() {
    const auto size = get<std::uint32_t>();
    need(size);
    std::string text(reinterpret_cast<const char*>(bytes_.data() + at_), size);
    at_ += size;
    return text;
  }

 private:
  void need(std::size_t size) const {
    if (at_ + size > bytes_.size()) {
      throw std::runtime_error("shared definitions from another rank are cut short");
    }
  }
  std::span<const std::byte> bytes_;
  std::size_t at_ = 0;
};

}  // namespace

std::string name_field(const char* field, std::size_t bytes) {
  return {field, strnlen(field, bytes)};
}

std::optional<std::string> peer_counts_text(const journal::RecordView& record) {
  const auto head = record.as<journal::PeerCounts>();
  const std::size_t entries = head.entries;
  const std::size_t words = entries * (head.typed != 0 ? 2 : 1);
  if (entries > journal::kMaxPeerCounts || sizeof(head) + words * 8 > record.size_bytes()) {
    return std::nullopt;
  }
  std::vector<std::uint64_t> values(words);
  std::memcpy(values.data(), record.bytes() + sizeof(head), words * 8);
  const std::span<const std::uint64_t> all(values);
  return schema::format_peer_counts(all.first(entries), all.subspan(entries));
}

SharedDefinitions SharedDefinitions::collect(const ProcessJournals& process, std::span<const std::uint32_t> comm_ids) {
  using journal::Kind;
  SharedDefinitions defs;
  std::set<std::string> peer_counts;
  std::size_t peer_count_bytes = 0;
  auto global_comm = [&](std::uint32_t id) {
    if (comm_ids.empty()) {
      return id;
    }
    return id < comm_ids.size() ? comm_ids[id] : journal::kCommUnknown;
  };
  for (const journal::JournalReader& thread : process.threads) {
    thread.for_each([&](const journal::RecordView& record) {
      switch (record.kind()) {
        case Kind::kRmaWinCreate: {
          const auto create = record.as<journal::RmaWinCreate>();
          if (const std::uint32_t comm = global_comm(record.arg()); comm != journal::kCommUnknown) {
            defs.add(WindowDefinition{create.win, comm, static_cast<std::uint32_t>(create.flavor)});
          }
          break;
        }
        case Kind::kRmaGroupSync: {
          const auto sync = record.as<journal::RmaGroupSync>();
          if (sync.member_count <= journal::kGroupMembers) {
            defs.add_group({sync.world_ranks, sync.world_ranks + sync.member_count});
          }
          break;
        }
        case Kind::kIoCreateHandle: {
          const auto create = record.as<journal::IoCreateHandle>();
          std::string name = name_field(create.name, sizeof(create.name));
          defs.add_file(name);
          defs.add(IoHandleDefinition{process.rank, create.handle, global_comm(record.arg()), std::move(name)});
          break;
        }
        case Kind::kIoDeleteFile: {
          const auto removed = record.as<journal::IoDeleteFile>();
          defs.add_file(name_field(removed.name, sizeof(removed.name)));
          break;
        }
        case Kind::kPeerCounts: {
          std::optional<std::string> text = peer_counts_text(record);
          if (text && peer_counts.size() < kMaxPeerCountStrings &&
              peer_count_bytes + text->size() <= kMaxPeerCountBytes && peer_counts.insert(*text).second) {
            peer_count_bytes += text->size();
          }
          break;
        }
        default: break;
      }
    });
  }
  defs.peer_counts_.assign(peer_counts.begin(), peer_counts.end());
  defs.finish();
  return defs;
}

std::vector<std::byte> SharedDefinitions::pack() const {
  Writer out;
  out.put(static_cast<std::uint32_t>(windows_.size()));
  for (const WindowDefinition& window : windows_) {
    out.put(window.key);
    out.put(window.comm);
    out.put(window.flavor);
  }
  out.put(static_cast<std::uint32_t>(files_.size()));
  for (const std::string& file : files_) {
    out.put(file);
  }
  out.put(static_cast<std::uint32_t>(groups_.size()));
  for (const auto& group : groups_) {
    out.put(static_cast<std::uint32_t>(group.size()));
    for (const std::int32_t rank : group) {
      out.put(rank);
    }
  }
  out.put(static_cast<std::uint32_t>(io_handles_.size()));
  for (const IoHandleDefinition& handle : io_handles_) {
    out.put(handle.rank);
    out.put(handle.local);
    out.put(handle.comm);
    out.put(handle.file);
  }
  out.put(static_cast<std::uint32_t>(peer_counts_.size()));
  for (const std::string& text : peer_counts_) {
    out.put(text);
  }
  return out.take();
}

SharedDefinitions SharedDefinitions::unpack(std::span<const std::byte> bytes) {
  Reader in(bytes);
  SharedDefinitions defs;
  defs.windows_.resize(in.get<std::uint32_t>());
  for (WindowDefinition& window : defs.windows_) {
    window.key = in.get<std::uint64_t>();
    window.comm = in.get<std::uint32_t>();
    window.flavor = in.get<std::uint32_t>();
  }
  defs.files_.resize(in.get<std::uint32_t>());
  for (std::string& file : defs.files_) {
    file = in.get_string();
  }
  defs.groups_.resize(in.get<std::uint32_t>());
  for (auto& group : defs.groups_) {
    group.resize(in.get<std::uint32_t>());
    for (std::int32_t& rank : group) {
      rank = in.get<std::int32_t>();
    }
  }
  defs.io_handles_.resize(in.get<std::uint32_t>());
  for (IoHandleDefinition& handle : defs.io_handles_) {
    handle.rank = in.get<std::int32_t>();
    handle.local = in.get<std::uint64_t>();
    handle.comm = in.get<std::uint32_t>();
    handle.file = in.get_string();
  }
  defs.peer_counts_.resize(in.get<std::uint32_t>());
  for (std::string& text : defs.peer_counts_) {
    text = in.get_string();
  }
  return defs;
}

void SharedDefinitions::merge(const SharedDefinitions& other) {
  windows_.insert(windows_.end(), other.windows_.begin(), other.windows_.end());
  files_.insert(files_.end(), other.files_.begin(), other.files_.end());
  groups_.insert(groups_.end(), other.groups_.begin(), other.groups_.end());
  io_handles_.insert(io_handles_.end(), other.io_handles_.begin(), other.io_handles_.end());
  peer_counts_.insert(peer_counts_.end(), other.peer_counts_.begin(), other.peer_counts_.end());
}

void SharedDefinitions::finish() {
  sort_unique(windows_);
  // Every member reports the same window; should they disagree on anything but the key, the first one wins.
  windows_.erase(std::unique(windows_.begin(), windows_.end(),
                             [](const WindowDefinition& a, const WindowDefinition& b) { return a.key == b.key; }),
                 windows_.end());
  sort_unique(files_);
  sort_unique(groups_);
  sort_unique(io_handles_);
  sort_unique(peer_counts_);
}

std::optional<std::uint32_t> SharedDefinitions::window_ref(std::uint64_t key) const {
  const auto it = std::lower_bound(windows_.begin(), windows_.end(), key,
                                   [](const WindowDefinition& window, std::uint64_t k) { return window.key < k; });
  if (it == windows_.end() || it->key != key) {
    return std::nullopt;
  }
  return static_cast<std::uint32_t>(it - windows_.begin());
}

std::optional<std::uint32_t> SharedDefinitions::file_ref(const std::string& name) const {
  return index_of(files_, name);
}

std::optional<std::uint32_t> SharedDefinitions::group_ref(const std::vector<std::int32_t>& world_ranks) const {
  const auto index = index_of(groups_, world_ranks);
  return index ? std::optional<std::uint32_t>(kFirstRmaGroupRef + *index) : std::nullopt;
}

std::optional<std::uint32_t> SharedDefinitions::peer_counts_ref(const std::string& text) const {
  return index_of(peer_counts_, text);
}

std::optional<std::uint32_t> SharedDefinitions::io_handle_ref(std::int32_t rank, std::uint64_t local) const {
  const auto it =
      std::lower_bound(io_handles_.begin(), io_handles_.end(), std::pair{rank, local},
                       [](const IoHandleDefinition& handle, const std::pair<std::int32_t, std::uint64_t>& k) {
                         return std::pair{handle.rank, handle.local} < k;
                       });
  if (it == io_handles_.end() || it->rank != rank || it->local != local) {
    return std::nullopt;
  }
  return static_cast<std::uint32_t>(it - io_handles_.begin());
}

}  // namespace mpisight::otf2
