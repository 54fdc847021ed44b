// One Allgather of {failure count, bytes, fatal} and one Gatherv of the encoded failures per phase, on a private
// communicator so the exchange can never match a message of the code under test.
#include "rank_failure_listener.hpp"

#include <cstddef>
#include <numeric>
#include <string_view>
#include <vector>

#include "failure_record.hpp"

namespace mpisight::detail {
namespace {

using ::testing::TestPartResult;

void add_failure(const char* file, int line, bool fatal, const std::string& text) {
  GTEST_MESSAGE_AT_(file, line, text.c_str(), fatal ? TestPartResult::kFatalFailure : TestPartResult::kNonFatalFailure);
}

}  // namespace

RankFailureListener::RankFailureListener(MPI_Comm comm) : comm_(comm) {
  MPI_Comm_rank(comm_, &rank_);
  MPI_Comm_size(comm_, &size_);
}

void RankFailureListener::OnTestPartResult(const TestPartResult& result) {
  if (replaying_ || !result.failed()) {
    return;
  }
  ++pending_count_;
  pending_fatal_ = pending_fatal_ || result.fatally_failed();
  if (rank_ != 0) {  // rank 0 prints its own failures; the others only count them
    const char* file = result.file_name();
    encode_failure({file != nullptr ? file : "", result.line_number(), result.fatally_failed(), result.message()},
                   pending_);
  }
}

void RankFailureListener::exchange() {
  enum { kCount, kBytes, kFatal, kFields };
  const int mine[kFields] = {pending_count_, static_cast<int>(pending_.size()), pending_fatal_ ? 1 : 0};
  std::vector<int> all(static_cast<std::size_t>(kFields * size_));
  MPI_Allgather(mine, kFields, MPI_INT, all.data(), kFields, MPI_INT, comm_);

  std::vector<int> bytes(static_cast<std::size_t>(size_));
  std::vector<int> offsets(static_cast<std::size_t>(size_));
  for (int r = 0; r < size_; ++r) {
    bytes[static_cast<std::size_t>(r)] = all[(static_cast<std::size_t>(r) * kFields) + kBytes];
  }
  std::exclusive_scan(bytes.begin(), bytes.end(), offsets.begin(), 0);
  std::string gathered(rank_ == 0 ? static_cast<std::size_t>(offsets.back() + bytes.back()) : 0, '\0');
  MPI_Gatherv(pending_.data(), mine[kBytes], MPI_CHAR, gathered.data(), bytes.data(), offsets.data(), MPI_CHAR, 0,
              comm_);

  const bool failed_here = pending_count_ > 0;
  pending_.clear();
  pending_count_ = 0;
  pending_fatal_ = false;

  replaying_ = true;
  std::string failed_ranks;
  bool any_fatal = false;
  for (int r = 0; r < size_; ++r) {
    const std::size_t at = static_cast<std::size_t>(r);
    if (r == rank_ || all[kFields * at + kCount] == 0) {
      continue;
    }
    if (rank_ == 0) {
      report_on_rank0(r, std::string_view(gathered).substr(static_cast<std::size_t>(offsets[at]),
                                                           static_cast<std::size_t>(bytes[at])));
    }
    failed_ranks += ' ' + std::to_string(r);
    any_fatal = any_fatal || all[kFields * at + kFatal] != 0;
  }
  // Other ranks print nothing, but their results must agree with rank 0's (e.g. for --gtest_fail_fast).
  if (rank_ != 0 && !failed_here && !failed_ranks.empty()) {
    add_failure(nullptr, -1, any_fatal, "failed on rank(s)" + failed_ranks);
  }
  replaying_ = false;
}

void RankFailureListener::report_on_rank0(int from_rank, std::string_view encoded) {
  const std::string prefix = "[rank " + std::to_string(from_rank) + "] ";
  const auto records = decode_failures(encoded);
  if (!records) {
    add_failure(nullptr, -1, false, prefix + "sent a failure report that cannot be decoded");
    return;
  }
  for (const FailureRecord& record : *records) {
    add_failure(record.file.empty() ? nullptr : record.file.c_str(), record.line, record.fatal,
                prefix + record.message);
  }
}

}  // namespace mpisight::detail
