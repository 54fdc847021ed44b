// Tries the repetition counts that divide the sequence's length, most repetitions first; a sequence of R runs
// repeats at most R - 1 times unless it is a single run, so candidates are few and each check stops at the first
// difference. Runs only at MPI_Type_commit.
#include "semantics/signature_period.hpp"

#include <numeric>

namespace mpisight::interpose {
namespace {

// The first `length` basic elements of `runs`.
std::vector<BasicRun> prefix_of(const std::vector<BasicRun>& runs, std::uint64_t length) {
  std::vector<BasicRun> prefix;
  for (const auto& [basic, count] : runs) {
    if (length == 0) {
      break;
    }
    const std::uint64_t taken = count < length ? count : length;
    prefix.emplace_back(basic, taken);
    length -= taken;
  }
  return prefix;
}

// Whether `part` repeated `times` times (runs merged across repetitions) is `runs`.
bool repeats_to(const std::vector<BasicRun>& part, std::uint64_t times, const std::vector<BasicRun>& runs) {
  std::size_t at = 0;
  BasicRun open{0, 0};  // the run being assembled; compared once the next basic type differs
  auto push = [&](const BasicRun& run) {
    if (open.second != 0 && open.first == run.first) {
      open.second += run.second;
      return true;
    }
    if (open.second != 0) {
      if (at >= runs.size() || runs[at] != open) {
        return false;
      }
      ++at;
    }
    open = run;
    return true;
  };
  for (std::uint64_t t = 0; t < times; ++t) {
    for (const BasicRun& run : part) {
      if (!push(run)) {
        return false;
      }
    }
  }
  return at + 1 == runs.size() && runs[at] == open;
}

}  // namespace

Period shortest_period(const std::vector<BasicRun>& runs) {
  if (runs.size() < 3) {
    return {runs, 1};  // a single run is homogeneous (its caller counts its elements); two runs never repeat
  }
  const std::uint64_t length = std::accumulate(runs.begin(), runs.end(), std::uint64_t{0},
                                               [](std::uint64_t sum, const BasicRun& run) { return sum + run.second; });
  for (std::uint64_t times = runs.size() - 1; times >= 2; --times) {
    if (length % times != 0) {
      continue;
    }
    const std::vector<BasicRun> part = prefix_of(runs, length / times);
    if (part.size() >= 2 && repeats_to(part, times, runs)) {
      return {part, times};
    }
  }
  return {runs, 1};
}

}  // namespace mpisight::interpose
