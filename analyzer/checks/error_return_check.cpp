// Failures are counted per call site; the finding lists the first failing call of each rank.
#include "checks/error_return_check.hpp"

#include <array>
#include <string_view>

#include "model/event_attributes.hpp"

namespace mpisight::analyzer {
namespace {

constexpr std::size_t kMaxCallsPerFinding = 8;
// MPICH keeps the error class in the low 7 bits of a (possibly dynamic) error code.
constexpr std::int32_t kErrorClassMask = 0x7f;

constexpr std::array<std::string_view, 20> kClassNames = {
    "MPI_SUCCESS",      "MPI_ERR_BUFFER", "MPI_ERR_COUNT",     "MPI_ERR_TYPE",    "MPI_ERR_TAG",
    "MPI_ERR_COMM",     "MPI_ERR_RANK",   "MPI_ERR_ROOT",      "MPI_ERR_GROUP",   "MPI_ERR_OP",
    "MPI_ERR_TOPOLOGY", "MPI_ERR_DIMS",   "MPI_ERR_ARG",       "MPI_ERR_UNKNOWN", "MPI_ERR_TRUNCATE",
    "MPI_ERR_OTHER",    "MPI_ERR_INTERN", "MPI_ERR_IN_STATUS", "MPI_ERR_PENDING", "MPI_ERR_REQUEST",
};

}  // namespace

std::string error_class_name(std::int32_t code) {
  const std::int32_t error_class = code & kErrorClassMask;
  if (code > 0 && static_cast<std::size_t>(error_class) < kClassNames.size() && error_class != 0) {
    return std::string(kClassNames[static_cast<std::size_t>(error_class)]);
  }
  return "an MPI error";
}

void ErrorReturnCheck::on_event(const trace::Event& event) {
  const auto* leave = std::get_if<trace::Leave>(&event);
  if (leave == nullptr) {
    return;
  }
  const std::optional<std::int32_t> code = return_code(*leave);
  if (!code) {
    return;
  }
  const OpenCall* call = model().current_call(leave->location);  // the model closes it after the checks
  if (call == nullptr || call->id.region != leave->region) {
    return;
  }
  Failures& failures = failures_[{call->id.region, call->id.site, *code}];
  ++failures.count;
  failures.first_per_rank.try_emplace(model().rank_of(leave->location), call->id);
}

void ErrorReturnCheck::finish(std::vector<Finding>& findings) {
  for (const auto& [key, failures] : failures_) {
    const std::int32_t code = std::get<2>(key);
    Finding finding;
    finding.check = "errors.return_code";
    finding.severity = Severity::kError;
    const std::string name = error_class_name(code);
    for (const auto& [rank, call] : failures.first_per_rank) {
      finding.ranks.push_back(rank);
      if (finding.calls.size() < kMaxCallsPerFinding) {
        finding.calls.push_back(
            model().describe(call, "returned " + name + " (error code " + std::to_string(code) + ")"));
      }
    }
    const std::string function = finding.calls.front().function;
    const std::string ranks = (finding.ranks.size() == 1 ? "rank " : "ranks ") + rank_list(finding.ranks);
    finding.message = (failures.count == 1 ? function + " returned "
                                           : std::to_string(failures.count) + " calls to " + function + " returned ") +
                      name + " (error code " + std::to_string(code) + ") on " + ranks + ".";
    finding.hint =
        "The call failed and the program went on (MPI_ERRORS_RETURN): fix the argument the error class "
        "names, and check every return code or keep MPI_ERRORS_ARE_FATAL.";
    normalize_ranks(finding);
    findings.push_back(std::move(finding));
  }
}

}  // namespace mpisight::analyzer
