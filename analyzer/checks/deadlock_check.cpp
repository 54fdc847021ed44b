// A blocked MPI_Recv waits for the source its Enter names (mpisight:requested_source); other blocked receives
// (MPI_Wait, MPI_Probe...) and wildcard ones wait for "any rank". The hang is proven by every rank being blocked
// with no message addressed to a receiving rank.
#include "checks/deadlock_check.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace mpisight::analyzer {
namespace {

// A cycle in `edges`, as the ranks along it, or empty.
std::vector<trace::WorldRank> find_cycle(const std::map<trace::WorldRank, std::set<trace::WorldRank>>& edges) {
  std::map<trace::WorldRank, int> color;  // 0 unvisited, 1 on the path, 2 done
  std::vector<trace::WorldRank> path;
  std::vector<trace::WorldRank> cycle;
  auto visit = [&](auto&& self, trace::WorldRank rank) -> bool {
    color[rank] = 1;
    path.push_back(rank);
    if (auto it = edges.find(rank); it != edges.end()) {
      for (trace::WorldRank next : it->second) {
        if (color[next] == 1) {
          cycle.assign(std::find(path.begin(), path.end(), next), path.end());
          return true;
        }
        if (color[next] == 0 && self(self, next)) {
          return true;
        }
      }
    }
    path.pop_back();
    color[rank] = 2;
    return false;
  };
  for (const auto& [rank, targets] : edges) {
    if (color[rank] == 0 && visit(visit, rank)) {
      return cycle;
    }
  }
  return {};
}

std::string ranks_text(const std::vector<trace::WorldRank>& ranks) {
  return (ranks.size() == 1 ? "rank " : "ranks ") + rank_list(ranks);
}

}  // namespace

void DeadlockCheck::finish(std::vector<Finding>& findings) {
  const trace::TraceDefinitions& defs = model().defs();
  const std::size_t world = defs.world_size();
  if (world == 0) {
    return;
  }
  std::map<trace::WorldRank, OpenCall> blocked;  // each rank's innermost open MPI call
  for (const EventModel::LocationEnd& end : model().location_ends()) {
    if (end.rank < world && end.location == defs.rank_locations[end.rank] && !end.open_mpi_calls.empty()) {
      if (end.open_mpi_calls.back().info->name == "MPI_Abort") {
        return;  // an aborted run, not a hung one (the report's run ending says so)
      }
      blocked.emplace(end.rank, end.open_mpi_calls.back());
    }
  }
  // A rank that finished, crashed between calls, or left no events is not blocked: no global hang to prove.
  if (blocked.size() != world) {
    return;
  }
  const bool all_finalizing = std::all_of(blocked.begin(), blocked.end(),
                                          [](const auto& b) { return b.second.info->kind == CallKind::kFinalize; });
  if (all_finalizing) {
    return;
  }

  std::map<trace::WorldRank, std::set<trace::WorldRank>> edges;
  for (const MessageEnd& send : model().messages().unreceived_sends()) {
    auto it = blocked.find(send.sender);
    if (it != blocked.end() && it->second.id.location == send.call.location &&
        it->second.id.enter_ns == send.call.enter_ns && it->second.id.region == send.call.region) {
      edges[send.sender].insert(send.receiver);  // a blocking send not yet received
    }
  }
  for (const auto& [rank, call] : blocked) {
    const RegionInfo& info = *call.info;
    if (info.collective || info.kind == CallKind::kFinalize) {
      for (const auto& [other, other_call] : blocked) {
        if (other != rank && other_call.info->name != info.name) {
          edges[rank].insert(other);  // a collective waits for every member not in it (world: see check)
        }
      }
    } else if (info.kind == CallKind::kReceive && model().messages().has_message_for(rank)) {
      return;  // a message is on its way to a receiving rank: it may still progress
    } else if (info.kind == CallKind::kReceive && call.awaited) {
      edges[rank].insert(*call.awaited);  // an MPI_Recv from one source, as its Enter says
    }
  }

  Finding finding;
  finding.check = "messages.deadlock";
  finding.severity = Severity::kError;
  std::map<std::string, std::vector<trace::WorldRank>> by_function;
  for (const auto& [rank, call] : blocked) {
    by_function[call.info->name].push_back(rank);
    finding.ranks.push_back(rank);
    std::string role = "blocked here at the end of the trace";
    if (auto it = edges.find(rank); it != edges.end()) {
      role += ", waiting for " + ranks_text(std::vector<trace::WorldRank>(it->second.begin(), it->second.end()));
    } else if (call.info->kind == CallKind::kReceive) {
      role += ", waiting for a message no rank sent";
    }
    finding.calls.push_back(model().describe(call.id, std::move(role)));
  }
  std::string where;
  for (const auto& [function, ranks] : by_function) {
    where += (where.empty() ? "" : ", ") + ranks_text(ranks) + " in " + function;
  }
  const std::vector<trace::WorldRank> cycle = find_cycle(edges);
  finding.message =
      "The run never finished: at the end of the trace every rank is blocked in an MPI call (" + where + ")";
  if (!cycle.empty()) {
    std::string chain;
    for (trace::WorldRank rank : cycle) {
      chain += std::to_string(rank) + " -> ";
    }
    finding.message += " and ranks " + chain + std::to_string(cycle.front()) + " wait for each other in a cycle.";
  } else {
    finding.message += " and no message in flight can release any of them.";
  }
  finding.hint =
      "Break the wait: order each pair's sends and receives so one side sends first (or use MPI_Sendrecv "
      "or nonblocking calls), and make sure every rank reaches the collectives its peers wait in.";
  normalize_ranks(finding);
  findings.push_back(std::move(finding));
}

}  // namespace mpisight::analyzer
