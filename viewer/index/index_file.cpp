// Binary layout: magic, format version, fingerprint, then each section as a count followed by its records
// (fixed-size arrays raw, strings length-prefixed). Host byte order: the cache is local to this machine.
#include "index/index_file.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <fstream>
#include <type_traits>

#include "index/build_progress.hpp"
#include "index/index_builder.hpp"
#include "trace/trace_reader.hpp"

namespace mpisight::viewer {
namespace {

namespace fs = std::filesystem;

constexpr char kMagic[8] = {'M', 'P', 'I', 'V', 'I', 'D', 'X', '\n'};
// 2: the coarse view before the arrays; 3: RMA and I/O; 4: file opens, seeks, call links, completing calls
constexpr std::uint32_t kFormatVersion = 4;

std::uint64_t fnv1a(std::uint64_t hash, const void* data, std::size_t size) {
  const auto* bytes = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < size; ++i) {
    hash = (hash ^ bytes[i]) * 0x100000001b3ull;
  }
  return hash;
}

class Writer {
 public:
  explicit Writer(std::ofstream& out) : out_(out) {}
  template <class T>
  void pod(const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    out_.write(reinterpret_cast<const char*>(&value), sizeof(T));
  }
  template <class T>
  void array(const std::vector<T>& values) {
    static_assert(std::is_trivially_copyable_v<T>);
    pod<std::uint64_t>(values.size());
    out_.write(reinterpret_cast<const char*>(values.data()), static_cast<std::streamsize>(values.size() * sizeof(T)));
  }
  void string(const std::string& value) {
    pod<std::uint64_t>(value.size());
    out_.write(value.data(), static_cast<std::streamsize>(value.size()));
  }

 private:
  std::ofstream& out_;
};

class Reader {
 public:
  explicit Reader(std::ifstream& in, std::uint64_t file_size) : in_(in), remaining_(file_size) {}
  template <class T>
  bool pod(T& value) {
    return take(&value, sizeof(T));
  }
  template <class T>
  bool array(std::vector<T>& values) {
    std::uint64_t count = 0;
    if (!pod(count) || count > remaining_ / std::max<std::size_t>(sizeof(T), 1)) {
      return false;
    }
    values.resize(count);
    return take(values.data(), count * sizeof(T));
  }
  bool string(std::string& value) {
    std::uint64_t size = 0;
    if (!pod(size) || size > remaining_) {
      return false;
    }
    value.resize(size);
    return take(value.data(), size);
  }

 private:
  bool take(void* data, std::uint64_t size) {
    if (size > remaining_) {
      return false;
    }
    in_.read(static_cast<char*>(data), static_cast<std::streamsize>(size));
    remaining_ -= size;
    return static_cast<bool>(in_);
  }
  std::ifstream& in_;
  std::uint64_t remaining_;
};

fs::path resolve_anchor(const fs::path& path) {
  std::error_code error;
  return fs::is_directory(path, error) ? path / "traces.otf2" : path;
}

template <class LaneOk, class SpanOk>
bool rma_io_consistent(const TraceIndex& index, const LaneOk& lane_ok, const SpanOk& span_ok);

// Every reference inside the index points at an existing record, so queries never need to check.
bool consistent(const TraceIndex& index) {
  const auto lanes = index.lanes.size();
  std::uint64_t next_span = 0;
  for (const LaneInfo& lane : index.lanes) {
    if (lane.span_begin != next_span || lane.span_end < lane.span_begin || lane.span_end > index.spans.size()) {
      return false;
    }
    next_span = lane.span_end;
  }
  if (next_span != index.spans.size()) {
    return false;
  }
  auto link_ok = [&](std::uint32_t link) {
    if (link == kNone) {
      return true;
    }
    return (link & kCollectiveLink) != 0 ? (link & ~kCollectiveLink) < index.collectives.size()
                                         : link < index.messages.size();
  };
  for (const Span& span : index.spans) {
    if (span.region >= index.regions.size() || static_cast<std::size_t>(span.family) >= kFamilyCount ||
        !link_ok(span.links[0]) || !link_ok(span.links[1]) ||
        (span.call_site != kNone && span.call_site >= index.call_sites.size())) {
      return false;
    }
  }
  auto lane_ok = [&](LaneId lane) { return lane == kNone || lane < lanes; };
  auto span_ok = [&](SpanId span) { return span == kNone || span < index.spans.size(); };
  for (const Message& m : index.messages) {
    if (!lane_ok(m.send_lane) || !lane_ok(m.recv_lane) || !span_ok(m.send_span) || !span_ok(m.recv_span) ||
        (m.comm != kNone && m.comm >= index.comms.size())) {
      return false;
    }
  }
  for (const Collective& c : index.collectives) {
    if (c.comm != kNone && c.comm >= index.comms.size()) {
      return false;
    }
  }
  for (const CommInfo& comm : index.comms) {
    if (!std::all_of(comm.lanes.begin(), comm.lanes.end(), lane_ok)) {
      return false;
    }
  }
  return rma_io_consistent(index, lane_ok, span_ok);
}

// The RMA and I/O records' references, as consistent() checks the others'.
template <class LaneOk, class SpanOk>
bool rma_io_consistent(const TraceIndex& index, const LaneOk& lane_ok, const SpanOk& span_ok) {
  auto comm_ok = [&](std::uint32_t comm) { return comm == kNone || comm < index.comms.size(); };
  auto window_ok = [&](std::uint32_t window) { return window == kNone || window < index.windows.size(); };
  auto handle_ok = [&](std::uint32_t handle) { return handle == kNone || handle < index.io_handles.size(); };
  for (const WindowInfo& window : index.windows) {
    if (!comm_ok(window.comm)) {
      return false;
    }
  }
  for (const IoHandleInfo& handle : index.io_handles) {
    if (!comm_ok(handle.comm)) {
      return false;
    }
  }
  for (const RmaOperation& op : index.rma_ops) {
    if (!lane_ok(op.origin_lane) || !lane_ok(op.target_lane) || !window_ok(op.window) || !span_ok(op.span) ||
        !span_ok(op.complete_span) ||
        static_cast<std::uint8_t>(op.kind) > static_cast<std::uint8_t>(RmaKind::kAccumulate)) {
      return false;
    }
  }
  for (const RmaEpoch& epoch : index.rma_epochs) {
    if (epoch.lane == kNone || !lane_ok(epoch.lane) || !window_ok(epoch.window) || !span_ok(epoch.span) ||
        (epoch.group != kNone && epoch.group >= index.rma_groups.size()) ||
        static_cast<std::uint8_t>(epoch.kind) > static_cast<std::uint8_t>(EpochKind::kLockAll)) {
      return false;
    }
  }
  for (const IoOperation& op : index.io_ops) {
    if (op.lane == kNone || !lane_ok(op.lane) || !span_ok(op.span) || !span_ok(op.complete_span) ||
        !handle_ok(op.handle)) {
      return false;
    }
  }
  for (const FileOpen& file : index.file_opens) {
    if (file.lane == kNone || !lane_ok(file.lane) || !span_ok(file.open_span) || !span_ok(file.close_span) ||
        !handle_ok(file.handle)) {
      return false;
    }
  }
  for (const FileSeek& seek : index.file_seeks) {
    if (seek.lane == kNone || !lane_ok(seek.lane) || !span_ok(seek.span) || !handle_ok(seek.handle)) {
      return false;
    }
  }
  const std::array<std::size_t, 4> items = {index.rma_ops.size(), index.io_ops.size(), index.file_opens.size(),
                                            index.file_seeks.size()};
  for (const CallLink& link : index.call_links) {
    const auto kind = static_cast<std::size_t>(link.kind);
    if (link.span >= index.spans.size() || kind >= items.size() || link.item >= items[kind]) {
      return false;
    }
  }
  return std::is_sorted(index.call_links.begin(), index.call_links.end(),
                        [](const CallLink& a, const CallLink& b) { return a.span < b.span; });
}

}  // namespace

fs::path index_path_for(const fs::path& anchor) {
  fs::path file = anchor;
  file.replace_extension(".mpiview-index");
  return file;
}

std::uint64_t archive_fingerprint(const fs::path& anchor) {
  std::vector<fs::path> files = {anchor};
  std::error_code error;
  const fs::path dir = anchor.parent_path().empty() ? fs::path(".") : anchor.parent_path();
  const std::string stem = anchor.stem().string();
  files.push_back(dir / (stem + ".def"));
  for (fs::recursive_directory_iterator it(dir / stem, error), end; !error && it != end; it.increment(error)) {
    if (it->is_regular_file(error)) {
      files.push_back(it->path());
    }
  }
  std::sort(files.begin() + 2, files.end());
  std::uint64_t hash = 0xcbf29ce484222325ull;
  hash = fnv1a(hash, &kFormatVersion, sizeof(kFormatVersion));
  for (const fs::path& file : files) {
    const std::string name = file.filename().string();
    hash = fnv1a(hash, name.data(), name.size());
    std::error_code file_error;
    const std::uint64_t size = fs::file_size(file, file_error);
    const auto mtime = fs::last_write_time(file, file_error).time_since_epoch().count();
    hash = fnv1a(hash, &size, sizeof(size));
    hash = fnv1a(hash, &mtime, sizeof(mtime));
  }
  return hash;
}

bool save_index(const TraceIndex& index, std::uint64_t fingerprint, const fs::path& file, const CoarseView& coarse) {
  const fs::path temp = file.string() + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) {
      return false;
    }
    Writer w(out);
    out.write(kMagic, sizeof(kMagic));
    w.pod(kFormatVersion);
    w.pod(fingerprint);
    w.pod(index.begin_ns);
    w.pod(index.end_ns);
    w.pod(index.max_message_latency_ns);
    w.pod<std::uint64_t>(index.lanes.size());
    for (const LaneInfo& lane : index.lanes) {
      w.pod(lane.location);
      w.pod<std::uint32_t>(lane.rank.value_or(kNone));
      w.pod(lane.thread);
      w.string(lane.name);
      w.pod(lane.span_begin);
      w.pod(lane.span_end);
    }
    w.pod<std::uint64_t>(index.regions.size());
    for (const RegionInfo& region : index.regions) {
      w.string(region.name);
      w.pod(region.family);
    }
    w.pod<std::uint64_t>(index.comms.size());
    for (const CommInfo& comm : index.comms) {
      w.string(comm.name);
      w.array(comm.lanes);
    }
    w.pod<std::uint64_t>(index.call_sites.size());
    for (const CallSite& site : index.call_sites) {
      w.string(site.function);
      w.string(site.file);
      w.pod(site.line);
    }
    w.pod<std::uint64_t>(index.windows.size());
    for (const WindowInfo& window : index.windows) {
      w.string(window.name);
      w.pod(window.comm);
    }
    w.pod<std::uint64_t>(index.io_handles.size());
    for (const IoHandleInfo& handle : index.io_handles) {
      w.string(handle.file);
      w.pod(handle.comm);
    }
    w.pod<std::uint64_t>(index.rma_groups.size());
    for (const auto& group : index.rma_groups) {
      w.array(group);
    }
    w.pod<std::uint64_t>(coarse.lanes());
    w.pod(coarse.begin_ns());
    w.pod(coarse.end_ns());
    w.array(coarse.cells());
    w.array(index.spans);
    w.array(index.messages);
    w.array(index.collectives);
    w.array(index.rma_ops);
    w.array(index.rma_epochs);
    w.array(index.io_ops);
    w.array(index.file_opens);
    w.array(index.file_seeks);
    w.array(index.call_links);
    out.write(kMagic, sizeof(kMagic));  // trailer: a file cut short is never taken for an index
    if (!out.flush()) {
      std::error_code ignored;
      fs::remove(temp, ignored);
      return false;
    }
  }
  std::error_code error;
  fs::rename(temp, file, error);
  if (error) {
    fs::remove(temp, error);
    return false;
  }
  return true;
}

std::optional<TraceIndex> load_index(const fs::path& file, std::uint64_t fingerprint, BuildProgress* progress) {
  std::error_code error;
  const std::uint64_t size = fs::file_size(file, error);
  if (error) {
    return std::nullopt;
  }
  std::ifstream in(file, std::ios::binary);
  Reader r(in, size);
  char magic[sizeof(kMagic)] = {};
  std::uint32_t version = 0;
  std::uint64_t stored_fingerprint = 0;
  if (!r.pod(magic) || std::memcmp(magic, kMagic, sizeof(kMagic)) != 0 || !r.pod(version) ||
      version != kFormatVersion || !r.pod(stored_fingerprint) || stored_fingerprint != fingerprint) {
    return std::nullopt;
  }
  TraceIndex index;
  std::uint64_t count = 0;
  bool ok = r.pod(index.begin_ns) && r.pod(index.end_ns) && r.pod(index.max_message_latency_ns) && r.pod(count) &&
            count <= size;
  for (std::uint64_t i = 0; ok && i < count; ++i) {
    LaneInfo lane;
    std::uint32_t rank = kNone;
    ok = r.pod(lane.location) && r.pod(rank) && r.pod(lane.thread) && r.string(lane.name) && r.pod(lane.span_begin) &&
         r.pod(lane.span_end);
    if (rank != kNone) {
      lane.rank = rank;
    }
    index.lanes.push_back(std::move(lane));
  }
  ok = ok && r.pod(count) && count <= size;
  for (std::uint64_t i = 0; ok && i < count; ++i) {
    RegionInfo region;
    ok = r.string(region.name) && r.pod(region.family);
    index.regions.push_back(std::move(region));
  }
  ok = ok && r.pod(count) && count <= size;
  for (std::uint64_t i = 0; ok && i < count; ++i) {
    CommInfo comm;
    ok = r.string(comm.name) && r.array(comm.lanes);
    index.comms.push_back(std::move(comm));
  }
  ok = ok && r.pod(count) && count <= size;
  for (std::uint64_t i = 0; ok && i < count; ++i) {
    CallSite site;
    ok = r.string(site.function) && r.string(site.file) && r.pod(site.line);
    index.call_sites.push_back(std::move(site));
  }
  ok = ok && r.pod(count) && count <= size;
  for (std::uint64_t i = 0; ok && i < count; ++i) {
    WindowInfo window;
    ok = r.string(window.name) && r.pod(window.comm);
    index.windows.push_back(std::move(window));
  }
  ok = ok && r.pod(count) && count <= size;
  for (std::uint64_t i = 0; ok && i < count; ++i) {
    IoHandleInfo handle;
    ok = r.string(handle.file) && r.pod(handle.comm);
    index.io_handles.push_back(std::move(handle));
  }
  ok = ok && r.pod(count) && count <= size;
  for (std::uint64_t i = 0; ok && i < count; ++i) {
    std::vector<std::uint32_t> group;
    ok = r.array(group);
    index.rma_groups.push_back(std::move(group));
  }
  std::uint64_t coarse_lanes = 0;
  std::int64_t coarse_begin = 0;
  std::int64_t coarse_end = 0;
  std::vector<CoarseView::Bin> cells;
  ok = ok && r.pod(coarse_lanes) && r.pod(coarse_begin) && r.pod(coarse_end) && r.array(cells);
  if (ok && progress != nullptr) {
    if (auto coarse = CoarseView::from_cells(coarse_lanes, coarse_begin, coarse_end, std::move(cells))) {
      TraceIndex skeleton = index;  // no spans yet: the lanes' span ranges must not point anywhere
      for (LaneInfo& lane : skeleton.lanes) {
        lane.span_begin = lane.span_end = 0;
      }
      progress->start(skeleton, 0);
      progress->publish(*coarse, 0);
    }
  }
  ok = ok && r.array(index.spans) && r.array(index.messages) && r.array(index.collectives) && r.array(index.rma_ops) &&
       r.array(index.rma_epochs) && r.array(index.io_ops) && r.array(index.file_opens) && r.array(index.file_seeks) &&
       r.array(index.call_links) && r.pod(magic) && std::memcmp(magic, kMagic, sizeof(kMagic)) == 0;
  if (!ok || !consistent(index)) {
    return std::nullopt;
  }
  return index;
}

std::optional<TraceIndex> load_cached_index(const fs::path& trace_path, BuildProgress* progress) {
  const fs::path anchor = resolve_anchor(trace_path);
  std::error_code error;
  if (!fs::exists(anchor, error)) {
    return std::nullopt;
  }
  auto cached = load_index(index_path_for(anchor), archive_fingerprint(anchor), progress);
  if (cached) {
    cached->trace_path = anchor.string();
  }
  return cached;
}

bool cache_index(const TraceIndex& index, const CoarseView& coarse, const fs::path& trace_path) {
  // Fingerprint after reading: TraceReader has validated the archive, so its file list is the real one.
  const fs::path anchor = resolve_anchor(trace_path);
  return save_index(index, archive_fingerprint(anchor), index_path_for(anchor), coarse);
}

OpenedIndex open_index(const fs::path& trace_path, BuildProgress* progress) {
  if (auto cached = load_cached_index(trace_path, progress)) {
    return {std::move(*cached), true, true};
  }
  BuildProgress own_progress;  // its coarse view is stored with the index
  BuildProgress& used = progress != nullptr ? *progress : own_progress;
  OpenedIndex opened{build_index(trace_path, &used), false, false};
  opened.cached = cache_index(opened.index, used.coarse(), trace_path);
  return opened;
}

}  // namespace mpisight::viewer
