// Merges the RMA operations and completions of a process's threads by time and pairs them, window by window.
#include "otf2/rma_completion_plan.hpp"

#include <algorithm>
#include <map>

namespace mpisight::otf2 {
namespace {

enum class StepKind : std::uint8_t { kOp, kComplete, kDestroy };

struct Step {
  std::uint64_t ticks;
  std::size_t thread;
  std::size_t nth;  // kComplete: which RmaComplete of its thread
  std::uint64_t win;
  std::uint64_t matching_id;
  std::int32_t remote;
  StepKind kind;
};

struct Pending {
  std::int32_t remote;
  std::uint64_t matching_id;
};

// The RMA steps of one thread in journal order, their times made non-decreasing as the converter makes them.
std::size_t collect(const journal::JournalReader& journal, std::size_t thread, std::vector<Step>& steps) {
  using journal::Kind;
  std::uint64_t last = 0;
  std::size_t completes = 0;
  journal.for_each([&](const journal::RecordView& record) {
    last = std::max(last, record.ticks());
    switch (record.kind()) {
      case Kind::kRmaOp: {
        const auto op = record.as<journal::RmaOp>();
        if ((op.flags & journal::kRmaOpRequestBased) == 0) {
          steps.push_back({last, thread, 0, op.win, op.matching_id, op.remote, StepKind::kOp});
        }
        break;
      }
      case Kind::kRmaComplete: {
        const auto done = record.as<journal::RmaComplete>();
        steps.push_back({last, thread, completes++, done.win, 0, done.remote, StepKind::kComplete});
        break;
      }
      case Kind::kRmaWinDestroy:
        steps.push_back({last, thread, 0, record.as<journal::RmaWinDestroy>().win, 0, 0, StepKind::kDestroy});
        break;
      default: break;
    }
  });
  return completes;
}

}  // namespace

RmaCompletionPlan plan_rma_completions(const std::vector<journal::JournalReader>& threads) {
  RmaCompletionPlan plan(threads.size());
  std::vector<Step> steps;
  for (std::size_t t = 0; t < threads.size(); ++t) {
    plan[t].resize(collect(threads[t], t, steps));
  }
  // Stable: steps of one thread with equal times keep their journal order.
  std::stable_sort(steps.begin(), steps.end(), [](const Step& a, const Step& b) { return a.ticks < b.ticks; });
  std::map<std::uint64_t, std::vector<Pending>> pending;  // by window key
  for (const Step& step : steps) {
    switch (step.kind) {
      case StepKind::kOp: pending[step.win].push_back({step.remote, step.matching_id}); break;
      case StepKind::kDestroy: pending.erase(step.win); break;
      case StepKind::kComplete: {
        const auto found = pending.find(step.win);
        if (found == pending.end()) {
          break;
        }
        std::vector<std::uint64_t>& completed = plan[step.thread][step.nth];
        std::erase_if(found->second, [&](const Pending& op) {
          if (step.remote != journal::kAllRanks && op.remote != step.remote) {
            return false;
          }
          completed.push_back(op.matching_id);
          return true;
        });
        break;
      }
    }
  }
  return plan;
}

}  // namespace mpisight::otf2
