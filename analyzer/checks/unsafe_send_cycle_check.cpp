// Sends become safe as their receives are matched; a send whose dependencies close a loop back to it is reported
// and then treated as safe, since the run did complete (buffered), so the open state stays small.
#include "checks/unsafe_send_cycle_check.hpp"

#include <algorithm>
#include <set>
#include <string>

namespace mpisight::analyzer {
void UnsafeSendCycleCheck::on_event(const trace::Event& event) {
  if (last_send_.empty() && posted_.empty() && node_of_call_.empty() && event.index() != event_kind<trace::MpiSend>()) {
    return;  // no MPI_Send pending: nothing below could act (most programs, most of the time)
  }
  std::optional<NodeId> target;
  bool receive = false;
  std::visit(trace::Overloaded{
                 [&](const trace::MpiSend& e) { add_send(e); },
                 [&](const trace::MpiIrecvRequest& e) {
                   // Only receives posted behind a pending send can close a cycle: the rest are not kept.
                   if (std::optional<NodeId> last = pending_last_send(e.location)) {
                     posted_[{e.location, e.request}] = last;
                   } else {
                     posted_.erase({e.location, e.request});
                   }
                 },
                 [&](const trace::MpiRecv& e) {
                   receive = true;  // blocking: posted after every send its thread made before
                   target = pending_last_send(e.location);
                 },
                 [&](const trace::MpiIrecv& e) {
                   receive = true;
                   if (auto it = posted_.find({e.location, e.request}); it != posted_.end()) {
                     target = it->second;
                     posted_.erase(it);
                   }
                 },
                 [&](const trace::MpiRequestCancelled& e) {
                   posted_.erase({e.location, e.request});
                 },
                 [](const auto&) {},
             },
             event);
  if (const EventModel::Match* match = model().matched()) {
    // A match made by a send event (its receive came first in the trace) has no known posting point: no target.
    on_match(*match, receive ? target : std::nullopt);
  }
}

std::optional<UnsafeSendCycleCheck::NodeId> UnsafeSendCycleCheck::pending_last_send(trace::LocationId location) const {
  if (last_send_.empty()) {
    return std::nullopt;  // programs without MPI_Send: no hashing per receive
  }
  if (auto it = last_send_.find(location); it != last_send_.end()) {
    return it->second;
  }
  return std::nullopt;
}

void UnsafeSendCycleCheck::add_send(const trace::MpiSend& event) {
  const OpenCall* call = model().current_call(event.location);
  if (call == nullptr || !call->info->is_standard_send || !event.peer_world_rank) {
    return;
  }
  const NodeId id = next_id_++;
  Node node;
  node.call = call->id;
  node.sender = model().rank_of(event.location);
  node.receiver = *event.peer_world_rank;
  if (std::optional<NodeId> previous = pending_last_send(event.location)) {
    node.previous = previous;
    pending_.at(*previous).dependents.push_back(id);
  }
  pending_.emplace(id, std::move(node));
  last_send_[event.location] = id;
  node_of_call_[{call->id.location, call->id.enter_ns}] = id;
}

void UnsafeSendCycleCheck::on_match(const EventModel::Match& match, std::optional<NodeId> target) {
  auto found = node_of_call_.find({match.send.call.location, match.send.call.enter_ns});
  if (found == node_of_call_.end()) {
    return;  // not an MPI_Send, or one already known safe
  }
  const NodeId id = found->second;
  Node& node = pending_.at(id);
  node.received = true;
  if (target && pending_.contains(*target)) {
    node.target = target;
    pending_.at(*target).dependents.push_back(id);
    if (std::vector<NodeId> cycle = path_to(*target, id); !cycle.empty()) {
      report(cycle);
      for (NodeId member : cycle) {
        resolve(member, true);
      }
      return;
    }
  }
  resolve(id, false);
}

// The dependency path from `from` to `to` over pending sends (both included), or empty if there is none.
std::vector<UnsafeSendCycleCheck::NodeId> UnsafeSendCycleCheck::path_to(NodeId from, NodeId to) const {
  std::vector<NodeId> path;
  std::set<NodeId> seen;
  auto visit = [&](auto&& self, NodeId id) -> bool {
    if (!seen.insert(id).second) {
      return false;
    }
    path.push_back(id);
    if (id == to) {
      return true;
    }
    const Node& node = pending_.at(id);
    for (const std::optional<NodeId>& next : {node.target, node.previous}) {
      if (next && pending_.contains(*next) && self(self, *next)) {
        return true;
      }
    }
    path.pop_back();
    return false;
  };
  visit(visit, from);
  return path;
}

// `cycle` runs target first, closing at the send whose receive was just matched: reported from that send on.
void UnsafeSendCycleCheck::report(const std::vector<NodeId>& cycle) {
  std::vector<NodeId> order(cycle.rbegin(), cycle.rbegin() + 1);
  order.insert(order.end(), cycle.begin(), cycle.end() - 1);
  // The same cycle reads the same however its last receive fell: from its lowest rank on.
  std::rotate(order.begin(),
              std::min_element(order.begin(), order.end(),
                               [&](NodeId a, NodeId b) { return pending_.at(a).sender < pending_.at(b).sender; }),
              order.end());
  std::vector<std::pair<trace::RegionId, std::uint32_t>> sites;
  for (NodeId id : order) {
    sites.emplace_back(pending_.at(id).call.region, pending_.at(id).call.site);
  }
  std::sort(sites.begin(), sites.end());
  Cycles& cycles = cycles_[sites];
  if (cycles.count++ > 0) {
    return;
  }
  for (NodeId id : order) {
    const Node& node = pending_.at(id);
    cycles.ranks.push_back(node.sender);
    cycles.calls.push_back(model().describe(
        node.call, "sent to rank " + std::to_string(node.receiver) + " before that rank posted its receive"));
  }
}

// Marks `id` safe when its receive is posted and what it depends on is safe (or unconditionally: `force`), and
// then its dependents in turn.
void UnsafeSendCycleCheck::resolve(NodeId id, bool force) {
  std::vector<NodeId> work{id};
  bool forced = force;
  while (!work.empty()) {
    const NodeId current = work.back();
    work.pop_back();
    auto it = pending_.find(current);
    if (it == pending_.end()) {
      continue;
    }
    const Node& node = it->second;
    const bool waits = !node.received || (node.previous && pending_.contains(*node.previous)) ||
                       (node.target && pending_.contains(*node.target));
    if (waits && !forced) {
      continue;
    }
    forced = false;
    if (auto last = last_send_.find(node.call.location); last != last_send_.end() && last->second == current) {
      last_send_.erase(last);
    }
    node_of_call_.erase({node.call.location, node.call.enter_ns});
    std::vector<NodeId> dependents = std::move(it->second.dependents);
    pending_.erase(it);
    work.insert(work.end(), dependents.begin(), dependents.end());
  }
}

void UnsafeSendCycleCheck::finish(std::vector<Finding>& findings) {
  for (const auto& [sites, cycles] : cycles_) {
    Finding finding;
    finding.check = "messages.unsafe_send_cycle";
    finding.severity = Severity::kError;
    finding.ranks = cycles.ranks;
    finding.calls = cycles.calls;
    std::string chain;
    for (trace::WorldRank rank : cycles.ranks) {
      chain += std::to_string(rank) + " -> ";
    }
    chain += std::to_string(cycles.ranks.front());
    const std::string times = cycles.count == 1 ? "" : " (" + std::to_string(cycles.count) + " times)";
    finding.message = "Ranks " + chain + " each called " + finding.calls.front().function +
                      " before posting the receive for the message sent to them" + times +
                      ": the sends completed only because MPI buffered them, and with zero buffering (larger "
                      "messages, another MPI) they would deadlock.";
    finding.hint =
        "Make the exchange safe: use MPI_Sendrecv, or MPI_Irecv/MPI_Isend with MPI_Waitall, or let one side of "
        "each pair receive first.";
    normalize_ranks(finding);
    findings.push_back(std::move(finding));
  }
}

}  // namespace mpisight::analyzer
