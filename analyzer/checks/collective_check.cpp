// Arrivals come from MpiCollectiveEnd records; calls still open at the end of the trace arrive as "blocked",
// with the operation known from the function's name. Instances are compared once complete and then dropped.
#include "checks/collective_check.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <set>

#include "model/event_attributes.hpp"

namespace mpisight::analyzer {
namespace {

using schema::CollectiveOp;

constexpr std::size_t kMaxCallsPerFinding = 8;

bool is_rooted(CollectiveOp op) {
  switch (op) {
    case CollectiveOp::kBcast:
    case CollectiveOp::kGather:
    case CollectiveOp::kGatherv:
    case CollectiveOp::kScatter:
    case CollectiveOp::kScatterv:
    case CollectiveOp::kReduce: return true;
    default: return false;
  }
}

// The size every member must agree on, in the recorded byte counts (see interpose/semantics/collectives.hpp for
// their shapes), where the records allow telling it; nullopt where they do not (v-forms, in-place ambiguity).
std::optional<std::uint64_t> agreed_bytes(CollectiveOp op, std::uint64_t sent, std::uint64_t received, bool is_root) {
  switch (op) {
    case CollectiveOp::kBcast: return received;
    case CollectiveOp::kScan:
    case CollectiveOp::kExscan: return sent;
    case CollectiveOp::kReduce:
    case CollectiveOp::kGather: return is_root ? std::nullopt : std::optional<std::uint64_t>(sent);
    case CollectiveOp::kScatter: return is_root ? std::nullopt : std::optional<std::uint64_t>(received);
    default: return std::nullopt;
  }
}

bool is_reduction(CollectiveOp op) {
  switch (op) {
    case CollectiveOp::kReduce:
    case CollectiveOp::kAllreduce:
    case CollectiveOp::kReduceScatter:
    case CollectiveOp::kReduceScatterBlock:
    case CollectiveOp::kScan:
    case CollectiveOp::kExscan: return true;
    default: return false;
  }
}

// MPICH's predefined MPI_Op handles are 0x58000001 (MPI_MAX) onwards; user-defined ops have other values.
std::string reduction_name(std::uint32_t handle) {
  static constexpr std::array<std::string_view, 13> kNames = {
      "MPI_MAX", "MPI_MIN",  "MPI_SUM",  "MPI_PROD",   "MPI_LAND",   "MPI_BAND",   "MPI_LOR",
      "MPI_BOR", "MPI_LXOR", "MPI_BXOR", "MPI_MINLOC", "MPI_MAXLOC", "MPI_REPLACE"};
  constexpr std::uint32_t kFirst = 0x58000001U;
  if (handle >= kFirst && handle - kFirst < kNames.size()) {
    return std::string(kNames[handle - kFirst]);
  }
  char text[32];
  std::snprintf(text, sizeof text, "user op 0x%x", handle);
  return text;
}

std::string ordinal(std::uint64_t sequence) {
  return "collective call #" + std::to_string(sequence + 1);
}

std::string ranks_text(const std::vector<trace::WorldRank>& ranks) {
  return (ranks.size() == 1 ? "rank " : "ranks ") + rank_list(ranks);
}

}  // namespace

CollectiveCheck::CommState* CollectiveCheck::comm_state(trace::CommId comm) {
  auto [it, inserted] = comms_.try_emplace(comm);
  if (inserted) {
    auto def = model().defs().comms.find(comm);
    if (def != model().defs().comms.end() && !def->second.is_self && !def->second.world_ranks.empty()) {
      CommState state;
      state.comm = comm;
      state.members = def->second.world_ranks;
      state.is_inter = def->second.is_inter();
      state.members.insert(state.members.end(), def->second.remote_world_ranks.begin(),
                           def->second.remote_world_ranks.end());
      for (std::size_t i = 0; i < state.members.size(); ++i) {
        state.index.emplace(state.members[i], i);
      }
      state.entered.assign(state.members.size(), 0);
      it->second = std::move(state);
    }
  }
  return it->second ? &*it->second : nullptr;
}

void CollectiveCheck::on_event(const trace::Event& event) {
  const auto* end = std::get_if<trace::MpiCollectiveEnd>(&event);
  if (end == nullptr) {
    return;
  }
  CommState* state = comm_state(end->comm);
  if (state == nullptr || state->stopped) {
    return;
  }
  const Arrival arrival{.present = true,
                        .blocked = false,
                        .op = end->op,
                        .root = end->root_world_rank,
                        .bytes_sent = end->bytes_sent,
                        .bytes_received = end->bytes_received,
                        .reduction = reduction_op(*end),
                        .call = model().current_call_id(end->location, end->time_ns)};
  arrive(*state, model().rank_of(end->location), arrival, &findings_);
}

void CollectiveCheck::arrive(CommState& state, trace::WorldRank rank, const Arrival& arrival,
                             std::vector<Finding>* findings) {
  auto member = state.index.find(rank);
  if (member == state.index.end()) {
    return;  // the definitions say this rank is no member; nothing sensible to compare
  }
  const std::uint64_t sequence = state.entered[member->second]++;
  const std::size_t position = sequence - state.base;
  while (state.window.size() <= position) {
    state.window.push_back(Instance{.arrivals = std::vector<Arrival>(state.members.size()), .count = 0});
  }
  Instance& instance = state.window[position];
  instance.arrivals[member->second] = arrival;
  ++instance.count;
  if (findings == nullptr || instance.count < state.members.size()) {
    return;
  }
  if (!compare(state, sequence, instance, *findings)) {
    state.window.clear();
    return;
  }
  while (!state.window.empty() && state.window.front().count == state.members.size()) {
    state.window.pop_front();
    ++state.base;
  }
}

bool CollectiveCheck::compare(CommState& state, std::uint64_t sequence, const Instance& instance,
                              std::vector<Finding>& findings) {
  std::vector<std::size_t> present;
  for (std::size_t i = 0; i < instance.arrivals.size(); ++i) {
    if (instance.arrivals[i].present) {
      present.push_back(i);
    }
  }
  if (present.empty()) {
    return true;
  }
  const std::string where = "On " + model().comm_name(state.comm) + ", " + ordinal(sequence);
  auto make = [&](const char* check, std::string message, const char* hint, auto role_of) {
    Finding finding;
    finding.check = check;
    finding.severity = Severity::kError;
    finding.message = std::move(message);
    finding.hint = hint;
    for (std::size_t i : present) {
      finding.ranks.push_back(state.members[i]);
      if (finding.calls.size() < kMaxCallsPerFinding) {
        finding.calls.push_back(model().describe(instance.arrivals[i].call, role_of(instance.arrivals[i])));
      }
    }
    normalize_ranks(finding);
    findings.push_back(std::move(finding));
  };

  // Operation: group the members by what they called.
  std::map<CollectiveOp, std::vector<trace::WorldRank>> by_op;
  for (std::size_t i : present) {
    by_op[instance.arrivals[i].op].push_back(state.members[i]);
  }
  if (by_op.size() > 1) {
    std::string groups;
    for (const auto& [op, ranks] : by_op) {
      groups += (groups.empty() ? "" : " but ") + std::string(collective_name(op)) + " on " + ranks_text(ranks);
    }
    make("collectives.mismatch", where + " is " + groups + ".",
         "Every rank of a communicator must call the same collectives in the same order; make the calls "
         "unconditional or take the same branch on every rank. Later collectives on this communicator are not "
         "checked.",
         [](const Arrival& a) { return "called " + std::string(collective_name(a.op)) + " here"; });
    state.stopped = true;
    return false;
  }
  const CollectiveOp op = by_op.begin()->first;
  const std::string name(collective_name(op));
  if (state.is_inter) {
    return true;
  }

  std::map<std::uint32_t, std::vector<trace::WorldRank>> by_reduction;
  if (is_reduction(op)) {
    for (std::size_t i : present) {
      if (instance.arrivals[i].reduction) {
        by_reduction[*instance.arrivals[i].reduction].push_back(state.members[i]);
      }
    }
  }
  if (by_reduction.size() > 1) {
    std::string groups;
    for (const auto& [reduction, ranks] : by_reduction) {
      groups += (groups.empty() ? "" : ", ") + ranks_text(ranks) + " gave " + reduction_name(reduction);
    }
    make("collectives.reduction_mismatch",
         where + " (" + name + ") has different reduction operations: " + groups + ".",
         "Pass the same MPI_Op on every rank; a reduction with mixed operations computes a meaningless value.",
         [&](const Arrival& a) {
           return "called " + name + " with " + (a.reduction ? reduction_name(*a.reduction) : std::string("?"));
         });
    return true;
  }

  std::map<trace::WorldRank, std::vector<trace::WorldRank>> by_root;
  if (is_rooted(op)) {
    for (std::size_t i : present) {
      if (!instance.arrivals[i].blocked && instance.arrivals[i].root) {
        by_root[*instance.arrivals[i].root].push_back(state.members[i]);
      }
    }
  }
  if (by_root.size() > 1) {
    std::string groups;
    for (const auto& [root, ranks] : by_root) {
      groups += (groups.empty() ? "" : ", ") + ranks_text(ranks) + " gave root " + std::to_string(root);
    }
    make("collectives.root_mismatch", where + " (" + name + ") has different roots: " + groups + ".",
         "Pass the same root rank on every rank of the communicator.", [&](const Arrival& a) {
           return "called " + name + " with root " + (a.root ? std::to_string(*a.root) : std::string("?"));
         });
    return true;
  }

  std::map<std::uint64_t, std::vector<trace::WorldRank>> by_bytes;
  for (std::size_t i : present) {
    const Arrival& a = instance.arrivals[i];
    if (a.blocked) {
      continue;
    }
    const bool is_root = a.root && *a.root == state.members[i];
    if (std::optional<std::uint64_t> bytes = agreed_bytes(op, a.bytes_sent, a.bytes_received, is_root)) {
      by_bytes[*bytes].push_back(state.members[i]);
    }
  }
  if (by_bytes.size() > 1) {
    std::string groups;
    for (const auto& [bytes, ranks] : by_bytes) {
      groups += (groups.empty() ? "" : ", ") + ranks_text(ranks) + " " + std::to_string(bytes) + " bytes";
    }
    make("collectives.size_mismatch",
         where + " (" + name + ") moves different amounts of data per rank: " + groups + ".",
         "Give every rank counts and datatypes with the same type signature (the same number of the same basic "
         "types) for this collective.",
         [&](const Arrival& a) {
           return "called " + name + " (sent " + std::to_string(a.bytes_sent) + " bytes, received " +
                  std::to_string(a.bytes_received) + " bytes)";
         });
  }
  return true;
}

void CollectiveCheck::add_blocked_calls() {
  for (const EventModel::LocationEnd& end : model().location_ends()) {
    if (end.open_mpi_calls.empty() || !end.open_mpi_calls.back().info->collective) {
      continue;
    }
    // The communicator is recorded only when a collective ends; a blocked one is placed on the rank's only
    // communicator with other members, and left out when the rank has several.
    std::optional<trace::CommId> only;
    int candidates = 0;
    for (const auto& [id, comm] : model().defs().comms) {
      if (!comm.is_self &&
          std::find(comm.world_ranks.begin(), comm.world_ranks.end(), end.rank) != comm.world_ranks.end()) {
        only = id;
        ++candidates;
      }
    }
    if (candidates != 1) {
      continue;
    }
    CommState* state = comm_state(*only);
    if (state == nullptr || state->stopped) {
      continue;
    }
    const OpenCall& call = end.open_mpi_calls.back();
    arrive(*state, end.rank,
           Arrival{.present = true,
                   .blocked = true,
                   .op = *call.info->collective,
                   .root = {},
                   .bytes_sent = 0,
                   .bytes_received = 0,
                   .reduction = {},
                   .call = call.id},
           nullptr);
  }
}

void CollectiveCheck::report_missing(const CommState& state, std::uint64_t sequence, const Instance& instance,
                                     std::vector<Finding>& findings) {
  std::vector<trace::WorldRank> entered;
  std::vector<trace::WorldRank> missing;
  bool any_blocked = false;
  Finding finding;
  finding.check = "collectives.missing_rank";
  finding.severity = Severity::kError;
  std::optional<CollectiveOp> op;
  for (std::size_t i = 0; i < instance.arrivals.size(); ++i) {
    const Arrival& a = instance.arrivals[i];
    if (!a.present) {
      missing.push_back(state.members[i]);
      continue;
    }
    entered.push_back(state.members[i]);
    any_blocked = any_blocked || a.blocked;
    op = a.op;
    if (finding.calls.size() < kMaxCallsPerFinding) {
      finding.calls.push_back(
          model().describe(a.call, a.blocked ? "entered the collective and waits in it at the end of the trace"
                                             : "entered the collective"));
    }
  }
  // Where each missing rank was instead, if it was inside an MPI call at the end.
  std::map<trace::WorldRank, const EventModel::LocationEnd*> ends;
  const std::vector<EventModel::LocationEnd> all_ends = model().location_ends();
  for (const EventModel::LocationEnd& end : all_ends) {
    ends.emplace(end.rank, &end);
  }
  for (trace::WorldRank rank : missing) {
    auto it = ends.find(rank);
    if (it != ends.end() && !it->second->open_mpi_calls.empty() && finding.calls.size() < kMaxCallsPerFinding) {
      finding.calls.push_back(model().describe(it->second->open_mpi_calls.back().id,
                                               "never entered the collective; was in this call at the end"));
    }
  }
  const std::string name = op ? std::string(collective_name(*op)) : "a collective";
  finding.message = "On " + model().comm_name(state.comm) + ", " + ranks_text(entered) + " entered " + name + " (" +
                    ordinal(sequence) + ") but " + ranks_text(missing) + " never did" +
                    (any_blocked ? "; the ranks that entered it were left waiting." : ".");
  finding.hint =
      "Every rank of the communicator must make the collective call; look for an early return, a "
      "rank-dependent branch or a loop with a rank-dependent trip count around it.";
  finding.ranks = entered;
  finding.ranks.insert(finding.ranks.end(), missing.begin(), missing.end());
  normalize_ranks(finding);
  findings.push_back(std::move(finding));
}

void CollectiveCheck::finish(std::vector<Finding>& findings) {
  add_blocked_calls();
  for (auto& [id, state] : comms_) {
    if (!state || state->stopped) {
      continue;
    }
    for (std::size_t i = 0; i < state->window.size(); ++i) {
      const Instance& instance = state->window[i];
      const std::uint64_t sequence = state->base + i;
      const bool has_blocked =
          std::any_of(instance.arrivals.begin(), instance.arrivals.end(), [](const Arrival& a) { return a.blocked; });
      if (instance.count == state->members.size()) {
        // Complete ones were compared when they completed, unless ranks still blocked in them completed them.
        if (has_blocked && !compare(*state, sequence, instance, findings_)) {
          break;
        }
        continue;
      }
      // Compare what arrived; a mismatch explains the rest, else the first incomplete call is the bug.
      if (!compare(*state, sequence, instance, findings_)) {
        break;
      }
      report_missing(*state, sequence, instance, findings_);
      break;
    }
  }
  findings.insert(findings.end(), std::make_move_iterator(findings_.begin()), std::make_move_iterator(findings_.end()));
  findings_.clear();
}

}  // namespace mpisight::analyzer
