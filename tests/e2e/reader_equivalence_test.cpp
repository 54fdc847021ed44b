// The trace model's two event readers on traces of real programs: the direct decoder must deliver exactly what
// OTF2's library delivers (tests/support/reader_equivalence.hpp), for every family the tracer records.
#include "reader_equivalence.hpp"

#include <algorithm>
#include <functional>
#include <gtest/gtest.h>
#include <set>

#include "traced_run.hpp"

namespace mpisight::testkit {
namespace {

struct Program {
  std::string name;
  int ranks = 2;
  std::string path;
  std::vector<std::string> args;
  bool crashes = false;
  // What the trace must hold, so that agreement is not agreement on nothing.
  std::function<void(const std::vector<trace::Event>&)> expect;
};

template <class T>
std::vector<T> all_of(const std::vector<trace::Event>& events) {
  std::vector<T> found;
  for (const trace::Event& event : events) {
    if (const T* typed = std::get_if<T>(&event)) {
      found.push_back(*typed);
    }
  }
  return found;
}

std::set<trace::LocationId> locations_of(const std::vector<trace::Event>& events) {
  std::set<trace::LocationId> locations;
  for (const trace::Event& event : events) {
    locations.insert(trace::event_location(event));
  }
  return locations;
}

void expect_p2p(const std::vector<trace::Event>& events) {
  EXPECT_FALSE(all_of<trace::MpiIsend>(events).empty());
  EXPECT_FALSE(all_of<trace::MpiIrecv>(events).empty());
  EXPECT_FALSE(all_of<trace::MpiIrecvRequest>(events).empty());
  const auto receives = all_of<trace::MpiRecv>(events);
  EXPECT_TRUE(std::any_of(receives.begin(), receives.end(), [](const trace::MpiRecv& recv) {
    return recv.requested_source == -2;
  })) << "no MPI_ANY_SOURCE receive";
}

void expect_v_collectives(const std::vector<trace::Event>& events) {
  const auto ends = all_of<trace::MpiCollectiveEnd>(events);
  EXPECT_TRUE(std::any_of(ends.begin(), ends.end(), [](const trace::MpiCollectiveEnd& end) {
    return end.send_counts != nullptr && !end.send_counts->empty();
  })) << "no v-form collective with its send counts";
}

void expect_nonblocking_collectives(const std::vector<trace::Event>& events) {
  EXPECT_FALSE(all_of<trace::NonBlockingCollectiveRequest>(events).empty());
  EXPECT_FALSE(all_of<trace::NonBlockingCollectiveComplete>(events).empty());
}

void expect_persistent_collectives(const std::vector<trace::Event>& events) {
  const auto leaves = all_of<trace::Leave>(events);
  EXPECT_TRUE(std::any_of(leaves.begin(), leaves.end(),
                          [](const trace::Leave& leave) { return leave.collective_init != nullptr; }));
}

void expect_rma(const std::vector<trace::Event>& events) {
  const auto ops = all_of<trace::RmaOp>(events);
  EXPECT_TRUE(
      std::any_of(ops.begin(), ops.end(), [](const trace::RmaOp& op) { return op.kind == trace::RmaOpKind::kAtomic; }));
  EXPECT_FALSE(all_of<trace::RmaLock>(events).empty());
  EXPECT_FALSE(all_of<trace::RmaGroupSync>(events).empty());
  EXPECT_FALSE(all_of<trace::RmaCollectiveEnd>(events).empty());
  EXPECT_FALSE(all_of<trace::RmaOpComplete>(events).empty());
}

void expect_io(const std::vector<trace::Event>& events) {
  EXPECT_FALSE(all_of<trace::IoCreateHandle>(events).empty());
  EXPECT_FALSE(all_of<trace::IoOperationBegin>(events).empty());
  EXPECT_FALSE(all_of<trace::IoOperationComplete>(events).empty());
  EXPECT_FALSE(all_of<trace::IoSeek>(events).empty());
}

void expect_threads(const std::vector<trace::Event>& events) {
  EXPECT_GT(locations_of(events).size(), 2U) << "the threads' locations have events";
}

void expect_recovered(const std::vector<trace::Event>& events) {
  EXPECT_FALSE(all_of<trace::MpiRecv>(events).empty());
}

std::vector<Program> programs() {
  const std::string io_file = (fresh_trace_dir("readers-io-data") / "data.bin").string();
  return {
      {"p2p", 2, MPISIGHT_P2P_PROGRAM, {}, false, expect_p2p},
      {"collectives", 3, MPISIGHT_COLLECTIVES_PROGRAM, {}, false, expect_v_collectives},
      {"collectives_nonblocking",
       3,
       MPISIGHT_COLLECTIVES_NONBLOCKING_PROGRAM,
       {},
       false,
       expect_nonblocking_collectives},
      {"collectives_persistent", 3, MPISIGHT_COLLECTIVES_PERSISTENT_PROGRAM, {}, false, expect_persistent_collectives},
      {"rma", 4, MPISIGHT_RMA_PROGRAM, {}, false, expect_rma},
      {"io", 4, MPISIGHT_IO_PROGRAM, {io_file}, false, expect_io},
      {"threaded", 2, MPISIGHT_THREADED_PROGRAM, {}, false, expect_threads},
      {"crash_midloop", 2, example_path("crash_midloop"), {}, true, expect_recovered},
  };
}

class Readers : public ::testing::TestWithParam<std::size_t> {};

TEST_P(Readers, DirectDecoderDeliversWhatTheOtf2LibraryDelivers) {
  const Program program = programs().at(GetParam());
  SCOPED_TRACE(program.name);
  const auto dir = fresh_trace_dir("readers-" + program.name);
  if (!program.args.empty()) {
    std::filesystem::create_directories(std::filesystem::path(program.args.front()).parent_path());
  }
  const ProcessResult traced = run_traced(dir, program.ranks, program.path, program.args);
  ASSERT_FALSE(traced.timed_out);
  if (!program.crashes) {
    ASSERT_EQ(traced.exit_code, 0) << traced.err;
  }
  const std::vector<trace::Event> events = expect_readers_agree(dir / "traces.otf2");
  ASSERT_FALSE(events.empty());
  EXPECT_GE(locations_of(events).size(), static_cast<std::size_t>(program.ranks));
  program.expect(events);
}

INSTANTIATE_TEST_SUITE_P(Programs, Readers, ::testing::Range<std::size_t>(0, 8),
                         [](const ::testing::TestParamInfo<std::size_t>& info) {
                           return programs().at(info.param).name;
                         });

}  // namespace
}  // namespace mpisight::testkit
