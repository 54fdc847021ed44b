// Paths come from CMake (MPISIGHT_* definitions) so the tests run the build tree's tools.
#include "traced_run.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <gtest/gtest.h>
#include <map>
#include <sstream>
#include <tuple>
#include <variant>

namespace mpisight::testkit {

std::filesystem::path fresh_trace_dir(const std::string& name) {
  static std::atomic<int> counter{0};
  std::filesystem::path dir = std::filesystem::path(MPISIGHT_TEST_OUTPUT_DIR) /
                              (name + "-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(dir);
  return dir;
}

std::string example_path(const std::string& name) {
  return std::string(MPISIGHT_EXAMPLES_DIR) + "/" + name;
}

ProcessResult run_native(int ranks, const std::string& program, const std::vector<std::string>& args,
                         std::chrono::seconds timeout) {
  std::vector<std::string> argv = {MPISIGHT_MPIEXEC, "-n", std::to_string(ranks), program};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, timeout);
}

ProcessResult run_traced(const std::filesystem::path& dir, int ranks, const std::string& program,
                         const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                         std::chrono::seconds timeout) {
  std::vector<std::string> argv = {MPISIGHT_MPI_TRACE, "-o", dir.string(), "-n", std::to_string(ranks), program};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, timeout, env);
}

TracedProgram trace_program(const std::string& name, int ranks, const std::string& program,
                            const std::string& expected_out, const std::vector<std::string>& args,
                            const std::map<std::string, std::string>& env) {
  const auto dir = fresh_trace_dir(name + "-np" + std::to_string(ranks));
  const ProcessResult native = run_native(ranks, program, args);
  const ProcessResult traced = run_traced(dir, ranks, program, args, env);
  if (!expected_out.empty()) {
    EXPECT_EQ(native.out, expected_out) << native.err;
  }
  EXPECT_EQ(native.exit_code, 0) << native.err;
  EXPECT_EQ(traced.out, native.out) << "the tracer changed the program's output";
  EXPECT_EQ(traced.exit_code, native.exit_code) << traced.err;
  EXPECT_NE(traced.err.find("trace written to " + (dir / "traces.otf2").string()), std::string::npos) << traced.err;
  EXPECT_EQ(otf2_print_problems(dir / "traces.otf2"), "");
  TracedProgram result{trace::load_trace(dir / "traces.otf2"), traced.err, dir / "traces.otf2"};
  expect_time_ordered(result.trace);
  return result;
}

std::string otf2_print_problems(const std::filesystem::path& archive) {
  const ProcessResult printed = run_process({MPISIGHT_OTF2_PRINT, archive.string()}, std::chrono::seconds(60));
  std::string problems;
  if (printed.exit_code != 0) {
    problems += "otf2-print exited with " + std::to_string(printed.exit_code) + "\n";
  }
  problems += printed.err;
  return problems;
}

void expect_time_ordered(const trace::Trace& trace) {
  for (const auto& [location, events] : trace.events) {
    std::int64_t previous = 0;
    for (std::size_t i = 0; i < events.size(); ++i) {
      const std::int64_t now = trace::event_time_ns(events[i]);
      ASSERT_GE(now, previous) << "location " << location << " event " << i << " goes back in time";
      previous = now;
    }
  }
}

std::size_t expect_messages_matched(const trace::Trace& trace) {
  struct Sent {
    std::int64_t time_ns;
    std::uint64_t bytes;
  };
  using Channel = std::tuple<trace::WorldRank, trace::WorldRank, trace::CommId, std::uint32_t>;
  std::map<Channel, std::deque<Sent>> in_flight;
  const auto& defs = trace.definitions;
  for (const auto& [location, events] : trace.events) {
    const auto me = defs.world_rank_of(location);
    for (const trace::Event& event : events) {
      std::visit(trace::Overloaded{
                     [&](const trace::MpiSend& e) {
                       in_flight[{*me, e.peer_world_rank.value(), e.comm, e.tag}].push_back({e.time_ns, e.bytes});
                     },
                     [&](const trace::MpiIsend& e) {
                       in_flight[{*me, e.peer_world_rank.value(), e.comm, e.tag}].push_back({e.time_ns, e.bytes});
                     },
                     [](const auto&) {}},
                 event);
    }
  }
  std::size_t matched = 0;
  auto receive = [&](trace::WorldRank me, trace::WorldRank from, trace::CommId comm, std::uint32_t tag,
                     std::uint64_t bytes, std::int64_t time_ns) {
    auto& queue = in_flight[{from, me, comm, tag}];
    ASSERT_FALSE(queue.empty()) << "rank " << me << " received from " << from << " tag " << tag
                                << " a message nobody sent";
    const Sent sent = queue.front();
    queue.pop_front();
    EXPECT_EQ(sent.bytes, bytes) << "message " << from << "->" << me << " tag " << tag << " changed size";
    EXPECT_LE(sent.time_ns, time_ns) << "message " << from << "->" << me << " tag " << tag
                                     << " was received before it was sent";
    ++matched;
  };
  for (const auto& [location, events] : trace.events) {
    const auto me = defs.world_rank_of(location);
    for (const trace::Event& event : events) {
      std::visit(trace::Overloaded{[&](const trace::MpiRecv& e) {
                                     receive(*me, e.peer_world_rank.value(), e.comm, e.tag, e.bytes, e.time_ns);
                                   },
                                   [&](const trace::MpiIrecv& e) {
                                     receive(*me, e.peer_world_rank.value(), e.comm, e.tag, e.bytes, e.time_ns);
                                   },
                                   [](const auto&) {}},
                 event);
    }
  }
  for (const auto& [channel, queue] : in_flight) {
    EXPECT_TRUE(queue.empty()) << queue.size() << " message(s) from rank " << std::get<0>(channel) << " to rank "
                               << std::get<1>(channel) << " tag " << std::get<3>(channel) << " never received";
  }
  return matched;
}

std::size_t count_regions(const trace::Trace& trace, trace::LocationId location, const std::string& name) {
  std::size_t count = 0;
  for (const auto& enter : trace.events_of<trace::Enter>(location)) {
    count += trace.definitions.region_name(enter.region) == name ? 1 : 0;
  }
  return count;
}

std::size_t count_lines_containing(const std::string& text, const std::string& needle) {
  std::istringstream lines(text);
  std::size_t count = 0;
  for (std::string line; std::getline(lines, line);) {
    count += line.find(needle) != std::string::npos ? 1 : 0;
  }
  return count;
}

std::vector<std::string> open_regions_at_end(const trace::Trace& trace, trace::LocationId location) {
  std::vector<std::string> stack;
  for (const trace::Event& event : trace.events.at(location)) {
    if (const auto* enter = std::get_if<trace::Enter>(&event)) {
      stack.push_back(trace.definitions.region_name(enter->region));
    } else if (const auto* leave = std::get_if<trace::Leave>(&event)) {
      if (!stack.empty() && stack.back() == trace.definitions.region_name(leave->region)) {
        stack.pop_back();
      }
    }
  }
  return stack;
}

}  // namespace mpisight::testkit
