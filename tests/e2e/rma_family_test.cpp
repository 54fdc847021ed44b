// The RMA program (programs/rma.c) traced at 4 ranks, checked record by record per rank through otf2-print: window
// creation and destruction as RMA collectives with one window id on all members, fence epochs, PSCW group syncs,
// exclusive and shared locks, lock_all with flush and a request-based get, a shared window's memory syncs and a
// dynamic window; every put, get and atomic with its target rank, bytes and target byte range, and its completion.
#include <gtest/gtest.h>
#include <map>
#include <set>

#include "printed_events.hpp"
#include "traced_run.hpp"

namespace mpisight::testkit {
namespace {

constexpr int kRanks = 4;
constexpr std::uint64_t kMpiIntSignature = 0x4c000405;  // MPICH's MPI_INT handle: a builtin type's signature
constexpr std::uint64_t kMpiSum = 0x58000003;           // MPICH's MPI_SUM handle

// The origin memory an operation hands to MPI: `reads` bytes it reads, `writes` bytes it writes (0: none).
void expect_origin(const PrintedEvent& op, std::uint64_t reads, std::uint64_t writes) {
  SCOPED_TRACE(op.kind + " origin");
  const auto size = [&](const std::string& range) -> std::uint64_t {
    if (op.attributes.count("mpisight:" + range + "_begin") == 0) {
      EXPECT_EQ(op.attributes.count("mpisight:" + range + "_end"), 0U);
      return 0;
    }
    return op.attribute("mpisight:" + range + "_end") - op.attribute("mpisight:" + range + "_begin");
  };
  EXPECT_EQ(size("send_buffer"), reads);
  EXPECT_EQ(size("recv_buffer"), writes);
}

std::vector<std::string> kinds_of(const std::vector<PrintedEvent>& events) {
  std::vector<std::string> kinds;
  kinds.reserve(events.size());
  for (const PrintedEvent& e : events) {
    kinds.push_back(e.kind);
  }
  return kinds;
}

// The RMA records rank r writes, in order (see programs/rma.c).
std::vector<std::string> expected_kinds(int r) {
  std::vector<std::string> k;
  auto add = [&](std::initializer_list<const char*> more) { k.insert(k.end(), more.begin(), more.end()); };
  auto create = [&] { add({"RMA_COLLECTIVE_BEGIN", "RMA_WIN_CREATE", "RMA_COLLECTIVE_END"}); };
  auto destroy = [&] { add({"RMA_COLLECTIVE_BEGIN", "RMA_WIN_DESTROY", "RMA_COLLECTIVE_END"}); };
  create();                                             // window A
  add({"RMA_COLLECTIVE_BEGIN", "RMA_COLLECTIVE_END"});  // opening fence: nothing pending
  add({"RMA_PUT", "RMA_GET", "RMA_PUT"});
  add({"RMA_COLLECTIVE_BEGIN", "RMA_OP_COMPLETE_BLOCKING", "RMA_OP_COMPLETE_BLOCKING", "RMA_OP_COMPLETE_BLOCKING",
       "RMA_COLLECTIVE_END"});
  if (r % 2 == 1) {
    add({"RMA_GROUP_SYNC", "RMA_ATOMIC", "RMA_OP_COMPLETE_BLOCKING", "RMA_GROUP_SYNC"});  // start, acc, complete
  } else {
    add({"RMA_GROUP_SYNC", "RMA_GROUP_SYNC"});  // post, wait
  }
  destroy();
  create();                                       // window B
  add({"RMA_REQUEST_LOCK", "RMA_RELEASE_LOCK"});  // zeroing the own memory
  add({"RMA_REQUEST_LOCK", "RMA_ATOMIC", "RMA_ATOMIC", "RMA_OP_COMPLETE_BLOCKING", "RMA_OP_COMPLETE_BLOCKING",
       "RMA_RELEASE_LOCK"});
  add({"RMA_REQUEST_LOCK", "RMA_GET", "RMA_OP_COMPLETE_BLOCKING", "RMA_RELEASE_LOCK"});
  add({"RMA_REQUEST_LOCK", "RMA_PUT", "RMA_OP_COMPLETE_BLOCKING", "RMA_GET", "RMA_OP_COMPLETE_NON_BLOCKING", "RMA_PUT",
       "RMA_OP_COMPLETE_NON_BLOCKING", "RMA_RELEASE_LOCK"});
  add({"RMA_REQUEST_LOCK", "RMA_RELEASE_LOCK"});  // reading the own memory
  destroy();
  create();  // shared window
  add({"RMA_REQUEST_LOCK", "RMA_SYNC", "RMA_SYNC", "RMA_RELEASE_LOCK"});
  destroy();
  create();  // dynamic window
  add({"RMA_REQUEST_LOCK", "RMA_PUT", "RMA_OP_COMPLETE_BLOCKING", "RMA_RELEASE_LOCK"});
  destroy();
  return k;
}

struct Target {
  std::uint64_t remote;
  std::uint64_t disp;
  std::uint64_t count;
  std::uint64_t begin;
  std::uint64_t end;
};

void expect_target(const PrintedEvent& op, const Target& t) {
  SCOPED_TRACE(op.kind);
  EXPECT_EQ(op.number("Remote"), t.remote);
  EXPECT_EQ(op.attribute("mpisight:rma_target_disp"), t.disp);
  EXPECT_EQ(op.attribute("mpisight:rma_target_count"), t.count);
  EXPECT_EQ(op.attribute("mpisight:rma_target_byte_begin"), t.begin);
  EXPECT_EQ(op.attribute("mpisight:rma_target_byte_end"), t.end);
}

// A request-based operation's completion carries the handle the program saw when it started.
void expect_request_completion(const std::vector<PrintedEvent>& events, const PrintedEvent& op) {
  const std::uint64_t handle = op.attribute("mpisight:request_handle");
  for (const PrintedEvent& e : events) {
    if (e.kind == "RMA_OP_COMPLETE_NON_BLOCKING" && e.number("Matching") == op.number("Matching")) {
      EXPECT_EQ(e.attribute("mpisight:request_handle"), handle);
      EXPECT_EQ(e.attributes.count("mpisight:status_error"), 0U);
      return;
    }
  }
  ADD_FAILURE() << "no completion of operation " << op.number("Matching");
}

// Each operation is completed exactly once, later, on its window, and every completion completes an operation.
void expect_completions_paired(const std::vector<PrintedEvent>& events) {
  std::map<std::uint64_t, std::uint64_t> open;  // matching id -> window
  std::set<std::uint64_t> completed;
  for (const PrintedEvent& e : events) {
    if (e.kind == "RMA_PUT" || e.kind == "RMA_GET" || e.kind == "RMA_ATOMIC") {
      EXPECT_TRUE(open.emplace(e.number("Matching"), e.number("Window")).second) << "matching id reused";
    } else if (e.kind == "RMA_OP_TEST") {
      EXPECT_EQ(open.count(e.number("Matching")), 1U) << "a test of no pending operation";
    } else if (e.kind == "RMA_OP_COMPLETE_BLOCKING" || e.kind == "RMA_OP_COMPLETE_NON_BLOCKING") {
      const auto found = open.find(e.number("Matching"));
      ASSERT_NE(found, open.end()) << "completion of no pending operation: " << e.number("Matching");
      EXPECT_EQ(found->second, e.number("Window"));
      open.erase(found);
    }
  }
  EXPECT_TRUE(open.empty()) << open.size() << " operations never completed";
}

// Each named call is made once by `rank`, while the window created `window`-th (from 0) is alive.
void expect_inside_window(const trace::Trace& trace, trace::WorldRank rank,
                          const std::map<std::string, std::size_t>& calls) {
  std::size_t created = 0;
  std::size_t destroyed = 0;
  std::map<std::string, std::size_t> seen;
  for (const trace::Event& event : trace.events.at(trace.definitions.location_of(rank).value())) {
    created += std::holds_alternative<trace::RmaWinCreate>(event) ? 1 : 0;
    destroyed += std::holds_alternative<trace::RmaWinDestroy>(event) ? 1 : 0;
    const auto* enter = std::get_if<trace::Enter>(&event);
    const auto call = enter ? calls.find(trace.definitions.region_name(enter->region)) : calls.end();
    if (call != calls.end()) {
      ++seen[call->first];
      EXPECT_EQ(created, call->second + 1) << call->first << " outside its window";
      EXPECT_EQ(destroyed, call->second) << call->first << " outside its window";
    }
  }
  for (const auto& [name, window] : calls) {
    EXPECT_EQ(seen[name], 1U) << name;
  }
}

TEST(RmaFamily, EverySynchronisationStyleAndOperationIsRecorded) {
  const TracedProgram traced = trace_program("rma", kRanks, MPISIGHT_RMA_PROGRAM, "rma: OK\n");
  const std::vector<PrintedEvent> all = printed_events(traced.archive);

  // Four windows, each over MPI_COMM_WORLD, named alike on every rank.
  const auto windows = printed_definitions(traced.archive, "RMA_WIN");
  ASSERT_EQ(windows.size(), 4U);
  for (const PrintedEvent& w : windows) {
    EXPECT_NE(w.text("Communicator").find("MPI_COMM_WORLD"), std::string::npos);
  }
  std::vector<std::uint64_t> rank0_windows;

  for (int r = 0; r < kRanks; ++r) {
    SCOPED_TRACE("rank " + std::to_string(r));
    const auto right = static_cast<std::uint64_t>((r + 1) % kRanks);
    const auto left = static_cast<std::uint64_t>((r + kRanks - 1) % kRanks);
    std::vector<PrintedEvent> rma = printed_of(all, static_cast<std::uint64_t>(r), "RMA_");
    expect_completions_paired(rma);  // also checks that tests name a pending operation
    std::erase_if(rma, [](const PrintedEvent& e) { return e.kind == "RMA_OP_TEST"; });  // as many as MPI_Test loops
    ASSERT_EQ(kinds_of(rma), expected_kinds(r));

    std::vector<std::uint64_t> created;
    std::vector<const PrintedEvent*> ops;
    std::vector<const PrintedEvent*> locks;
    std::vector<const PrintedEvent*> group_syncs;
    for (const PrintedEvent& e : rma) {
      if (e.kind == "RMA_WIN_CREATE") {
        created.push_back(e.number("Window"));
      } else if (e.kind == "RMA_PUT" || e.kind == "RMA_GET" || e.kind == "RMA_ATOMIC") {
        ops.push_back(&e);
      } else if (e.kind == "RMA_REQUEST_LOCK" || e.kind == "RMA_RELEASE_LOCK") {
        locks.push_back(&e);
      } else if (e.kind == "RMA_GROUP_SYNC") {
        group_syncs.push_back(&e);
      }
    }
    ASSERT_EQ(created.size(), 4U);
    EXPECT_EQ(std::set<std::uint64_t>(created.begin(), created.end()).size(), 4U);
    if (r == 0) {
      rank0_windows = created;
    } else {
      EXPECT_EQ(created, rank0_windows) << "members name a window differently";
    }

    // Fence epoch on window A (ints): 2 ints to the right at disp 2, 1 int from the left at disp 0, 2 ints to
    // the right through a strided type.
    const bool odd = r % 2 == 1;
    ASSERT_EQ(ops.size(), odd ? 11U : 10U);
    std::size_t i = 0;
    EXPECT_EQ(ops[i]->number("Bytes"), 8U);
    expect_origin(*ops[i], 8, 0);
    expect_target(*ops[i++], {right, 2, 2, 8, 16});
    EXPECT_EQ(ops[i]->attribute("mpisight:rma_target_type_signature"), kMpiIntSignature);
    EXPECT_EQ(ops[i]->number("Bytes"), 4U);
    expect_origin(*ops[i], 0, 4);
    EXPECT_EQ(ops[i]->attributes.count("mpisight:reduction_op"), 0U);
    expect_target(*ops[i++], {left, 0, 1, 0, 4});
    // The strided target type: 1 element at disp 4 spans ints 4..6, i.e. bytes [16, 28).
    EXPECT_EQ(ops[i]->number("Bytes"), 8U);
    EXPECT_EQ(ops[i]->attribute("mpisight:rma_target_type_signature"), kMpiIntSignature) << "a vector of ints";
    EXPECT_EQ(ops[i]->attribute("mpisight:send_buffer_begin"), ops[0]->attribute("mpisight:send_buffer_begin"))
        << "both puts send put_a";
    expect_target(*ops[i++], {right, 4, 1, 16, 28});
    // PSCW: odd ranks add one int at disp 5 of the even rank below; the groups name that peer alone.
    const auto peer = static_cast<std::uint64_t>(odd ? r - 1 : r + 1);
    ASSERT_EQ(group_syncs.size(), 2U);
    for (const PrintedEvent* sync : group_syncs) {
      EXPECT_EQ(sync->number("Window"), created[0]);
      EXPECT_EQ(sync->text("Level of Synchronicity"), "{PROCESS, MEMORY}");
    }
    EXPECT_EQ(group_syncs[0]->number("Group"), group_syncs[1]->number("Group"));
    const auto location = traced.trace.definitions.location_of(static_cast<trace::WorldRank>(r)).value();
    for (const auto& sync : traced.trace.events_of<trace::RmaGroupSync>(location)) {
      EXPECT_EQ(traced.trace.definitions.groups.at(sync.group).members, std::vector<std::uint64_t>{peer});
    }
    if (odd) {
      EXPECT_EQ(ops[i]->text("Type"), "ACCUMULATE");
      EXPECT_EQ(ops[i]->number("Sent"), 4U);
      EXPECT_EQ(ops[i]->attribute("mpisight:reduction_op"), kMpiSum);
      expect_origin(*ops[i], 4, 0);
      expect_target(*ops[i++], {peer, 5, 1, 20, 24});
    }
    // Window B (long longs): exclusive lock on rank 0 with fetch-and-op at 0 and compare-and-swap at 1.
    EXPECT_EQ(ops[i]->text("Type"), "FETCH_AND_ACCUMULATE");
    EXPECT_EQ(ops[i]->number("Sent"), 8U);
    EXPECT_EQ(ops[i]->number("Received"), 8U);
    EXPECT_EQ(ops[i]->attribute("mpisight:reduction_op"), kMpiSum);
    expect_origin(*ops[i], 8, 8);
    expect_target(*ops[i++], {0, 0, 1, 0, 8});
    EXPECT_EQ(ops[i]->text("Type"), "COMPARE_AND_SWAP");
    EXPECT_EQ(ops[i]->number("Sent"), 16U);
    EXPECT_EQ(ops[i]->number("Received"), 8U);
    expect_origin(*ops[i], 8, 8);  // the new value is the origin buffer; the old one lands in the result
    expect_target(*ops[i++], {0, 1, 1, 8, 16});
    // Shared lock on rank 0: one get.
    EXPECT_EQ(ops[i]->kind, "RMA_GET");
    expect_target(*ops[i++], {0, 0, 1, 0, 8});
    // lock_all: a put to the right at disp 2 and a request-based get from rank 0.
    EXPECT_EQ(ops[i]->kind, "RMA_PUT");
    expect_target(*ops[i++], {right, 2, 1, 16, 24});
    EXPECT_EQ(ops[i]->kind, "RMA_GET");
    EXPECT_GE(ops[i]->number("Matching"), std::uint64_t{1} << 40U) << "request-based ids are request ids";
    expect_origin(*ops[i], 0, 8);
    EXPECT_NE(ops[i]->attribute("mpisight:request_handle"), 0U);
    EXPECT_NE(ops[i]->attribute("mpisight:request_slot"), 0U);
    expect_request_completion(rma, *ops[i]);
    expect_target(*ops[i++], {0, 0, 1, 0, 8});
    EXPECT_EQ(ops[i]->kind, "RMA_PUT");  // request-based, tested until done
    EXPECT_GE(ops[i]->number("Matching"), std::uint64_t{1} << 40U);
    expect_origin(*ops[i], 8, 0);
    expect_request_completion(rma, *ops[i]);
    expect_target(*ops[i++], {right, 3, 1, 24, 32});
    // Dynamic window: a put of one int at the right neighbour's address + 4; the range is in its addresses.
    EXPECT_EQ(ops[i]->kind, "RMA_PUT");
    EXPECT_EQ(ops[i]->number("Remote"), right);
    const std::uint64_t address = ops[i]->attribute("mpisight:rma_target_disp");
    EXPECT_EQ(ops[i]->attribute("mpisight:rma_target_byte_begin"), address);
    EXPECT_EQ(ops[i]->attribute("mpisight:rma_target_byte_end"), address + 4);
    EXPECT_EQ(ops[i]->number("Window"), created[3]);

    // Locks: own (exclusive), rank 0 exclusive, rank 0 shared, all (lock_all), own (shared), then the shared and
    // dynamic windows' lock_all.
    ASSERT_EQ(locks.size(), 14U);
    const std::vector<std::pair<std::string, std::string>> lock_expect = {
        {std::to_string(r), "EXCLUSIVE"}, {"0", "EXCLUSIVE"},      {"0", "SHARED"},        {"UNDEFINED", "SHARED"},
        {std::to_string(r), "SHARED"},    {"UNDEFINED", "SHARED"}, {"UNDEFINED", "SHARED"}};
    for (std::size_t l = 0; l < lock_expect.size(); ++l) {
      SCOPED_TRACE("lock #" + std::to_string(l));
      const PrintedEvent& request = *locks[2 * l];
      const PrintedEvent& release = *locks[2 * l + 1];
      EXPECT_EQ(request.text("Remote").substr(0, lock_expect[l].first.size()), lock_expect[l].first);
      EXPECT_EQ(request.text("Type"), lock_expect[l].second);
      EXPECT_EQ(release.text("Remote"), request.text("Remote"));
      EXPECT_EQ(release.number("Window"), request.number("Window"));
    }
    // Calls without an OTF2 record of their own run inside their window's life: MPI_Win_shared_query on the
    // shared window (the third), MPI_Win_attach and MPI_Win_detach on the dynamic one (the fourth).
    expect_inside_window(traced.trace, static_cast<trace::WorldRank>(r),
                         {{"MPI_Win_shared_query", 2}, {"MPI_Win_attach", 3}, {"MPI_Win_detach", 3}});
    // The shared window's two MPI_Win_sync: memory syncs with oneself.
    for (const PrintedEvent& e : rma) {
      if (e.kind == "RMA_SYNC") {
        EXPECT_EQ(e.number("Window"), created[2]);
        EXPECT_EQ(e.number("Remote"), static_cast<std::uint64_t>(r));
        EXPECT_EQ(e.text("Sync Type"), "MEMORY");
      }
    }
  }
}

}  // namespace
}  // namespace mpisight::testkit
