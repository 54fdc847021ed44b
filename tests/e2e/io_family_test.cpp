// The MPI-IO program (programs/io.c) traced at 4 ranks, checked record by record per rank through otf2-print:
// handle creation and destruction on one file, every read and write with its mode, flags, bytes requested and done
// and its offset, nonblocking and split-collective operations issued and completed, seeks with their result,
// sync as a flush, the delete; and not one record of the MPI calls ROMIO makes inside (the program makes no p2p
// call, so p2p records could only be ROMIO's).
#include <algorithm>
#include <gtest/gtest.h>
#include <optional>
#include <set>

#include "printed_events.hpp"
#include "traced_run.hpp"

namespace mpisight::testkit {
namespace {

constexpr int kRanks = 4;

// One expected I/O record: an operation's begin (with its completion, and issued in between if nonblocking), a
// seek, or one of the handle records.
struct Step {
  std::string kind;
  std::string mode;   // begin: READ, WRITE, FLUSH
  std::string flags;  // begin: NONE, {COLLECTIVE}, ...
  std::uint64_t bytes = 0;
  std::optional<std::uint64_t> offset;  // begin: kIoOffset; seek: request and result
};

std::vector<Step> expected_steps(std::uint64_t r) {
  const std::uint64_t next = (r + 1) % kRanks;
  const std::string none = "NONE";
  const std::string coll = "{COLLECTIVE}";
  const std::string nb = "{NON_BLOCKING}";
  const std::string split = "{NON_BLOCKING, COLLECTIVE}";
  const Step flush{"IO_OPERATION_BEGIN", "FLUSH", coll, 0, std::nullopt};
  std::vector<Step> steps = {
      {"IO_CREATE_HANDLE", "", "", 0, std::nullopt},
      {"IO_OPERATION_BEGIN", "WRITE", none, 16, 16 * r},  // write_at
      flush,
      flush,
      {"IO_OPERATION_BEGIN", "READ", none, 16, 16 * next},  // read_at
      {"IO_SEEK", "", "", 0, 64 + 16 * r},
      {"IO_OPERATION_BEGIN", "WRITE", none, 16, 64 + 16 * r},  // write at the individual pointer
      {"IO_SEEK", "", "", 0, 256},                             // seek_shared
  };
  if (r == 0) {
    steps.push_back({"IO_OPERATION_BEGIN", "WRITE", none, 4, std::nullopt});  // write_shared
  }
  const std::vector<Step> rest = {
      {"IO_OPERATION_BEGIN", "WRITE", coll, 4, std::nullopt},    // write_ordered
      {"IO_OPERATION_BEGIN", "WRITE", coll, 16, 128 + 16 * r},   // write_at_all
      {"IO_OPERATION_BEGIN", "WRITE", nb, 16, 320 + 16 * r},     // iwrite_at
      {"IO_OPERATION_BEGIN", "WRITE", split, 16, 400 + 16 * r},  // write_at_all_begin/end
      flush,
      flush,
      {"IO_OPERATION_BEGIN", "READ", nb, 16, 320 + 16 * next},     // iread_at
      {"IO_OPERATION_BEGIN", "READ", split, 16, 400 + 16 * next},  // read_at_all_begin/end
      {"IO_OPERATION_BEGIN", "READ", coll, 16, 260},               // read_at_all of the ordered ints
      {"IO_OPERATION_BEGIN", "READ", coll, 16, 64 + 16 * next},    // read_at_all
      {"IO_DESTROY_HANDLE", "", "", 0, std::nullopt},
  };
  steps.insert(steps.end(), rest.begin(), rest.end());
  if (r == 0) {
    steps.push_back({"IO_DELETE_FILE", "", "", 0, std::nullopt});
  }
  return steps;
}

// Checks `events` (one rank's I/O records) against `steps`; an operation's begin consumes its issued (nonblocking)
// and complete records, which must carry its matching id.
void expect_steps(const std::vector<PrintedEvent>& events, const std::vector<Step>& steps, std::uint64_t handle) {
  std::size_t at = 0;
  for (std::size_t s = 0; s < steps.size(); ++s) {
    const Step& step = steps[s];
    SCOPED_TRACE("step " + std::to_string(s) + ": " + step.kind + " " + step.mode);
    ASSERT_LT(at, events.size()) << "the records end early";
    const PrintedEvent& e = events[at++];
    ASSERT_EQ(e.kind, step.kind);
    if (step.kind == "IO_DELETE_FILE") {
      continue;
    }
    EXPECT_EQ(e.number("Handle"), handle);
    if (step.kind == "IO_SEEK") {
      EXPECT_EQ(e.number("Offset Request"), *step.offset);
      EXPECT_EQ(e.text("Whence"), "FROM_START");
      EXPECT_EQ(e.number("Offset Result"), *step.offset);
    }
    if (step.kind != "IO_OPERATION_BEGIN") {
      continue;
    }
    EXPECT_EQ(e.text("Mode"), step.mode);
    EXPECT_EQ(e.text("Operation Flags"), step.flags);
    EXPECT_EQ(e.number("Bytes Request"), step.bytes);
    if (step.offset) {
      EXPECT_EQ(e.attribute("mpisight:io_offset"), *step.offset);
    } else {
      EXPECT_EQ(e.attributes.count("mpisight:io_offset"), 0U);
    }
    const std::uint64_t id = e.number("Matching Id");
    if (step.flags.find("NON_BLOCKING") != std::string::npos) {
      ASSERT_LT(at, events.size());
      EXPECT_EQ(events[at].kind, "IO_OPERATION_ISSUED");
      EXPECT_EQ(events[at++].number("Matching Id"), id);
    }
    ASSERT_LT(at, events.size());
    const PrintedEvent& done = events[at++];
    EXPECT_EQ(done.kind, "IO_OPERATION_COMPLETE");
    EXPECT_EQ(done.number("Matching Id"), id);
    EXPECT_EQ(done.number("Handle"), handle);
    EXPECT_EQ(done.number("Bytes Result"), step.bytes);
  }
  EXPECT_EQ(at, events.size()) << "records beyond the expected ones";
}

std::uint32_t flag_bits(const std::string& flags) {
  std::uint32_t bits = 0;
  if (flags.find("NON_BLOCKING") != std::string::npos) {
    bits |= trace::kIoNonBlocking;
  }
  if (flags.find("COLLECTIVE") != std::string::npos) {
    bits |= trace::kIoCollective;
  }
  return bits;
}

// The analyzer's trace reader delivers the same I/O records as typed events: the handle names the file, every
// operation its mode, flags, bytes and offset, and its completion (same handle and matching id) the bytes done.
void expect_reader_io(const trace::Trace& trace, std::uint64_t r, const std::string& file) {
  const auto location = trace.definitions.location_of(static_cast<trace::WorldRank>(r)).value();
  const auto creates = trace.events_of<trace::IoCreateHandle>(location);
  ASSERT_EQ(creates.size(), 1U);
  const trace::IoHandleId handle = creates[0].handle;
  EXPECT_EQ(trace.definitions.io_file_name(handle), file);
  ASSERT_TRUE(trace.definitions.io_handles.at(handle).comm.has_value());
  EXPECT_EQ(trace.definitions.comms.at(*trace.definitions.io_handles.at(handle).comm).world_ranks.size(),
            static_cast<std::size_t>(kRanks));
  std::vector<Step> operations;
  for (const Step& step : expected_steps(r)) {
    if (step.kind == "IO_OPERATION_BEGIN") {
      operations.push_back(step);
    }
  }
  const auto begins = trace.events_of<trace::IoOperationBegin>(location);
  const auto completes = trace.events_of<trace::IoOperationComplete>(location);
  ASSERT_EQ(begins.size(), operations.size());
  ASSERT_EQ(completes.size(), operations.size());
  std::size_t nonblocking = 0;
  for (std::size_t i = 0; i < operations.size(); ++i) {
    SCOPED_TRACE("operation " + std::to_string(i));
    const trace::IoOperationBegin& begin = begins[i];
    const trace::IoMode mode = operations[i].mode == "READ"    ? trace::IoMode::kRead
                               : operations[i].mode == "WRITE" ? trace::IoMode::kWrite
                                                               : trace::IoMode::kFlush;
    EXPECT_EQ(begin.handle, handle);
    EXPECT_EQ(begin.mode, mode);
    EXPECT_EQ(begin.flags, flag_bits(operations[i].flags));
    EXPECT_EQ(begin.bytes_request, operations[i].bytes);
    EXPECT_EQ(begin.offset, operations[i].offset);
    nonblocking += (begin.flags & trace::kIoNonBlocking) != 0 ? 1 : 0;
    const auto done = std::find_if(completes.begin(), completes.end(),
                                   [&](const auto& c) { return c.matching_id == begin.matching_id; });
    ASSERT_NE(done, completes.end());
    EXPECT_EQ(done->handle, handle);
    EXPECT_EQ(done->bytes_result, operations[i].bytes);
    EXPECT_GE(done->time_ns, begin.time_ns);
  }
  EXPECT_EQ(trace.events_of<trace::IoOperationIssued>(location).size(), nonblocking);
  const auto seeks = trace.events_of<trace::IoSeek>(location);
  ASSERT_EQ(seeks.size(), 2U);
  EXPECT_EQ(seeks[0].offset_result, 64 + 16 * r);
  EXPECT_EQ(seeks[1].offset_result, 256U);
  EXPECT_EQ(trace.events_of<trace::IoDestroyHandle>(location).size(), 1U);
  const auto deletes = trace.events_of<trace::IoDeleteFile>(location);
  ASSERT_EQ(deletes.size(), r == 0 ? 1U : 0U);
  if (r == 0) {
    EXPECT_EQ(trace.definitions.io_files.at(deletes[0].file).name, file);
  }
}

TEST(IoFamily, EveryAccessStyleHasBytesOffsetsAndCompletion) {
  const std::filesystem::path data_dir = fresh_trace_dir("io-data");
  std::filesystem::create_directories(data_dir);
  const std::string file = (data_dir / "data.bin").string();
  const TracedProgram traced = trace_program("io", kRanks, MPISIGHT_IO_PROGRAM, "io: OK\n", {file});
  EXPECT_FALSE(std::filesystem::exists(file)) << "the program deletes its file";

  // One file, one handle per rank on it, opened over MPI_COMM_WORLD.
  const auto files = printed_definitions(traced.archive, "IO_REGULAR_FILE");
  ASSERT_EQ(files.size(), 1U);
  EXPECT_EQ(files[0].text("Name").substr(0, file.size() + 2), "\"" + file + "\"");
  const auto handles = printed_definitions(traced.archive, "IO_HANDLE");
  ASSERT_EQ(handles.size(), static_cast<std::size_t>(kRanks));
  for (const PrintedEvent& h : handles) {
    EXPECT_EQ(h.number("File"), files[0].location);  // location holds the definition's reference
    EXPECT_NE(h.text("Communicator").find("MPI_COMM_WORLD"), std::string::npos);
  }
  EXPECT_EQ(printed_definitions(traced.archive, "IO_PARADIGM").size(), 1U);

  const std::vector<PrintedEvent> all = printed_events(traced.archive);
  std::set<std::uint64_t> used_handles;
  for (std::uint64_t r = 0; r < kRanks; ++r) {
    SCOPED_TRACE("rank " + std::to_string(r));
    const std::vector<PrintedEvent> io = printed_of(all, r, "IO_");
    ASSERT_FALSE(io.empty());
    ASSERT_EQ(io[0].kind, "IO_CREATE_HANDLE");
    EXPECT_EQ(io[0].text("Access Mode"), "READ_WRITE");
    EXPECT_EQ(io[0].text("Creation Flags"), "{CREATE}");
    const std::uint64_t handle = io[0].number("Handle");
    used_handles.insert(handle);
    expect_steps(io, expected_steps(r), handle);
    expect_reader_io(traced.trace, r, file);

    // ROMIO's own MPI calls are not the program's: no p2p record at all, and only the program's 4 collectives.
    const auto location = traced.trace.definitions.location_of(static_cast<trace::WorldRank>(r)).value();
    EXPECT_TRUE(traced.trace.events_of<trace::MpiSend>(location).empty());
    EXPECT_TRUE(traced.trace.events_of<trace::MpiIsend>(location).empty());
    EXPECT_TRUE(traced.trace.events_of<trace::MpiRecv>(location).empty());
    EXPECT_TRUE(traced.trace.events_of<trace::MpiIrecv>(location).empty());
    const auto collectives = traced.trace.events_of<trace::MpiCollectiveEnd>(location);
    ASSERT_EQ(collectives.size(), 4U);
    EXPECT_EQ(collectives[0].op, trace::CollectiveOp::kBarrier);
    EXPECT_EQ(collectives[1].op, trace::CollectiveOp::kBarrier);
    EXPECT_EQ(collectives[2].op, trace::CollectiveOp::kBarrier);
    EXPECT_EQ(collectives[3].op, trace::CollectiveOp::kAllreduce);
  }
  EXPECT_EQ(used_handles.size(), static_cast<std::size_t>(kRanks)) << "each rank has its own handle";
}

}  // namespace
}  // namespace mpisight::testkit
