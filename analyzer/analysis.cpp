// The driver: the model sees each event first, then every check (and the profile), then the model again.
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

AnalysisResult analyze(trace::TraceReader& reader, const AnalysisOptions& options) {
  EventModel model(reader.definitions());
  std::vector<std::unique_ptr<Check>> checks;
  checks.push_back(std::make_unique<RequestLeakCheck>(model));
  checks.push_back(std::make_unique<CollectiveCheck>(model));
  checks.push_back(std::make_unique<LostMessageCheck>(model));
  checks.push_back(std::make_unique<DeadlockCheck>(model));
  checks.push_back(std::make_unique<ErrorReturnCheck>(model));
  checks.push_back(std::make_unique<TypeMismatchCheck>(model));
  // Window synchronisation (RMA).
  checks.push_back(std::make_unique<RmaOutsideEpochCheck>(model));
  checks.push_back(std::make_unique<RmaFenceMismatchCheck>(model));
  checks.push_back(std::make_unique<RmaPscwMismatchCheck>(model));
  checks.push_back(std::make_unique<RmaLockMisuseCheck>(model));
  checks.push_back(std::make_unique<RmaEpochOpenCheck>(model));
  checks.push_back(std::make_unique<RmaConflictCheck>(model));
  checks.push_back(std::make_unique<RmaOriginBufferCheck>(model));
  checks.push_back(std::make_unique<HandleOverwrittenCheck>(model));
  checks.push_back(std::make_unique<PersistentMisuseCheck>(model));
  checks.push_back(std::make_unique<FreeActiveReceiveCheck>(model));
  checks.push_back(std::make_unique<BufferReuseCheck>(model));
  checks.push_back(std::make_unique<TruncationCheck>(model));
  checks.push_back(std::make_unique<WildcardRaceCheck>(model));
  checks.push_back(std::make_unique<UnsafeSendCycleCheck>(model));
  // Parameters accepted but invalid (issue 4, section 5).
  checks.push_back(std::make_unique<AliasedBuffersCheck>(model));
  checks.push_back(std::make_unique<InvalidArgumentCheck>(model));
  RunEndingTracker run_ending(model);
  std::optional<ProfileBuilder> profile;
  if (options.profile) {
    profile.emplace(reader.definitions());
  }

  AnalysisResult result;
  std::uint64_t next_progress = options.progress_every;
  reader.read_events([&](const trace::Event& event) {
    model.before(event);
    for (const std::unique_ptr<Check>& check : checks) {
      check->on_event(event);
    }
    run_ending.on_event(event);
    if (profile) {
      profile->on_event(event);
    }
    model.after(event);
    if (++result.events == next_progress && options.on_progress) {
      options.on_progress(result.events);
      next_progress += options.progress_every;
    }
  });
  for (const std::unique_ptr<Check>& check : checks) {
    check->finish(result.findings);
  }
  sort_findings(result.findings);
  result.run = run_ending.finish();
  if (profile) {
    result.profile = profile->finish();
  }
  return result;
}

bool has_errors(const std::vector<Finding>& findings) {
  return std::any_of(findings.begin(), findings.end(), [](const Finding& f) { return f.severity == Severity::kError; });
}

}  // namespace mpisight::analyzer
