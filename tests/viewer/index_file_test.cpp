// The cached index: written next to the trace, reused while the trace is unchanged, rebuilt when it changes,
// never trusted when damaged.
#include "index/index_file.hpp"

#include <fstream>
#include <gtest/gtest.h>

#include "otf2_fixture.hpp"
#include "temp_dir.hpp"
#include "viewer_fixtures.hpp"

namespace mpisight::viewer {
namespace {

namespace fs = std::filesystem;

void expect_same(const TraceIndex& a, const TraceIndex& b) {
  ASSERT_EQ(a.spans.size(), b.spans.size());
  ASSERT_EQ(a.messages.size(), b.messages.size());
  ASSERT_EQ(a.collectives.size(), b.collectives.size());
  ASSERT_EQ(a.lanes.size(), b.lanes.size());
  for (std::size_t i = 0; i < a.spans.size(); ++i) {
    EXPECT_EQ(a.spans[i].start_ns, b.spans[i].start_ns);
    EXPECT_EQ(a.spans[i].end_ns, b.spans[i].end_ns);
    EXPECT_EQ(a.spans[i].region, b.spans[i].region);
  }
  for (std::size_t i = 0; i < a.messages.size(); ++i) {
    EXPECT_EQ(a.messages[i].recv_span, b.messages[i].recv_span);
    EXPECT_EQ(a.messages[i].bytes, b.messages[i].bytes);
  }
  for (std::size_t i = 0; i < a.lanes.size(); ++i) {
    EXPECT_EQ(a.lanes[i].rank, b.lanes[i].rank);
    EXPECT_EQ(a.lanes[i].name, b.lanes[i].name);
  }
  ASSERT_EQ(a.rma_ops.size(), b.rma_ops.size());
  for (std::size_t i = 0; i < a.rma_ops.size(); ++i) {
    EXPECT_EQ(a.rma_ops[i].target_lane, b.rma_ops[i].target_lane);
    EXPECT_EQ(a.rma_ops[i].complete_span, b.rma_ops[i].complete_span);
  }
  ASSERT_EQ(a.call_links.size(), b.call_links.size());
  for (std::size_t i = 0; i < a.call_links.size(); ++i) {
    EXPECT_EQ(a.call_links[i].span, b.call_links[i].span);
    EXPECT_EQ(a.call_links[i].item, b.call_links[i].item);
    EXPECT_EQ(a.call_links[i].role, b.call_links[i].role);
  }
  EXPECT_EQ(a.windows.at(0).name, b.windows.at(0).name);
  EXPECT_EQ(a.comms.at(1).name, b.comms.at(1).name);
  EXPECT_EQ(a.regions.size(), b.regions.size());
  EXPECT_EQ(a.begin_ns, b.begin_ns);
  EXPECT_EQ(a.end_ns, b.end_ns);
}

TEST(IndexFile, IsCachedNextToTheTraceAndReused) {
  testkit::TempDir dir;
  const fs::path anchor = testkit::write_hostile_trace(dir.path());
  const OpenedIndex first = open_index(anchor);
  EXPECT_FALSE(first.from_cache);
  EXPECT_TRUE(first.cached);
  EXPECT_TRUE(fs::exists(dir.path() / "traces.mpiview-index"));
  const OpenedIndex second = open_index(dir.path());  // the directory names the same trace
  EXPECT_TRUE(second.from_cache);
  expect_same(first.index, second.index);
  EXPECT_EQ(second.index.trace_path, anchor.string());
}

TEST(IndexFile, ChangedTraceIsReindexed) {
  testkit::TempDir dir;
  const fs::path anchor = testkit::write_ping_pong(dir.path());
  const OpenedIndex before = open_index(anchor);
  ASSERT_EQ(before.index.messages.size(), 2U);
  // Same place, different content; the cached index file stays.
  fs::remove_all(dir.path() / "traces");
  fs::remove(dir.path() / "traces.def");
  fs::remove(anchor);
  testkit::write_hostile_trace(dir.path());
  const OpenedIndex after = open_index(anchor);
  EXPECT_FALSE(after.from_cache);
  EXPECT_EQ(after.index.lanes.size(), 4U);
}

TEST(IndexFile, WrongFingerprintOrDamagedFileIsNotLoaded) {
  testkit::TempDir dir;
  const fs::path anchor = testkit::write_hostile_trace(dir.path());
  const OpenedIndex opened = open_index(anchor);
  const fs::path file = index_path_for(anchor);
  const std::uint64_t fingerprint = archive_fingerprint(anchor);
  ASSERT_TRUE(load_index(file, fingerprint).has_value());
  EXPECT_FALSE(load_index(file, fingerprint + 1).has_value());
  const auto size = fs::file_size(file);
  for (std::uintmax_t keep : {std::uintmax_t{0}, std::uintmax_t{10}, size / 2, size - 1}) {
    fs::copy_file(file, dir.path() / "copy", fs::copy_options::overwrite_existing);
    testkit::truncate_file(dir.path() / "copy", keep);
    EXPECT_FALSE(load_index(dir.path() / "copy", fingerprint).has_value()) << "kept " << keep;
  }
  // A span pointing at a region that does not exist: consistent-looking bytes, wrong content.
  TraceIndex broken = opened.index;
  broken.spans[0].region = 999;
  ASSERT_TRUE(save_index(broken, fingerprint, dir.path() / "broken"));
  EXPECT_FALSE(load_index(dir.path() / "broken", fingerprint).has_value());
}

TEST(IndexFile, UnwritableDirectoryStillOpens) {
  testkit::TempDir dir;
  const fs::path anchor = testkit::write_ping_pong(dir.path());
  EXPECT_FALSE(save_index(TraceIndex{}, 1, dir.path() / "no-such-dir" / "index"));
  const OpenedIndex opened = open_index(anchor);
  EXPECT_EQ(opened.index.messages.size(), 2U);
}

}  // namespace
}  // namespace mpisight::viewer
