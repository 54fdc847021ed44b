// mpi-view's index, call details and tiles on real traces of tests/e2e/programs/rma.c and io.c on 4 ranks and
// rma_threads.c on 2 (written by the browser tests' fixture, viewer.browser.traces): the right target ranks, bytes,
// windows, reductions, completing calls (also on another thread), source lines, file name, offsets, opens and seeks.
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "api/api_json.hpp"
#include "index/index_builder.hpp"
#include "tiles/tile_engine.hpp"

namespace mpisight::viewer {
namespace {

namespace fs = std::filesystem;

constexpr LaneId kRanks = 4;
const fs::path kTraces = VIEWER_TRACES_DIR;
constexpr const char* kHostileFile = "<img src=x onerror=alert(3)>.bin";

SpanId call_named(const TraceIndex& index, LaneId lane, const std::string& name, std::size_t nth = 0) {
  for (auto s = index.lanes[lane].span_begin; s < index.lanes[lane].span_end; ++s) {
    if (index.regions[index.spans[s].region].name == name && nth-- == 0) {
      return static_cast<SpanId>(s);
    }
  }
  throw std::runtime_error("no call " + name + " on lane " + std::to_string(lane));
}

// The 1-based line of `source` holding `text`.
std::uint32_t line_of(const fs::path& source, const std::string& text) {
  std::ifstream in(source);
  std::string line;
  for (std::uint32_t number = 1; std::getline(in, line); ++number) {
    if (line.find(text) != std::string::npos) {
      return number;
    }
  }
  throw std::runtime_error(text + " not in " + source.string());
}

const TraceIndex& rma_index() {
  static const TraceIndex index = build_index(kTraces / "rma" / "traces.otf2");
  return index;
}

const TraceIndex& io_index() {
  static const TraceIndex index = build_index(kTraces / "io" / "traces.otf2");
  return index;
}

// Rank 1's MPI_Accumulate (PSCW, into rank 0): one int with MPI_SUM at displacement 5 of the created window.
TEST(TracedRma, AccumulateCallShowsItsOperation) {
  const TraceIndex& index = rma_index();
  const Json call = span_details(index, call_named(index, 1, "MPI_Accumulate"));
  ASSERT_TRUE(call.contains("rma")) << call.dump(2);
  EXPECT_EQ(call["rma"]["total"], 1);
  EXPECT_EQ(call["rma"]["issued"], 1);
  const Json& op = call["rma"]["listed"][0];
  EXPECT_EQ(op["kind"], "accumulate");
  EXPECT_EQ(op["origin_rank"], 1);
  EXPECT_EQ(op["target_rank"], 0);
  EXPECT_EQ(op["bytes"], 4);
  EXPECT_EQ(op["reduction"], "MPI_SUM");
  EXPECT_EQ(op["target_disp"], 5);
  EXPECT_EQ(op["target_begin"], 20);
  EXPECT_EQ(op["target_end"], 24);
  EXPECT_EQ(op["window"], "MPI_Win_create window 0");
  EXPECT_EQ(op["completed_by"]["function"], "MPI_Win_complete");
  ASSERT_TRUE(call.contains("call_site")) << call.dump(2);
  EXPECT_TRUE(call["call_site"]["file"].get<std::string>().ends_with("rma.c"));
  EXPECT_EQ(call["call_site"]["line"], line_of(RMA_SOURCE, "MPI_Accumulate(&add"));

  const Json complete = span_details(index, call_named(index, 1, "MPI_Win_complete"));
  EXPECT_EQ(complete["rma"]["completed"], 1);
  EXPECT_EQ(complete["rma"]["listed"][0]["role"], "completed");
  EXPECT_EQ(complete["rma"]["listed"][0]["function"], "MPI_Accumulate");
  EXPECT_EQ(complete["rma"]["listed"][0]["target_rank"], 0);
}

// The closing fence of every rank completes its epoch's three operations, listed in issue order: 2 ints put to the
// right at displacement 2, 1 int got from the left at 0, 2 ints put to the right through a strided type at 4.
TEST(TracedRma, ClosingFenceListsTheOperationsItCompleted) {
  const TraceIndex& index = rma_index();
  for (LaneId r = 0; r < kRanks; ++r) {
    SCOPED_TRACE("rank " + std::to_string(r));
    const Json opening = span_details(index, call_named(index, r, "MPI_Win_fence", 0));
    EXPECT_FALSE(opening.contains("rma")) << "the opening fence completes nothing";
    const Json fence = span_details(index, call_named(index, r, "MPI_Win_fence", 1));
    ASSERT_TRUE(fence.contains("rma"));
    EXPECT_EQ(fence["rma"]["completed"], 3);
    EXPECT_EQ(fence["rma"]["issued"], 0);
    const Json& listed = fence["rma"]["listed"];
    ASSERT_EQ(listed.size(), 3U);
    const auto right = (r + 1) % kRanks;
    const auto left = (r + kRanks - 1) % kRanks;
    EXPECT_EQ(listed[0]["kind"], "put");
    EXPECT_EQ(listed[0]["target_rank"], right);
    EXPECT_EQ(listed[0]["bytes"], 8);
    EXPECT_EQ(listed[0]["target_begin"], 8);
    EXPECT_EQ(listed[1]["kind"], "get");
    EXPECT_EQ(listed[1]["target_rank"], left);
    EXPECT_EQ(listed[1]["bytes"], 4);
    EXPECT_EQ(listed[1]["target_begin"], 0);
    EXPECT_EQ(listed[2]["kind"], "put");
    EXPECT_EQ(listed[2]["target_rank"], right);
    EXPECT_EQ(listed[2]["target_begin"], 16);
    EXPECT_EQ(listed[2]["target_end"], 28);
    for (const Json& op : listed) {
      EXPECT_EQ(op["role"], "completed");
      EXPECT_EQ(op["completed_by"]["function"], "MPI_Win_fence");
    }
  }
}

// Request-based operations: the Rget completed by MPI_Wait, the Rput by the MPI_Test that saw it done.
TEST(TracedRma, RequestBasedOperationsNameTheCallThatCompletedThem) {
  const TraceIndex& index = rma_index();
  for (LaneId r = 0; r < kRanks; ++r) {
    SCOPED_TRACE("rank " + std::to_string(r));
    const Json wait = span_details(index, call_named(index, r, "MPI_Wait"));
    ASSERT_TRUE(wait.contains("rma"));
    EXPECT_EQ(wait["rma"]["completed"], 1);
    EXPECT_EQ(wait["rma"]["listed"][0]["kind"], "get");
    EXPECT_EQ(wait["rma"]["listed"][0]["function"], "MPI_Rget");
    EXPECT_EQ(wait["rma"]["listed"][0]["target_rank"], 0);
    EXPECT_EQ(wait["rma"]["listed"][0]["bytes"], 8);
    const Json rput = span_details(index, call_named(index, r, "MPI_Rput"));
    EXPECT_EQ(rput["rma"]["listed"][0]["target_rank"], (r + 1) % kRanks);
    EXPECT_EQ(rput["rma"]["listed"][0]["completed_by"]["function"], "MPI_Test");
  }
}

// The tile of the accumulate's time carries its line: rank 1 to rank 0, 4 bytes, kind accumulate.
// The first `name` call on any lane of `rank` whose thread is (or, with `on_main` false, is not) the rank's first.
std::pair<SpanId, LaneId> call_of_rank(const TraceIndex& index, std::uint32_t rank, bool on_main,
                                       const std::string& name) {
  for (LaneId lane = 0; lane < index.lanes.size(); ++lane) {
    const LaneInfo& info = index.lanes[lane];
    if (info.rank == rank && (info.thread == 0) == on_main) {
      for (auto s = info.span_begin; s < info.span_end; ++s) {
        if (index.regions[index.spans[s].region].name == name) {
          return {static_cast<SpanId>(s), lane};
        }
      }
    }
  }
  throw std::runtime_error("no call " + name + " on rank " + std::to_string(rank));
}

const RmaOperation& operation_issued_by(const TraceIndex& index, SpanId call) {
  for (const RmaOperation& op : index.rma_ops) {
    if (op.span == call) {
      return op;
    }
  }
  throw std::runtime_error("no operation issued by span " + std::to_string(call));
}

// tests/e2e/programs/rma_threads.c on 2 ranks: a worker thread's put and get are completed by the main thread's
// MPI_Win_flush, and the main thread's later put by another worker's MPI_Win_flush_all.
TEST(TracedRma, OperationsCompletedOnAnotherThreadNameThatThreadsCall) {
  const TraceIndex index = build_index(kTraces / "rma_threads" / "traces.otf2");
  ASSERT_EQ(index.rma_ops.size(), 6U);
  for (std::uint32_t rank = 0; rank < 2; ++rank) {
    SCOPED_TRACE("rank " + std::to_string(rank));
    const auto [worker_put, worker] = call_of_rank(index, rank, false, "MPI_Put");
    const auto [worker_get, get_lane] = call_of_rank(index, rank, false, "MPI_Get");
    const auto [flush_all, flusher] = call_of_rank(index, rank, false, "MPI_Win_flush_all");
    const auto [main_put, main_lane] = call_of_rank(index, rank, true, "MPI_Put");
    const auto [flush, flush_lane] = call_of_rank(index, rank, true, "MPI_Win_flush");
    const LaneId right = call_of_rank(index, 1 - rank, true, "MPI_Put").second;
    EXPECT_EQ(get_lane, worker);
    EXPECT_NE(flusher, worker);
    EXPECT_EQ(flush_lane, main_lane);

    for (const SpanId issued : {worker_put, worker_get}) {
      const RmaOperation& op = operation_issued_by(index, issued);
      EXPECT_EQ(op.origin_lane, worker);
      EXPECT_EQ(op.target_lane, right);
      EXPECT_EQ(op.bytes, 4U);
      EXPECT_EQ(op.complete_span, flush);
      EXPECT_EQ(op.end_ns, index.spans[flush].end_ns);
    }
    const RmaOperation& later = operation_issued_by(index, main_put);
    EXPECT_EQ(later.origin_lane, main_lane);
    EXPECT_EQ(later.target_disp, 2U);
    EXPECT_EQ(later.complete_span, flush_all);

    const Json put = span_details(index, worker_put);
    EXPECT_EQ(put["rma"]["listed"][0]["completed_by"]["function"], "MPI_Win_flush");
    const Json flushed = span_details(index, flush);
    EXPECT_EQ(flushed["rma"]["completed"], 2);
    EXPECT_EQ(flushed["rma"]["listed"][0]["function"], "MPI_Put");
    EXPECT_EQ(flushed["rma"]["listed"][1]["function"], "MPI_Get");
    const Json flushed_all = span_details(index, flush_all);
    EXPECT_EQ(flushed_all["rma"]["completed"], 1);
    EXPECT_EQ(flushed_all["rma"]["listed"][0]["target_disp"], 2);
    EXPECT_FALSE(span_details(index, call_of_rank(index, rank, true, "MPI_Win_unlock_all").first).contains("rma"));
  }
}

TEST(TracedRma, TileHasTheAccumulateLine) {
  const TraceIndex& index = rma_index();
  const TileEngine engine(index);
  const Json call = span_details(index, call_named(index, 1, "MPI_Accumulate"));
  const Json& op = call["rma"]["listed"][0];
  const std::int64_t start = op["start_ns"];
  const std::int64_t end = op["end_ns"];
  const auto tile = nlohmann::json::parse(tile_to_json(engine.query({start - 10, end + 10, 1000, {}})));
  const auto id = op["id"].get<std::int64_t>();
  bool found = false;
  for (const auto& line : tile["rma"]) {  // [origin_lane, start_ns, target_lane, end_ns, count, bytes, id, kind]
    if (line[6] == id) {
      EXPECT_EQ(line, nlohmann::json::array({1, start, 0, end, 1, 4, id, 2}));
      found = true;
    }
  }
  EXPECT_TRUE(found) << tile["rma"].dump();
}

std::string file_of(const Json& item) {
  return item["file"].get<std::string>();
}

// Every rank opened the file read-write once and closed it; while open it made 15 operations (rank 0: 16, with its
// write_shared): 80 bytes read, 84 written (rank 0: 88).
TEST(TracedIo, FileOpensFromOpenToCloseWithTheirOperations) {
  const TraceIndex& index = io_index();
  ASSERT_EQ(index.file_opens.size(), kRanks);
  for (std::uint32_t id = 0; id < kRanks; ++id) {
    SCOPED_TRACE("file open " + std::to_string(id));
    const Json open = file_open_details(index, id);
    const LaneId lane = id;  // sorted by lane
    EXPECT_EQ(open["lane"], lane);
    EXPECT_TRUE(file_of(open).ends_with(kHostileFile)) << file_of(open);
    EXPECT_EQ(open["access"], "read-write");
    EXPECT_EQ(open["closed"], true);
    EXPECT_EQ(open["opened_by"]["function"], "MPI_File_open");
    EXPECT_EQ(open["closed_by"]["function"], "MPI_File_close");
    const Span& opened = index.spans[call_named(index, lane, "MPI_File_open")];
    const Span& closed = index.spans[call_named(index, lane, "MPI_File_close")];
    EXPECT_GE(open["start_ns"].get<std::int64_t>(), opened.start_ns);
    EXPECT_LE(open["start_ns"].get<std::int64_t>(), opened.end_ns);
    EXPECT_GE(open["end_ns"].get<std::int64_t>(), closed.start_ns);
    EXPECT_LE(open["end_ns"].get<std::int64_t>(), closed.end_ns);
    EXPECT_EQ(open["operations"], lane == 0 ? 16 : 15);
    EXPECT_EQ(open["bytes_read"], 80);
    EXPECT_EQ(open["bytes_written"], lane == 0 ? 88 : 84);
    const Json opener = span_details(index, call_named(index, lane, "MPI_File_open"));
    EXPECT_EQ(opener["files"]["opened"], 1);
    EXPECT_EQ(opener["files"]["listed"][0]["role"], "opened");
    const Json closer = span_details(index, call_named(index, lane, "MPI_File_close"));
    EXPECT_EQ(closer["files"]["closed"], 1);
    EXPECT_EQ(closer["files"]["listed"][0]["role"], "closed");
  }
}

// MPI_File_seek to 64 + 16 r from the start, MPI_File_seek_shared to 256: each seek in its call's details.
TEST(TracedIo, SeeksWithWhereTheyWentAndTheirCalls) {
  const TraceIndex& index = io_index();
  ASSERT_EQ(index.file_seeks.size(), 2U * kRanks);
  for (LaneId r = 0; r < kRanks; ++r) {
    SCOPED_TRACE("rank " + std::to_string(r));
    const Json seek = span_details(index, call_named(index, r, "MPI_File_seek"));
    ASSERT_TRUE(seek.contains("seeks")) << seek.dump(2);
    const Json& individual = seek["seeks"]["listed"][0];
    EXPECT_EQ(individual["offset_request"], 64 + 16 * r);
    EXPECT_EQ(individual["whence"], "from start");
    EXPECT_EQ(individual["offset_result"], 64 + 16 * r);
    EXPECT_TRUE(file_of(individual).ends_with(kHostileFile));
    const Json shared = seek_details(index, 2 * r + 1);  // sorted by lane, then time
    EXPECT_EQ(shared["lane"], r);
    EXPECT_EQ(shared["offset_result"], 256);
    EXPECT_EQ(shared["function"], "MPI_File_seek_shared");
  }
}

// Rank 2's blocking write_at (16 B at offset 32) issues and completes its operation; its iwrite_at (16 B at
// 320 + 32) only issues, and the MPI_Wait after it completes it.
TEST(TracedIo, IoCallsShowTheOperationsTheyIssuedOrCompleted) {
  const TraceIndex& index = io_index();
  const Json write = span_details(index, call_named(index, 2, "MPI_File_write_at"));
  ASSERT_TRUE(write.contains("io")) << write.dump(2);
  EXPECT_EQ(write["io"]["issued"], 1);
  EXPECT_EQ(write["io"]["completed"], 1);
  const Json& op = write["io"]["listed"][0];
  EXPECT_EQ(op["role"], "issued and completed");
  EXPECT_EQ(op["mode"], "write");
  EXPECT_EQ(op["bytes"], 16);
  EXPECT_EQ(op["offset"], 32);
  EXPECT_TRUE(file_of(op).ends_with(kHostileFile));
  EXPECT_EQ(write["call_site"]["line"], line_of(IO_SOURCE, "MPI_File_write_at(fh"));
  const std::string script = dump_for_script(write);
  EXPECT_EQ(script.find("<img"), std::string::npos) << "the file name reaches a script only escaped";

  const Json iwrite = span_details(index, call_named(index, 2, "MPI_File_iwrite_at"));
  EXPECT_EQ(iwrite["io"]["issued"], 1);
  EXPECT_EQ(iwrite["io"]["completed"], 0);
  EXPECT_EQ(iwrite["io"]["listed"][0]["completed_by"]["function"], "MPI_Wait");
  const Json wait = span_details(index, call_named(index, 2, "MPI_Wait"));
  EXPECT_EQ(wait["io"]["completed"], 1);
  EXPECT_EQ(wait["io"]["listed"][0]["offset"], 352);
  EXPECT_EQ(wait["io"]["listed"][0]["function"], "MPI_File_iwrite_at");
}

// Tiles: each lane's file open and its two seeks, in the tile JSON (whole trace and zoomed to one seek).
TEST(TracedIo, TilesCarryFileOpensAndSeeks) {
  const TraceIndex& index = io_index();
  const TileEngine engine(index);
  const auto whole = nlohmann::json::parse(tile_to_json(engine.query({index.begin_ns, index.end_ns, 2000, {}})));
  std::map<LaneId, int> files;
  std::map<LaneId, int> seeks;
  for (const auto& item : whole["files"]) {  // [lane, start_ns, end_ns, kind, count, id]
    files[item[0].get<LaneId>()] += item[4].get<int>();
    EXPECT_EQ(item[3], 2) << "read-write";
  }
  for (const auto& item : whole["seeks"]) {
    seeks[item[0].get<LaneId>()] += item[4].get<int>();
  }
  for (LaneId lane = 0; lane < kRanks; ++lane) {
    EXPECT_EQ(files[lane], 1) << lane;
    EXPECT_EQ(seeks[lane], 2) << lane;
  }
  const FileSeek& seek = index.file_seeks[4];  // rank 2's MPI_File_seek
  ASSERT_EQ(seek.lane, 2U);
  const auto zoomed =
      nlohmann::json::parse(tile_to_json(engine.query({seek.time_ns - 500, seek.time_ns + 500, 1000, {2}})));
  EXPECT_EQ(zoomed["seeks"], nlohmann::json::parse("[[2," + std::to_string(seek.time_ns) + "," +
                                                   std::to_string(seek.time_ns) + ",0,1,4]]"));
}

}  // namespace
}  // namespace mpisight::viewer
