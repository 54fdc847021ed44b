// One check: a unit that watches the shared event stream and reports findings. A check keeps only open state
// (pending requests, unfinished collectives) so the analyzer's memory does not grow with the trace.
#pragma once

#include <vector>

#include "findings/finding.hpp"
#include "model/event_kinds.hpp"
#include "model/event_model.hpp"
#include "trace/events.hpp"

namespace mpisight::analyzer {

class Check {
 public:
  explicit Check(EventModel& model) : model_(model) {}
  virtual ~Check() = default;
  Check(const Check&) = delete;
  Check& operator=(const Check&) = delete;

  // Every event of event_kinds(), in global time order, while model() knows the call that made it. Other events
  // must leave it unchanged (tests may hand it every event).
  virtual void on_event(const trace::Event& event) = 0;
  // The event alternatives on_event acts on: the driver hands it no others, so a check pays nothing for the rest.
  // Instead of every trace::Leave (Enter) it may name leaves_with<LeaveFact...>() (enters_with<EnterFact...>()):
  // only the calls carrying those facts.
  [[nodiscard]] virtual EventKinds event_kinds() const { return kAllEventKinds; }
  // After the last event: report what the end state shows. Findings made while streaming are added here too.
  virtual void finish(std::vector<Finding>& findings) = 0;

 protected:
  [[nodiscard]] EventModel& model() noexcept { return model_; }
  [[nodiscard]] const EventModel& model() const noexcept { return model_; }

 private:
  EventModel& model_;
};

}  // namespace mpisight::analyzer
