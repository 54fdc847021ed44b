// The driver: the model sees each event first, then the checks that handle its kind (and the profile), then the
// model again.
#include "analysis.hpp"

#include <algorithm>
#include <memory>

#include "checks/aliased_buffers_check.hpp"
#include "checks/buffer_reuse_check.hpp"
#include "checks/collective_check.hpp"
#include "checks/deadlock_check.hpp"
#include "checks/error_return_check.hpp"
#include "checks/free_active_receive_check.hpp"
#include "checks/handle_overwritten_check.hpp"
#include "checks/invalid_argument_check.hpp"
#include "checks/lost_message_check.hpp"
#include "checks/persistent_misuse_check.hpp"
#include "checks/request_leak_check.hpp"
#include "checks/rma_conflict_check.hpp"
#include "checks/rma_epoch_open_check.hpp"
#include "checks/rma_fence_mismatch_check.hpp"
#include "checks/rma_lock_misuse_check.hpp"
#include "checks/rma_origin_buffer_check.hpp"
#include "checks/rma_outside_epoch_check.hpp"
#include "checks/rma_pscw_mismatch_check.hpp"
#include "checks/truncation_check.hpp"
#include "checks/type_mismatch_check.hpp"
#include "checks/unsafe_send_cycle_check.hpp"
#include "checks/wildcard_race_check.hpp"
#include "model/event_model.hpp"

namespace mpisight::analyzer {

Analysis::Analysis(const trace::TraceDefinitions& defs, const AnalysisOptions& options)
    : options_(options), model_(defs), run_ending_(model_), next_progress_(options.progress_every) {
  checks_.push_back(std::make_unique<RequestLeakCheck>(model_));
  checks_.push_back(std::make_unique<CollectiveCheck>(model_));
  checks_.push_back(std::make_unique<LostMessageCheck>(model_));
  checks_.push_back(std::make_unique<DeadlockCheck>(model_));
  checks_.push_back(std::make_unique<ErrorReturnCheck>(model_));
  checks_.push_back(std::make_unique<TypeMismatchCheck>(model_));
  // Window synchronisation (RMA).
  checks_.push_back(std::make_unique<RmaOutsideEpochCheck>(model_));
  checks_.push_back(std::make_unique<RmaFenceMismatchCheck>(model_));
  checks_.push_back(std::make_unique<RmaPscwMismatchCheck>(model_));
  checks_.push_back(std::make_unique<RmaLockMisuseCheck>(model_));
  checks_.push_back(std::make_unique<RmaEpochOpenCheck>(model_));
  checks_.push_back(std::make_unique<RmaConflictCheck>(model_));
  checks_.push_back(std::make_unique<RmaOriginBufferCheck>(model_));
  checks_.push_back(std::make_unique<HandleOverwrittenCheck>(model_));
  checks_.push_back(std::make_unique<PersistentMisuseCheck>(model_));
  checks_.push_back(std::make_unique<FreeActiveReceiveCheck>(model_));
  checks_.push_back(std::make_unique<BufferReuseCheck>(model_));
  checks_.push_back(std::make_unique<TruncationCheck>(model_));
  checks_.push_back(std::make_unique<WildcardRaceCheck>(model_));
  checks_.push_back(std::make_unique<UnsafeSendCycleCheck>(model_));
  // Parameters accepted but invalid (issue 4, section 5).
  checks_.push_back(std::make_unique<AliasedBuffersCheck>(model_));
  checks_.push_back(std::make_unique<InvalidArgumentCheck>(model_));
  // Per fact mask of an Enter or Leave, the checks that take every such call or one of the facts: each check once.
  const auto by_facts = [](auto& lists, EventKinds every, std::size_t first_fact, Check* check, EventKinds kinds) {
    for (std::size_t facts = 0; facts < lists.size(); ++facts) {
      if ((kinds & (every | facts << first_fact)) != 0) {
        lists[facts].push_back(check);
      }
    }
  };
  for (const std::unique_ptr<Check>& check : checks_) {
    const EventKinds kinds = check->event_kinds();
    for (std::size_t kind = 0; kind < checks_by_kind_.size(); ++kind) {
      if ((kinds >> kind) & 1U) {
        checks_by_kind_[kind].push_back(check.get());
      }
    }
    by_facts(checks_by_leave_facts_, kinds_of<trace::Leave>(), kFirstLeaveFact, check.get(), kinds);
    by_facts(checks_by_enter_facts_, kinds_of<trace::Enter>(), kFirstEnterFact, check.get(), kinds);
  }
  if (options.profile) {
    profile_.emplace(defs);
  }
}

std::size_t Analysis::leave_facts(const trace::Leave& leave) const {
  const bool request = leave.request_handle || model_.region(leave.region).kind == CallKind::kRequestFree;
  return (request ? 1U << static_cast<unsigned>(LeaveFact::kRequest) : 0U) |
         (leave.return_code ? 1U << static_cast<unsigned>(LeaveFact::kError) : 0U) |
         (leave.collective_init ? 1U << static_cast<unsigned>(LeaveFact::kCollectiveInit) : 0U);
}

std::size_t Analysis::enter_facts(const trace::Enter& enter) const {
  const bool finalize = model_.region(enter.region).kind == CallKind::kFinalize;
  const bool awaits = enter.requested_source && enter.requested_tag && enter.requested_comm;
  return (finalize ? 1U << static_cast<unsigned>(EnterFact::kFinalize) : 0U) |
         (awaits ? 1U << static_cast<unsigned>(EnterFact::kAwaitsMessage) : 0U);
}

const std::vector<Check*>& Analysis::checks_for(const trace::Event& event) const {
  if (const auto* leave = std::get_if<trace::Leave>(&event)) {
    return checks_by_leave_facts_[leave_facts(*leave)];
  }
  if (const auto* enter = std::get_if<trace::Enter>(&event)) {
    return checks_by_enter_facts_[enter_facts(*enter)];
  }
  return checks_by_kind_[event.index()];
}

void Analysis::on_event(const trace::Event& event) {
  model_.before(event);
  for (Check* check : checks_for(event)) {
    check->on_event(event);
  }
  if (profile_) {
    profile_->on_event(event);
  }
  model_.after(event);
  if (++events_ == next_progress_ && options_.on_progress) {
    options_.on_progress(events_);
    next_progress_ += options_.progress_every;
  }
}

AnalysisResult Analysis::finish() {
  AnalysisResult result;
  result.events = events_;
  for (const std::unique_ptr<Check>& check : checks_) {
    check->finish(result.findings);
  }
  sort_findings(result.findings);
  result.run = run_ending_.finish();
  if (profile_) {
    result.profile = profile_->finish();
  }
  return result;
}

AnalysisResult analyze(trace::TraceReader& reader, const AnalysisOptions& options) {
  Analysis analysis(reader.definitions(), options);
  reader.read_events([&](const trace::Event& event) { analysis.on_event(event); });
  return analysis.finish();
}

bool has_errors(const std::vector<Finding>& findings) {
  return std::any_of(findings.begin(), findings.end(), [](const Finding& f) { return f.severity == Severity::kError; });
}

}  // namespace mpisight::analyzer
