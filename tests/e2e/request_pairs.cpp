// Walks one location's events keeping the pending requests by id.
#include "request_pairs.hpp"

#include <gtest/gtest.h>
#include <map>

namespace mpisight::testkit {
namespace {

enum class Started { kSend, kReceive, kCollective };

}  // namespace

std::vector<RequestPair> pair_requests(const trace::Trace& trace, trace::LocationId location) {
  std::vector<RequestPair> pairs;
  std::map<trace::RequestId, std::pair<std::size_t, Started>> pending;  // id -> (index in pairs, kind)
  auto start = [&](trace::RequestId id, const trace::Event& event, Started kind) {
    EXPECT_EQ(pending.count(id), 0U) << "request " << id << " started while pending";
    pending[id] = {pairs.size(), kind};
    pairs.push_back({event, std::nullopt, 0});
  };
  auto end = [&](trace::RequestId id, const trace::Event& event, std::optional<Started> kind) {
    const auto it = pending.find(id);
    ASSERT_NE(it, pending.end()) << "request " << id << " completed but was not pending";
    if (kind) {
      EXPECT_EQ(static_cast<int>(it->second.second), static_cast<int>(*kind)) << "request " << id;
    }
    pairs[it->second.first].end = event;
    pending.erase(it);
  };
  for (const trace::Event& event : trace.events.at(location)) {
    std::visit(trace::Overloaded{
                   [&](const trace::MpiIsend& e) { start(e.request, event, Started::kSend); },
                   [&](const trace::MpiIrecvRequest& e) { start(e.request, event, Started::kReceive); },
                   [&](const trace::NonBlockingCollectiveRequest& e) { start(e.request, event, Started::kCollective); },
                   [&](const trace::MpiIsendComplete& e) { end(e.request, event, Started::kSend); },
                   [&](const trace::MpiIrecv& e) { end(e.request, event, Started::kReceive); },
                   [&](const trace::NonBlockingCollectiveComplete& e) { end(e.request, event, Started::kCollective); },
                   [&](const trace::MpiRequestCancelled& e) { end(e.request, event, std::nullopt); },
                   [&](const trace::MpiRequestTest& e) {
                     const auto it = pending.find(e.request);
                     ASSERT_NE(it, pending.end()) << "tested request " << e.request << " was not pending";
                     ++pairs[it->second.first].tests;
                   },
                   [](const auto&) {},
               },
               event);
  }
  return pairs;
}

}  // namespace mpisight::testkit
