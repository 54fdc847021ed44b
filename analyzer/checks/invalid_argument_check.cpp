// Peers and roots are ranks in the record's communicator; its size comes from the definitions (an
// intercommunicator's peers name its remote group, whose roots use special values, so only peers are judged there).
#include "checks/invalid_argument_check.hpp"

#include <string>

namespace mpisight::analyzer {
namespace {

constexpr std::uint64_t kNegativeBytes = std::uint64_t{1} << 63U;  // a negative count times a size, wrapped
constexpr std::uint32_t kNegativeTag = std::uint32_t{1} << 31U;

bool is_rooted(trace::CollectiveOp op) {
  using Op = trace::CollectiveOp;
  return op == Op::kBcast || op == Op::kGather || op == Op::kGatherv || op == Op::kScatter || op == Op::kScatterv ||
         op == Op::kReduce;
}

}  // namespace

void InvalidArgumentCheck::on_event(const trace::Event& event) {
  std::visit(trace::Overloaded{
                 [&](const trace::MpiSend& e) {
                   peer(e.location, e.comm, e.peer, "destination");
                   send_values(e.location, e.tag, e.bytes);
                 },
                 [&](const trace::MpiIsend& e) {
                   peer(e.location, e.comm, e.peer, "destination");
                   send_values(e.location, e.tag, e.bytes);
                 },
                 [&](const trace::MpiRecv& e) { peer(e.location, e.comm, e.peer, "source"); },
                 [&](const trace::MpiIrecv& e) { peer(e.location, e.comm, e.peer, "source"); },
                 [&](const trace::MpiCollectiveEnd& e) {
                   root(e.location, e.op, e.comm, e.root, e.bytes_sent, e.bytes_received);
                 },
                 [&](const trace::NonBlockingCollectiveComplete& e) {
                   root(e.location, e.op, e.comm, e.root, e.bytes_sent, e.bytes_received);
                 },
                 [&](const trace::Leave& e) { leave(e); },
                 [](const auto&) {},
             },
             event);
}

// Point-to-point records name the same few communicators over and over: the last one found is kept.
const trace::Communicator* InvalidArgumentCheck::communicator(trace::CommId comm) {
  if (last_comm_ == nullptr || last_comm_id_ != comm) {
    const auto it = model().defs().comms.find(comm);
    if (it == model().defs().comms.end()) {
      return nullptr;
    }
    last_comm_id_ = comm;
    last_comm_ = &it->second;
  }
  return last_comm_;
}

void InvalidArgumentCheck::peer(trace::LocationId location, trace::CommId comm, std::uint32_t peer, const char* role) {
  const trace::Communicator* found = communicator(comm);
  if (found == nullptr || found->is_self) {
    return;
  }
  const trace::Communicator& c = *found;
  const std::size_t size = c.is_inter() ? c.remote_world_ranks.size() : c.world_ranks.size();
  if (size > 0 && peer >= size) {
    suspect(location, Problem::kPeer,
            std::string(role) + " rank " + std::to_string(peer) + " of " + model().comm_name(comm) + ", which has " +
                std::to_string(size) + (c.is_inter() ? " ranks in its remote group" : " ranks"));
  }
}

void InvalidArgumentCheck::send_values(trace::LocationId location, std::uint32_t tag, std::uint64_t bytes) {
  if (tag >= kNegativeTag) {
    suspect(location, Problem::kTag,
            "tag " + std::to_string(static_cast<std::int32_t>(tag)) + " (tags must be 0 to MPI_TAG_UB)");
  }
  if (bytes >= kNegativeBytes) {
    suspect(location, Problem::kCount,
            "a negative count (" + std::to_string(static_cast<std::int64_t>(bytes)) + " bytes)");
  }
}

void InvalidArgumentCheck::root(trace::LocationId location, trace::CollectiveOp op, trace::CommId comm,
                                std::uint32_t root, std::uint64_t bytes_sent, std::uint64_t bytes_received) {
  if (bytes_sent >= kNegativeBytes || bytes_received >= kNegativeBytes) {
    suspect(location, Problem::kCount, "a negative count");
  }
  const trace::Communicator* found = communicator(comm);
  if (!is_rooted(op) || found == nullptr || found->is_inter() || found->is_self || root == trace::kRootNone ||
      root == trace::kRootSelf || root == trace::kRootThisGroup) {
    return;
  }
  const std::size_t size = found->world_ranks.size();
  if (size > 0 && root >= size) {
    suspect(location, Problem::kRoot,
            "root " + std::to_string(root) + " of " + model().comm_name(comm) + ", which has " + std::to_string(size) +
                " ranks");
  }
}

void InvalidArgumentCheck::suspect(trace::LocationId location, Problem problem, std::string what) {
  const OpenCall* call = model().current_call(location);
  if (call == nullptr) {
    return;  // no Leave will tell whether MPI accepted it
  }
  open_[location].push_back(Candidate{.call = call->id, .problem = problem, .what = std::move(what)});
}

void InvalidArgumentCheck::leave(const trace::Leave& leave) {
  if (open_.empty()) {
    return;  // the common case: hashing the location for nothing cost a division on every Leave
  }
  const auto it = open_.find(leave.location);
  if (it == open_.end()) {
    return;
  }
  const OpenCall* call = model().current_call(leave.location);
  if (call == nullptr || call->id.region != leave.region) {
    return;  // the Leave of a region nested in the call
  }
  std::erase_if(it->second, [&](Candidate& candidate) {
    if (candidate.call.enter_ns != call->id.enter_ns || candidate.call.region != call->id.region) {
      return false;  // made in another open call
    }
    if (!leave.return_code) {  // refused with an error code: errors.return_code reports it
      reports_.add({candidate.problem, candidate.call.region, candidate.call.site}, model().rank_of(leave.location),
                   candidate);
    }
    return true;
  });
  if (it->second.empty()) {
    open_.erase(it);
  }
}

void InvalidArgumentCheck::finish(std::vector<Finding>& findings) {
  for (const auto& [key, entry] : reports_.entries()) {
    const Candidate& first = entry.described;
    const std::size_t count = entry.ranks.size();  // one per call
    Finding finding;
    finding.check = "params.invalid_argument";
    finding.severity = Severity::kError;
    finding.ranks = entry.ranks;
    normalize_ranks(finding);
    const CallRef call = model().describe(first.call, "was given " + first.what);
    const std::string ranks = (finding.ranks.size() == 1 ? "rank " : "ranks ") + rank_list(finding.ranks);
    const std::string times = count == 1 ? "" : " (" + std::to_string(count) + " calls, the first)";
    finding.message = call.function + " on " + ranks + times + " was given " + first.what +
                      ", and returned success: the argument is invalid in every MPI, and what the call did with it "
                      "is undefined.";
    finding.hint =
        "Check how the rank, root, tag or count is computed (off-by-one, an unset variable, a size of the wrong "
        "communicator); run with an MPI that checks arguments (MPICH's default build) to have it rejected.";
    finding.calls.push_back(call);
    findings.push_back(std::move(finding));
  }
}

}  // namespace mpisight::analyzer
