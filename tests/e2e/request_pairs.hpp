// Pairs each request a location started (MpiIsend, MpiIrecvRequest, NonBlockingCollectiveRequest) with the event
// that completed it, for record-by-record checks of request-based families.
#pragma once

#include <optional>
#include <vector>

#include "trace/load_trace.hpp"

namespace mpisight::testkit {

struct RequestPair {
  trace::Event start;
  std::optional<trace::Event> end;  // MpiIsendComplete, MpiIrecv, NonBlockingCollectiveComplete or MpiRequestCancelled
  std::size_t tests = 0;            // MpiRequestTest events while it was pending
};

// In start order. Fails the current test on an id started while already pending, a completion of the wrong kind
// (a send completed as a receive...) and a completion or test of an id that is not pending.
[[nodiscard]] std::vector<RequestPair> pair_requests(const trace::Trace& trace, trace::LocationId location);

}  // namespace mpisight::testkit
