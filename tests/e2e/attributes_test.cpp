// Call sites and the extra attributes (runtime/schema/attributes.hpp), end to end: programs built with -g run
// under mpi-trace, and every call's site must be the exact source line marked "site:" for it, after a normal
// run and after a recovered crash; hook-named sites, return codes, type signatures, wildcard receives, request
// handles and reduction ops are checked record by record.
#include <fstream>
#include <gtest/gtest.h>
#include <mpi.h>
#include <set>
#include <string>
#include <vector>

#include "traced_run.hpp"

namespace mpisight::testkit {
namespace {

std::vector<std::string> source_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return lines;
}

std::uint32_t marked_line(const std::vector<std::string>& lines, const std::string& marker, std::size_t nth = 0) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find("/* site: " + marker + " */") != std::string::npos && nth-- == 0) {
      return static_cast<std::uint32_t>(i + 1);
    }
  }
  ADD_FAILURE() << "no line marked " << marker;
  return 0;
}

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

trace::LocationId rank_location(const trace::Trace& trace, int rank) {
  return trace.definitions.location_of(static_cast<trace::WorldRank>(rank)).value();
}

// Every call `rank` entered has a call site in `function`, in `source`, on a line marked "site:" that makes
// exactly that call. Returns how many calls were checked.
std::size_t expect_sites_on_marked_lines(const trace::Trace& trace, int rank, const std::string& source,
                                         const std::string& function) {
  const std::vector<std::string> lines = source_lines(source);
  const std::string file_name = std::filesystem::path(source).filename().string();
  std::size_t checked = 0;
  for (const auto& enter : trace.events_of<trace::Enter>(rank_location(trace, rank))) {
    const std::string region = trace.definitions.region_name(enter.region);
    SCOPED_TRACE("rank " + std::to_string(rank) + " " + region);
    const auto site = enter.call_site ? trace.definitions.call_site(*enter.call_site) : std::nullopt;
    if (!site) {
      ADD_FAILURE() << "no call site";
      continue;
    }
    EXPECT_EQ(site->function, function);
    EXPECT_TRUE(ends_with(site->file, "/" + file_name)) << site->file;
    if (site->line < 1 || site->line > lines.size()) {
      ADD_FAILURE() << "line " << site->line << " is not in " << source;
      continue;
    }
    const std::string& text = lines[site->line - 1];
    EXPECT_NE(text.find(region + "("), std::string::npos) << "line " << site->line << ": " << text;
    EXPECT_NE(text.find("/* site:"), std::string::npos) << "line " << site->line << ": " << text;
    ++checked;
  }
  return checked;
}

constexpr int kRanks = 3;

class Attributes : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    traced_ = std::make_unique<trace::Trace>(
        trace_program("attributes", kRanks, MPISIGHT_ATTRIBUTES_PROGRAM, "attributes: sum 6 max 3 pair 7 2.5\n").trace);
  }
  static void TearDownTestSuite() { traced_.reset(); }
  static const trace::Trace& trace() { return *traced_; }

 private:
  static std::unique_ptr<trace::Trace> traced_;
};

std::unique_ptr<trace::Trace> Attributes::traced_;

TEST_F(Attributes, EveryCallSiteIsItsMarkedLine) {
  for (int rank = 0; rank < kRanks; ++rank) {
    // init, 2 queries, 4 type calls, 2 allreduces and op_create, 3 frees, finalize; ranks 0 and 1 add 4 p2p calls.
    EXPECT_EQ(expect_sites_on_marked_lines(trace(), rank, MPISIGHT_ATTRIBUTES_SOURCE, "main"), rank < 2 ? 18U : 14U);
  }
}

TEST_F(Attributes, DerivedTypesSignAsTheirBasicElements) {
  const auto sends = trace().events_of<trace::MpiSend>(rank_location(trace(), 0));
  const auto receives = trace().events_of<trace::MpiRecv>(rank_location(trace(), 1));
  ASSERT_EQ(sends.size(), 2U);
  ASSERT_EQ(receives.size(), 2U);
  const auto mpi_int = static_cast<std::uint64_t>(static_cast<std::uint32_t>(MPI_INT));
  // 4 x MPI_INT sent, 1 x contiguous(4, MPI_INT) received: the same signature and count.
  EXPECT_EQ(sends[0].type, (trace::TypeSignature{mpi_int, 4}));
  EXPECT_EQ(receives[0].type, (trace::TypeSignature{mpi_int, 4}));
  // The struct {int, double}: a mixed signature, one element each way, equal on both sides.
  ASSERT_TRUE(sends[1].type.has_value());
  EXPECT_FALSE(schema::is_homogeneous_signature(sends[1].type->signature));
  EXPECT_NE(sends[1].type->signature, schema::kUnknownSignature);
  EXPECT_EQ(sends[1].type->elements, 1U);
  EXPECT_EQ(receives[1].type, sends[1].type);
}

TEST_F(Attributes, ReceivesRecordWhatTheyAskedForNextToWhatMatched) {
  const auto receives = trace().events_of<trace::MpiRecv>(rank_location(trace(), 1));
  ASSERT_EQ(receives.size(), 2U);
  EXPECT_EQ(receives[0].peer, 0U);
  EXPECT_EQ(receives[0].requested_source, MPI_ANY_SOURCE);
  EXPECT_EQ(receives[0].requested_tag, 10);
  EXPECT_EQ(receives[1].tag, 11U);
  EXPECT_EQ(receives[1].requested_source, 0);
  EXPECT_EQ(receives[1].requested_tag, MPI_ANY_TAG);
}

TEST_F(Attributes, RequestEventsCarryTheProgramsHandle) {
  const auto isends = trace().events_of<trace::MpiIsend>(rank_location(trace(), 0));
  const auto send_done = trace().events_of<trace::MpiIsendComplete>(rank_location(trace(), 0));
  ASSERT_EQ(isends.size(), 1U);
  ASSERT_EQ(send_done.size(), 1U);
  ASSERT_TRUE(isends[0].request_handle.has_value());
  EXPECT_NE(*isends[0].request_handle, static_cast<std::uint32_t>(MPI_REQUEST_NULL));
  EXPECT_EQ(send_done[0].request, isends[0].request);
  EXPECT_EQ(send_done[0].request_handle, isends[0].request_handle);
  EXPECT_EQ(isends[0].type, (trace::TypeSignature{static_cast<std::uint32_t>(MPI_INT), 2}));

  const auto started = trace().events_of<trace::MpiIrecvRequest>(rank_location(trace(), 1));
  const auto arrived = trace().events_of<trace::MpiIrecv>(rank_location(trace(), 1));
  ASSERT_EQ(started.size(), 1U);
  ASSERT_EQ(arrived.size(), 1U);
  EXPECT_EQ(started[0].requested_source, MPI_ANY_SOURCE);
  EXPECT_EQ(started[0].requested_tag, MPI_ANY_TAG);
  ASSERT_TRUE(started[0].request_handle.has_value());
  EXPECT_EQ(arrived[0].request, started[0].request);
  EXPECT_EQ(arrived[0].request_handle, started[0].request_handle);
  EXPECT_EQ(arrived[0].tag, 12U);
  EXPECT_EQ(arrived[0].type, (trace::TypeSignature{static_cast<std::uint32_t>(MPI_INT), 2}));
  EXPECT_FALSE(arrived[0].status_error.has_value());
}

TEST_F(Attributes, ReductionsRecordTheirOp) {
  const auto mpi_sum = static_cast<std::uint32_t>(MPI_SUM);
  for (int rank = 0; rank < kRanks; ++rank) {
    SCOPED_TRACE("rank " + std::to_string(rank));
    std::vector<trace::MpiCollectiveEnd> reductions;
    for (const auto& end : trace().events_of<trace::MpiCollectiveEnd>(rank_location(trace(), rank))) {
      if (end.op == trace::CollectiveOp::kAllreduce) {
        reductions.push_back(end);
      }
    }
    ASSERT_EQ(reductions.size(), 2U);
    EXPECT_EQ(reductions[0].reduction_op, mpi_sum);
    ASSERT_TRUE(reductions[1].reduction_op.has_value());
    EXPECT_NE(*reductions[1].reduction_op, mpi_sum) << "the user's op";
    EXPECT_NE(*reductions[1].reduction_op, static_cast<std::uint32_t>(MPI_OP_NULL));
    for (const auto& reduction : reductions) {
      EXPECT_EQ(reduction.send_type, (trace::TypeSignature{static_cast<std::uint32_t>(MPI_INT), 1}));
      EXPECT_EQ(reduction.recv_type, reduction.send_type);
    }
  }
}

TEST(AttributesRecovered, CallSitesResolveAfterACrash) {
  const auto dir = fresh_trace_dir("attributes-crash");
  const ProcessResult traced = run_traced(dir, kRanks, MPISIGHT_ATTRIBUTES_PROGRAM, {"crash"});
  ASSERT_FALSE(traced.timed_out);
  EXPECT_NE(traced.exit_code, 0);
  ASSERT_NE(traced.err.find("recovering the trace"), std::string::npos) << traced.err;
  EXPECT_EQ(otf2_print_problems(dir / "traces.otf2"), "");
  const trace::Trace trace = trace::load_trace(dir / "traces.otf2");
  // Rank 1 was killed after the first barrier; the others had entered the second one.
  EXPECT_EQ(expect_sites_on_marked_lines(trace, 1, MPISIGHT_ATTRIBUTES_SOURCE, "main"), 15U);
  EXPECT_EQ(expect_sites_on_marked_lines(trace, 0, MPISIGHT_ATTRIBUTES_SOURCE, "main"), 16U);
  EXPECT_EQ(expect_sites_on_marked_lines(trace, 2, MPISIGHT_ATTRIBUTES_SOURCE, "main"), 12U);
}

TEST(ReturnCode, ErrorsReturnedPassThroughAndAreRecorded) {
  const TracedProgram run =
      trace_program("return-code", 2, MPISIGHT_RETURN_CODE_PROGRAM, "return_code: class_is_rank 1\n");
  const trace::Trace& trace = run.trace;
  std::vector<std::int32_t> codes;
  for (const auto& leave : trace.events_of<trace::Leave>(rank_location(trace, 0))) {
    if (leave.return_code) {
      EXPECT_EQ(trace.definitions.region_name(leave.region), "MPI_Send");
      codes.push_back(*leave.return_code);
    }
  }
  ASSERT_EQ(codes.size(), 1U);
  EXPECT_NE(codes[0], MPI_SUCCESS);
  // The program got exactly the code the trace recorded (MPI_ERR_RANK's class, checked by the program's output).
  EXPECT_NE(run.err.find("return_code: " + std::to_string(codes[0]) + "\n"), std::string::npos) << run.err;
  for (const auto& leave : trace.events_of<trace::Leave>(rank_location(trace, 1))) {
    EXPECT_FALSE(leave.return_code.has_value());
  }
}

TEST(CallSiteHook, NamedSitesReplaceReturnAddresses) {
  const trace::Trace trace = trace_program("call-site-hook", 2, MPISIGHT_HOOK_PROGRAM).trace;
  const std::vector<std::string> lines = source_lines(MPISIGHT_HOOK_SOURCE);
  for (int rank = 0; rank < 2; ++rank) {
    SCOPED_TRACE("rank " + std::to_string(rank));
    std::vector<std::pair<std::string, std::uint32_t>> sites;
    std::set<std::string> functions;
    for (const auto& enter : trace.events_of<trace::Enter>(rank_location(trace, rank))) {
      const std::string region = trace.definitions.region_name(enter.region);
      if (region != "MPI_Allreduce" && region != "MPI_Barrier") {
        continue;
      }
      ASSERT_TRUE(enter.call_site.has_value()) << region;
      const auto site = trace.definitions.call_site(*enter.call_site).value();
      EXPECT_TRUE(ends_with(site.file, "/call_site_hook.cpp")) << site.file;
      // The hook passes std::source_location's name; the return address resolves to the DWARF name.
      functions.insert(site.function);
      sites.emplace_back(region, site.line);
    }
    const std::vector<std::pair<std::string, std::uint32_t>> expected = {
        {"MPI_Allreduce", marked_line(lines, "hook", 0)},
        {"MPI_Barrier", marked_line(lines, "hook", 1)},
        {"MPI_Allreduce", marked_line(lines, "hook", 2)},
        {"MPI_Barrier", marked_line(lines, "plain")},  // after the hook ended: the return address again
    };
    EXPECT_EQ(sites, expected);
    EXPECT_EQ(functions, (std::set<std::string>{"int main(int, char**)", "main"}));
  }
}

}  // namespace
}  // namespace mpisight::testkit
