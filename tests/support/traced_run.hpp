// Runs programs natively and under mpi-trace, and checks invariants every trace must satisfy. Paths to the
// build's tools come from the MPISIGHT_* definitions of the mpisight_trace_testkit target.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "subprocess.hpp"
#include "trace/load_trace.hpp"

namespace mpisight::testkit {

// A fresh, empty directory under the build tree for one test's trace.
[[nodiscard]] std::filesystem::path fresh_trace_dir(const std::string& name);

[[nodiscard]] std::string example_path(const std::string& name);

[[nodiscard]] ProcessResult run_native(int ranks, const std::string& program, const std::vector<std::string>& args = {},
                                       std::chrono::seconds timeout = std::chrono::seconds(60));

// `env` is added to mpi-trace's environment (mpiexec passes it on to every rank).
[[nodiscard]] ProcessResult run_traced(const std::filesystem::path& dir, int ranks, const std::string& program,
                                       const std::vector<std::string>& args = {},
                                       const std::map<std::string, std::string>& env = {},
                                       std::chrono::seconds timeout = std::chrono::seconds(90));

// Runs `program` natively and under mpi-trace into a fresh directory, checks that the traced run printed and
// exited exactly like the native one (and, if given, printed `expected_out`), that otf2-print reads the trace
// cleanly and that time never runs backwards; returns the loaded trace.
struct TracedProgram {
  trace::Trace trace;
  std::string err;
  std::filesystem::path archive;  // the traces.otf2 it was loaded from  // what the traced run printed on stderr
                                  // (mpi-trace's and the tracer's lines)
};
[[nodiscard]] TracedProgram trace_program(const std::string& name, int ranks, const std::string& program,
                                          const std::string& expected_out = "",
                                          const std::vector<std::string>& args = {},
                                          const std::map<std::string, std::string>& env = {});

// What otf2-print reports beyond the events themselves: its exit code, warnings and errors; empty if clean.
[[nodiscard]] std::string otf2_print_problems(const std::filesystem::path& archive);

// Timestamps never decrease along a location.
void expect_time_ordered(const trace::Trace& trace);

// Every receive has a send (same sender, receiver, communicator, tag, size, in order) that did not start later,
// and every send was received. Returns the number of matched messages.
std::size_t expect_messages_matched(const trace::Trace& trace);

// How many times `location` entered the region called `name`.
[[nodiscard]] std::size_t count_regions(const trace::Trace& trace, trace::LocationId location, const std::string& name);

// How many lines of `text` contain `needle` (e.g. warning lines on a run's stderr).
[[nodiscard]] std::size_t count_lines_containing(const std::string& text, const std::string& needle);

// The name of the MPI function each event of `location` happened in (innermost open region), for assertions.
[[nodiscard]] std::vector<std::string> open_regions_at_end(const trace::Trace& trace, trace::LocationId location);

}  // namespace mpisight::testkit
