// Arrivals come from MpiCollectiveEnd and NonBlockingCollectiveComplete records (in the order the calls started);
// calls still open at the end of the trace arrive as "blocked", with the operation known from the function's
// name. Instances are compared once complete and then dropped.
#include "checks/collective_check.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "checks/collective_pairs.hpp"
#include "checks/collective_signatures.hpp"
#include "model/event_attributes.hpp"
#include "model/reduction_op_name.hpp"

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

// The collective a nonblocking function starts: MPI_Ibcast (or MPI_Ibcast_c) performs kBcast, and
// MPI_Ineighbor_alltoall is recorded as kAlltoall (interpose/semantics/neighborhood.hpp).
std::optional<CollectiveOp> nonblocking_op(std::string_view name) {
  if (!name.starts_with("MPI_I") || name.size() < 6) {
    return std::nullopt;
  }
  std::string rest(name.substr(5));
  if (rest.starts_with("neighbor_")) {
    rest.erase(0, 9);
  }
  if (rest.ends_with("_c")) {
    rest.resize(rest.size() - 2);
  }
  rest[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(rest[0])));
  trace::Region region;
  region.name = "MPI_" + rest;
  region.paradigm = trace::Paradigm::kMpi;
  return classify_region(region).collective;
}

// MPI_Neighbor_allgather, MPI_Ineighbor_alltoall, MPI_Neighbor_allgather_init...: recorded as their all-to-all
// counterparts, they move data only between topology neighbours, and the number of neighbours differs per rank.
bool is_neighborhood(std::string_view function) {
  return function.starts_with("MPI_Neighbor_") || function.starts_with("MPI_Ineighbor_");
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
  if (const auto* end = std::get_if<trace::MpiCollectiveEnd>(&event)) {
    on_arrival(end->location, end->comm,
               Arrival{.present = true,
                       .form = Form::kBlocking,
                       .blocked = false,
                       .op = end->op,
                       .root = end->root_world_rank,
                       .bytes_sent = end->bytes_sent,
                       .bytes_received = end->bytes_received,
                       .reduction = reduction_op(*end),
                       .send_type = end->send_type,
                       .recv_type = end->recv_type,
                       .call = model().current_call_id(end->location, end->time_ns),
                       .send_counts = end->send_counts,
                       .recv_counts = end->recv_counts});
  } else if (const auto* leave = std::get_if<trace::Leave>(&event); leave != nullptr && leave->collective_init) {
    on_init(*leave);
  } else if (const auto* started = std::get_if<trace::NonBlockingCollectiveRequest>(&event)) {
    on_started(*started);
  } else if (const auto* completed = std::get_if<trace::NonBlockingCollectiveComplete>(&event)) {
    on_completed(*completed);
  }
}

void CollectiveCheck::on_init(const trace::Leave& leave) {
  const trace::CollectiveInit& init = *leave.collective_init;
  on_arrival(leave.location, init.comm,
             Arrival{.present = true,
                     .form = Form::kPersistent,
                     .blocked = false,
                     .op = init.op,
                     .root = init.root_world_rank,
                     .bytes_sent = 0,
                     .bytes_received = 0,
                     .reduction = init.reduction_op,
                     .send_type = init.send_type,
                     .recv_type = init.recv_type,
                     .call = model().current_call_id(leave.location, leave.time_ns),
                     .send_counts = init.send_counts,
                     .recv_counts = init.recv_counts});
}

void CollectiveCheck::on_started(const trace::NonBlockingCollectiveRequest& event) {
  const OpenCall* call = model().current_call(event.location);
  const std::string_view name = call != nullptr ? std::string_view(call->info->name) : std::string_view();
  if (name.starts_with("MPI_Start")) {
    persistent_.emplace(event.location, event.request);
    return;
  }
  const std::optional<CollectiveOp> op = nonblocking_op(name);
  if (!op) {
    return;  // not a collective we can place (its completion finds no queued entry and is ignored)
  }
  queues_[event.location].push_back(
      Queued{.request = event.request,
             .comm = 0,
             .arrival = Arrival{.present = true,
                                .form = Form::kNonblocking,
                                .blocked = true,
                                .op = op.value_or(CollectiveOp::kBarrier),
                                .root = {},
                                .bytes_sent = 0,
                                .bytes_received = 0,
                                .reduction = {},
                                .send_type = {},
                                .recv_type = {},
                                .call = model().current_call_id(event.location, event.time_ns),
                                .send_counts = event.send_counts,
                                .recv_counts = event.recv_counts}});
}

void CollectiveCheck::on_completed(const trace::NonBlockingCollectiveComplete& event) {
  if (persistent_.erase({event.location, event.request}) > 0) {
    return;
  }
  auto queue = queues_.find(event.location);
  if (queue == queues_.end()) {
    return;
  }
  auto queued = std::find_if(queue->second.begin(), queue->second.end(),
                             [&](const Queued& q) { return q.request == event.request; });
  if (queued == queue->second.end()) {
    return;
  }
  queued->request.reset();
  queued->comm = event.comm;
  Arrival& arrival = queued->arrival;
  arrival.blocked = false;
  arrival.op = event.op;
  arrival.root = event.root_world_rank;
  arrival.bytes_sent = event.bytes_sent;
  arrival.bytes_received = event.bytes_received;
  arrival.reduction = reduction_op(event);
  arrival.send_type = event.send_type;
  arrival.recv_type = event.recv_type;
  while (!queue->second.empty() && !queue->second.front().request) {
    const Queued ready = queue->second.front();
    queue->second.pop_front();
    deliver(event.location, ready.comm, ready.arrival, &findings_);
  }
}

void CollectiveCheck::on_arrival(trace::LocationId location, trace::CommId comm, const Arrival& arrival) {
  auto queue = queues_.find(location);
  if (queue != queues_.end() && !queue->second.empty()) {
    queue->second.push_back(Queued{.request = {}, .comm = comm, .arrival = arrival});
    return;
  }
  deliver(location, comm, arrival, &findings_);
}

void CollectiveCheck::deliver(trace::LocationId location, trace::CommId comm, const Arrival& arrival,
                              std::vector<Finding>* findings) {
  const trace::WorldRank rank = model().rank_of(location);
  if (auto freed = freed_.find({comm, rank}); freed != freed_.end()) {
    stale_uses_[comm].try_emplace(rank, StaleUse{.use = arrival.call, .free = freed->second});
    return;  // out of the order: the communicator's collectives ended with its free
  }
  if (arrival.op == CollectiveOp::kDestroyHandle) {
    freed_.emplace(std::pair{comm, rank}, arrival.call);
  }
  CommState* state = comm_state(comm);
  if (state == nullptr || state->stopped) {
    return;
  }
  arrive(*state, rank, arrival, findings);
}

std::optional<trace::CommId> CollectiveCheck::only_comm(trace::WorldRank rank) const {
  std::optional<trace::CommId> only;
  int candidates = 0;
  for (const auto& [id, comm] : model().defs().comms) {
    if (!comm.is_self && std::find(comm.world_ranks.begin(), comm.world_ranks.end(), rank) != comm.world_ranks.end()) {
      only = id;
      ++candidates;
    }
  }
  return candidates == 1 ? only : std::nullopt;
}

void CollectiveCheck::flush_queues() {
  for (auto& [location, queue] : queues_) {
    const trace::WorldRank rank = model().rank_of(location);
    for (Queued& queued : queue) {
      if (!queued.request) {
        deliver(location, queued.comm, queued.arrival, &findings_);
      } else if (std::optional<trace::CommId> comm = only_comm(rank)) {
        deliver(location, *comm, queued.arrival, nullptr);  // never completed: its records name no communicator
      }
    }
    queue.clear();
  }
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
  if (!compare_forms(where, present, instance, state, findings) || state.is_inter) {
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
      groups += (groups.empty() ? "" : ", ") + ranks_text(ranks) + " gave " + reduction_op_name(reduction);
    }
    make("collectives.reduction_mismatch",
         where + " (" + name + ") has different reduction operations: " + groups + ".",
         "Pass the same MPI_Op on every rank; a reduction with mixed operations computes a meaningless value.",
         [&](const Arrival& a) {
           return "called " + name + " with " + (a.reduction ? reduction_op_name(*a.reduction) : std::string("?"));
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

  // The trace holds no topology: how much a neighborhood collective moves on each rank cannot be compared.
  const CallId& first_call = instance.arrivals[present.front()].call;
  if (first_call.region != kNoRegion && is_neighborhood(model().region(first_call.region).name)) {
    return true;
  }
  if (compare_pairs(where, op, present, instance, state, findings)) {
    return true;
  }
  if (compare_signatures(where, op, present, instance, state, findings)) {
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

bool CollectiveCheck::compare_forms(const std::string& where, const std::vector<std::size_t>& present,
                                    const Instance& instance, const CommState& state, std::vector<Finding>& findings) {
  std::vector<trace::WorldRank> blocking;
  std::vector<trace::WorldRank> nonblocking;
  std::vector<trace::WorldRank> persistent;
  for (std::size_t i : present) {
    const Form form = instance.arrivals[i].form;
    (form == Form::kBlocking      ? blocking
     : form == Form::kNonblocking ? nonblocking
                                  : persistent)
        .push_back(state.members[i]);
  }
  const int forms = (blocking.empty() ? 0 : 1) + (nonblocking.empty() ? 0 : 1) + (persistent.empty() ? 0 : 1);
  if (forms < 2) {
    return true;
  }
  Finding finding;
  finding.check = "collectives.kind_mismatch";
  finding.severity = Severity::kError;
  for (std::size_t i : present) {
    const Arrival& a = instance.arrivals[i];
    finding.ranks.push_back(state.members[i]);
    if (finding.calls.size() < kMaxCallsPerFinding) {
      finding.calls.push_back(model().describe(a.call, a.form == Form::kBlocking      ? "called the blocking form"
                                                       : a.form == Form::kNonblocking ? "started the nonblocking form"
                                                                                      : "created the persistent form"));
    }
  }
  if (persistent.empty()) {
    finding.message = where + " is blocking on " + ranks_text(blocking) + " but nonblocking on " +
                      ranks_text(nonblocking) + ": a blocking and a nonblocking collective never match each other.";
  } else {
    std::string groups;
    for (const auto& [form, ranks] : {std::pair{"blocking", &blocking}, std::pair{"nonblocking", &nonblocking},
                                      std::pair{"a persistent init", &persistent}}) {
      if (!ranks->empty()) {
        groups += (groups.empty() ? "" : " but ") + std::string(form) + " on " + ranks_text(*ranks);
      }
    }
    finding.message = where + " is " + groups +
                      ": blocking, nonblocking and persistent collectives never match each other (MPI 4.0 section "
                      "6.13).";
  }
  finding.hint =
      "Use the same form on every rank: all ranks call the blocking collective, or all start the nonblocking "
      "one (MPI_I...) and complete it with MPI_Wait or MPI_Test, or all create the persistent one "
      "(MPI_..._init) at the same point.";
  normalize_ranks(finding);
  findings.push_back(std::move(finding));
  return false;
}

bool CollectiveCheck::compare_pairs(const std::string& where, CollectiveOp op, const std::vector<std::size_t>& present,
                                    const Instance& instance, const CommState& state, std::vector<Finding>& findings) {
  if (present.size() != instance.arrivals.size()) {
    return false;  // pairs need every member
  }
  std::vector<PairSides> members;
  for (std::size_t i : present) {
    const Arrival& a = instance.arrivals[i];
    if (a.blocked) {
      return false;
    }
    members.push_back(PairSides{.rank = state.members[i],
                                .is_root = a.root && *a.root == state.members[i],
                                .send = a.send_type,
                                .recv = a.recv_type,
                                .send_counts = a.send_counts,
                                .recv_counts = a.recv_counts});
  }
  const PairVerdict verdict = analyzer::compare_pairs(op, members);
  if (!verdict.judged) {
    return false;
  }
  if (!verdict.mismatch) {
    return op != CollectiveOp::kReduceScatter;  // its types are still compared like any reduction's
  }
  const PairMismatch& pair = *verdict.mismatch;
  const std::string name(collective_name(op));
  const bool type = pair.problem == SignatureProblem::kType;
  Finding finding;
  finding.check = type ? "collectives.type_mismatch" : "collectives.size_mismatch";
  finding.severity = Severity::kError;
  const std::size_t first = present[pair.first];
  const std::size_t second = present[pair.second];
  finding.ranks = {state.members[first], state.members[second]};
  // The calls in rank order, so that a finding reads the same whichever rank sends.
  std::vector<std::pair<std::size_t, std::string>> calls = {{first, "called " + name + ", " + pair.first_role}};
  if (second != first) {
    calls.emplace_back(second, "called " + name + ", " + pair.second_role);
  }
  std::sort(calls.begin(), calls.end());
  for (const auto& [index, role] : calls) {
    finding.calls.push_back(model().describe(instance.arrivals[index].call, role));
  }
  std::string others;
  if (pair.others > 0) {
    others = " (" + std::to_string(pair.others) + " more pair" + (pair.others == 1 ? "" : "s") + " disagree)";
  }
  if (op == CollectiveOp::kReduceScatter) {
    finding.message = where + " (" + name + ") has recvcounts that differ between ranks: " + pair.detail + others +
                      "; every rank must pass the same recvcounts array.";
    finding.hint = "Compute recvcounts the same way on every rank (each rank's block size must be known to all).";
  } else {
    finding.message =
        where + " (" + name + ") " +
        (type ? "pairs blocks whose type signatures do not match: " : "pairs blocks of different sizes: ") +
        pair.detail + others + ".";
    finding.hint = type ? "The datatype a rank sends a block with and the one its peer receives it with must have the "
                          "same sequence of basic types; fix the per-peer datatypes of the two ranks."
                        : "What rank i sends to rank j must be exactly what rank j's counts array expects from rank i "
                          "(MPI accepts a receive count that is too large without an error).";
  }
  normalize_ranks(finding);
  findings.push_back(std::move(finding));
  return true;
}

bool CollectiveCheck::compare_signatures(const std::string& where, CollectiveOp op,
                                         const std::vector<std::size_t>& present, const Instance& instance,
                                         const CommState& state, std::vector<Finding>& findings) {
  std::vector<CollectiveSides> sides;
  for (std::size_t i : present) {
    const Arrival& a = instance.arrivals[i];
    if (a.blocked) {
      return false;
    }
    sides.push_back(CollectiveSides{.rank = state.members[i],
                                    .is_root = a.root && *a.root == state.members[i],
                                    .send = a.send_type,
                                    .recv = a.recv_type});
  }
  const std::optional<SignatureVerdict> verdict = analyzer::compare_signatures(op, sides);
  if (!verdict) {
    return false;  // the records cannot tell: the byte counts decide
  }
  if (verdict->problem == SignatureProblem::kNone) {
    return true;
  }
  const std::string name(collective_name(op));
  const bool type = verdict->problem == SignatureProblem::kType;
  Finding finding;
  finding.check = type ? "collectives.type_mismatch" : "collectives.size_mismatch";
  finding.severity = Severity::kError;
  for (std::size_t i : present) {
    const Arrival& a = instance.arrivals[i];
    finding.ranks.push_back(state.members[i]);
    if (finding.calls.size() < kMaxCallsPerFinding) {
      std::string role = "called " + name;
      if (a.send_type) {
        role += ", sending " + typed_count(*a.send_type);
      }
      if (a.recv_type) {
        role += ", receiving " + typed_count(*a.recv_type);
      }
      finding.calls.push_back(model().describe(a.call, role));
    }
  }
  finding.message = where + " (" + name + ") " +
                    (type ? "has type signatures that do not match: " : "moves different numbers of elements: ") +
                    verdict->detail + ".";
  finding.hint = type ? "Send and receive the same sequence of basic types on every rank (the datatypes may differ, "
                        "their basic types may not); convert values before or after the collective."
                      : "Give every rank counts that agree: what each rank sends must be what its peers receive "
                        "(for the v-forms, the counts array entry for that rank).";
  normalize_ranks(finding);
  findings.push_back(std::move(finding));
  return true;
}

void CollectiveCheck::add_blocked_calls() {
  for (const EventModel::LocationEnd& end : model().location_ends()) {
    if (end.open_mpi_calls.empty() || !end.open_mpi_calls.back().info->collective) {
      continue;
    }
    // The communicator is recorded only when a collective ends; a blocked one is placed on the rank's only
    // communicator with other members, and left out when the rank has several.
    const std::optional<trace::CommId> only = only_comm(end.rank);
    if (!only) {
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
                   .send_type = {},
                   .recv_type = {},
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
  flush_queues();
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
  report_stale_uses();
  findings.insert(findings.end(), std::make_move_iterator(findings_.begin()), std::make_move_iterator(findings_.end()));
  findings_.clear();
}

void CollectiveCheck::report_stale_uses() {
  for (const auto& [comm, uses] : stale_uses_) {
    Finding finding;
    finding.check = "collectives.freed_comm";
    finding.severity = Severity::kError;
    std::string function;
    for (const auto& [rank, use] : uses) {
      finding.ranks.push_back(rank);
      if (finding.calls.size() + 2 <= kMaxCallsPerFinding) {
        finding.calls.push_back(model().describe(use.use, "called on the freed communicator"));
        finding.calls.push_back(model().describe(use.free, "freed the communicator before"));
        function = finding.calls[finding.calls.size() - 2].function;
      }
    }
    normalize_ranks(finding);
    finding.message = "On " + model().comm_name(comm) + ", " + ranks_text(finding.ranks) + " called " + function +
                      " after freeing that communicator; the handle no longer names a communicator.";
    finding.hint =
        "Do not use a communicator handle (or a copy of it) after MPI_Comm_free: free it after its last use, or "
        "keep a duplicate for the later calls.";
    findings_.push_back(std::move(finding));
  }
  stale_uses_.clear();
}

}  // namespace mpisight::analyzer
