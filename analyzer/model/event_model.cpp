// Call stacks per location, region classification, and feeding point-to-point records to the message matcher.
#include "model/event_model.hpp"

#include <algorithm>
#include <tuple>

#include "model/event_attributes.hpp"

namespace mpisight::analyzer {
namespace {

// Region ids are small and dense in practice; a table beyond this size would waste memory on a sparse writer.
constexpr trace::RegionId kMaxDenseRegion = 1U << 20U;
// Location ids below this are found through a plain table (OTF2 writers number locations from 0).
constexpr trace::LocationId kMaxSmallLocation = 1U << 16U;
constexpr std::uint32_t kNoLocation = ~std::uint32_t{0};
// The same for calling contexts (dense from 0 too); kUnresolved differs from kNoSite, a context without a site.
constexpr std::uint32_t kMaxSmallContext = 1U << 16U;
constexpr std::uint32_t kUnresolved = kNoSite - 1;

}  // namespace

EventModel::EventModel(const trace::TraceDefinitions& defs) : defs_(defs), rma_(defs) {
  unknown_region_.name = "<unknown region>";
  trace::RegionId max_id = 0;
  for (const auto& [id, region] : defs.regions) {
    if (id < kMaxDenseRegion) {
      max_id = std::max(max_id, id);
    }
  }
  regions_.resize(defs.regions.empty() ? 0 : max_id + 1);
  for (const auto& [id, region] : defs.regions) {
    if (id < kMaxDenseRegion) {
      regions_[id] = classify_region(region);
    }
  }
  for (RegionInfo& info : regions_) {
    if (info.name.empty()) {
      info.name = unknown_region_.name;
    }
  }
}

EventModel::LocationState& EventModel::look_up_state(trace::LocationId location) {
  const bool small = location < kMaxSmallLocation;
  if (small && location < small_location_index_.size() && small_location_index_[location] != kNoLocation) {
    cached_id_ = location;
    cached_ = &locations_[small_location_index_[location]];
    return *cached_;
  }
  auto [index, inserted] = location_index_.try_emplace(location, static_cast<std::uint32_t>(locations_.size()));
  if (inserted) {
    LocationState& fresh = locations_.emplace_back();
    fresh.id = location;
    if (std::optional<trace::WorldRank> rank = defs_.world_rank_of(location)) {
      fresh.rank = *rank;
    } else {
      auto def = defs_.locations.find(location);
      fresh.rank = def != defs_.locations.end() ? def->second.location_group : static_cast<trace::WorldRank>(location);
    }
    fresh.rank_index = *rank_index_.try_emplace(fresh.rank, static_cast<std::uint32_t>(rank_index_.size())).first;
    if (small) {
      if (location >= small_location_index_.size()) {
        small_location_index_.resize(location + 1, kNoLocation);
      }
      small_location_index_[location] = *index;
    }
  }
  cached_id_ = location;
  cached_ = &locations_[*index];
  return *cached_;
}

CallRef EventModel::describe(const CallId& call, std::string role) const {
  CallRef ref;
  if (std::optional<trace::WorldRank> rank = defs_.world_rank_of(call.location)) {
    ref.rank = *rank;
  } else if (const std::uint32_t* index = location_index_.find(call.location)) {
    ref.rank = locations_[*index].rank;
  }
  ref.function = call.region == kNoRegion ? "(outside MPI calls)" : region(call.region).name;
  ref.time_ns = call.enter_ns;
  if (call.site < sites_.size()) {
    ref.site = sites_[call.site];
  }
  ref.role = std::move(role);
  return ref;
}

std::string EventModel::comm_name(trace::CommId comm) const {
  auto it = defs_.comms.find(comm);
  if (it == defs_.comms.end() || it->second.name.empty()) {
    return "communicator " + std::to_string(comm);
  }
  return it->second.name;
}

// One switch on the alternative: a std::visit here and in after() cost an indirect call each on every event.
void EventModel::before(const trace::Event& event) {
  has_match_ = false;
  current_request_ = nullptr;
  completing_ = false;
  switch (event.index()) {
    case event_kind<trace::Enter>(): enter(event_as<trace::Enter>(event)); break;
    case event_kind<trace::MpiSend>(): on_send(event_as<trace::MpiSend>(event), std::nullopt); break;
    case event_kind<trace::MpiIsend>(): {
      const auto& e = event_as<trace::MpiIsend>(event);
      start_request(e.location, e.time_ns, e.request, e.request_handle);
      on_send(e, e.request);
      break;
    }
    case event_kind<trace::MpiIrecvRequest>(): {
      const auto& e = event_as<trace::MpiIrecvRequest>(event);
      start_request(e.location, e.time_ns, e.request, e.request_handle).posted_receive = true;
      break;
    }
    case event_kind<trace::NonBlockingCollectiveRequest>(): {
      const auto& e = event_as<trace::NonBlockingCollectiveRequest>(event);
      start_request(e.location, e.time_ns, e.request, e.request_handle);
      break;
    }
    case event_kind<trace::MpiRecv>(): on_receive(event_as<trace::MpiRecv>(event), nullptr); break;
    case event_kind<trace::MpiIrecv>(): {
      const auto& e = event_as<trace::MpiIrecv>(event);
      complete_request(e.location, e.request);
      on_receive(
          e, current_request_ != nullptr && current_request_->posted_receive ? &current_request_->started : nullptr);
      break;
    }
    case event_kind<trace::MpiIsendComplete>(): {
      const auto& e = event_as<trace::MpiIsendComplete>(event);
      complete_request(e.location, e.request);
      break;
    }
    case event_kind<trace::NonBlockingCollectiveComplete>(): {
      const auto& e = event_as<trace::NonBlockingCollectiveComplete>(event);
      complete_request(e.location, e.request);
      break;
    }
    case event_kind<trace::MpiRequestCancelled>(): {
      const auto& e = event_as<trace::MpiRequestCancelled>(event);
      messages_.cancel_send(rank_of(e.location), e.request);
      complete_request(e.location, e.request);
      break;
    }
    default: break;
  }
}

void EventModel::finish_event(const trace::Event& event) {
  if (completing_) {
    requests_.erase_value(current_request_);  // found by complete_request; the checks insert no request
    return;
  }
  if (event.index() == event_kind<trace::Leave>()) {
    const auto& leave_event = event_as<trace::Leave>(event);
    leave(leave_event);
    if (region(leave_event.region).kind == CallKind::kRequestFree) {
      // Requests freed before completing never see a completion record: drop those no check follows any more.
      const trace::WorldRank rank = rank_of(leave_event.location);
      requests_.erase_if(
          [&](const RankKey& key, const OpenRequest& entry) { return key.rank == rank && !entry.followed(); });
    }
    return;
  }
  if (is_rma_event(event)) {
    const trace::LocationId location = trace::event_location(event);
    rma_.apply(event, rank_of(location), current_call_id(location, trace::event_time_ns(event)), rma_call(location));
  }
}

OpenRequest& EventModel::start_request(trace::LocationId location, std::int64_t time_ns, trace::RequestId request,
                                       const std::optional<std::uint64_t>& handle) {
  current_request_key_ = RankKey{rank_of(location), request};
  OpenRequest& entry = *requests_.try_emplace(current_request_key_).first;
  entry.started = current_call_id(location, time_ns);
  entry.handle = handle;
  entry.order = next_request_order_++;
  current_request_ = &entry;
  return entry;
}

void EventModel::complete_request(trace::LocationId location, trace::RequestId request) {
  current_request_key_ = RankKey{rank_of(location), request};
  current_request_ = requests_.find(current_request_key_);
  completing_ = current_request_ != nullptr;
}

RmaCall EventModel::rma_call(trace::LocationId location) {
  const OpenCall* call = current_call(location);
  return call != nullptr ? call->info->rma_call : RmaCall::kOther;
}

void EventModel::enter(const trace::Enter& event) {
  LocationState& location = state(event.location);
  const RegionInfo& info = region(event.region);
  const std::optional<std::uint32_t> context = call_site_id(event);
  // Field by field into the new element: a whole OpenCall built on the stack stalled its copy (store forwarding).
  OpenCall& call = location.stack.emplace_back();
  call.id.location = event.location;
  call.id.region = event.region;
  call.id.enter_ns = event.time_ns;
  call.id.site = context ? site_index(*context) : kNoSite;
  call.info = &info;
  call.requested_source = event.requested_source && event.requested_comm ? *event.requested_source : -1;
  call.requested_comm = event.requested_comm.value_or(0);
  if (info.kind == CallKind::kFinalize) {
    location.entered_finalize = true;
  }
}

// A receive waiting for one source (not MPI_ANY_SOURCE, a negative value) waits for that world rank.
std::optional<trace::WorldRank> EventModel::awaited_rank(const OpenCall& call, trace::LocationId location) const {
  if (call.requested_source < 0) {
    return std::nullopt;
  }
  return defs_.world_rank(call.requested_comm, static_cast<std::uint32_t>(call.requested_source), location);
}

// Resolved once per calling context: a loop's calls share one site.
std::uint32_t EventModel::site_index(std::uint32_t calling_context) {
  const bool small = calling_context < kMaxSmallContext;
  if (small && calling_context < small_site_of_context_.size() &&
      small_site_of_context_[calling_context] != kUnresolved) {
    return small_site_of_context_[calling_context];
  }
  auto [index, inserted] = site_of_context_.try_emplace(calling_context, kNoSite);
  if (inserted) {
    if (std::optional<SourceLocation> site = resolve_call_site(defs_, calling_context)) {
      *index = static_cast<std::uint32_t>(sites_.size());
      sites_.push_back(std::move(*site));
    }
  }
  if (small) {
    if (calling_context >= small_site_of_context_.size()) {
      small_site_of_context_.resize(calling_context + 1, kUnresolved);
    }
    small_site_of_context_[calling_context] = *index;
  }
  return *index;
}

void EventModel::leave(const trace::Leave& event) {
  LocationState& location = state(event.location);
  std::vector<OpenCall>& stack = location.stack;
  if (!stack.empty() && stack.back().id.region == event.region) {
    // The usual case, the innermost region closing; an MPI one is then current_call() (the general path's result).
    if (stack.back().info->is_mpi) {
      location.last_mpi_call = stack.back().id;
    }
    stack.pop_back();
    return;
  }
  // The run-ending report names a crashed rank's last MPI call: the innermost one, when this Leave closes it.
  if (const OpenCall* call = current_call(event.location); call != nullptr && call->id.region == event.region) {
    location.last_mpi_call = call->id;
  }
  auto open =
      std::find_if(stack.rbegin(), stack.rend(), [&](const OpenCall& c) { return c.id.region == event.region; });
  if (open != stack.rend()) {
    // Regions opened above it were never left (a damaged or foreign trace): close them with it.
    stack.erase(std::prev(open.base()), stack.end());
  }
}

// Both ends are written field by field into match_: a whole MessageEnd built in a temporary cost a rep stos and a
// copy on every point-to-point record.
template <class SendEvent>
void EventModel::on_send(const SendEvent& event, std::optional<trace::RequestId> request) {
  if (!event.peer_world_rank) {
    return;  // MPI_PROC_NULL or a peer the definitions cannot resolve: nothing to pair
  }
  const Signature type = type_signature(event);
  MessageEnd& send = match_.send;
  send.call = current_call_id(event.location, event.time_ns);
  send.comm = event.comm;
  send.sender = rank_of(event.location);
  send.receiver = *event.peer_world_rank;
  send.tag = event.tag;
  send.bytes = event.bytes;
  send.request = request;
  send.type_signature = type.signature;
  send.elements = type.elements;
  send.capacity.reset();
  send.posted.reset();
  if (const MessageEnd* receive = messages_.add_send(send)) {
    match_.receive = *receive;
    has_match_ = true;
  }
}

template <class ReceiveEvent>
void EventModel::on_receive(const ReceiveEvent& event, const CallId* posted) {
  if (!event.peer_world_rank) {
    return;
  }
  const Signature type = type_signature(event);
  MessageEnd& receive = match_.receive;
  receive.call = current_call_id(event.location, event.time_ns);
  receive.comm = event.comm;
  receive.sender = *event.peer_world_rank;
  receive.receiver = rank_of(event.location);
  receive.tag = event.tag;
  receive.bytes = event.bytes;
  receive.request.reset();
  receive.type_signature = type.signature;
  receive.elements = type.elements;
  receive.capacity = event.recv_capacity;
  if (posted != nullptr) {
    receive.posted = *posted;
  } else {
    receive.posted.reset();
  }
  if (const MessageEnd* send = messages_.add_receive(receive)) {
    match_.send = *send;
    has_match_ = true;
  }
}

std::vector<EventModel::LocationEnd> EventModel::location_ends() const {
  std::vector<LocationEnd> ends;
  for (const LocationState& location : locations_) {
    LocationEnd end{.location = location.id,
                    .rank = location.rank,
                    .open_mpi_calls = {},
                    .entered_finalize = location.entered_finalize,
                    .last_mpi_call = location.last_mpi_call};
    for (const OpenCall& call : location.stack) {
      if (call.info->is_mpi) {
        end.open_mpi_calls.push_back(call);
        end.open_mpi_calls.back().awaited = awaited_rank(call, location.id);
      }
    }
    ends.push_back(std::move(end));
  }
  std::sort(ends.begin(), ends.end(), [](const LocationEnd& a, const LocationEnd& b) {
    return std::tie(a.rank, a.location) < std::tie(b.rank, b.location);
  });
  return ends;
}

bool EventModel::entered_finalize(trace::LocationId location) {
  return state(location).entered_finalize;
}

}  // namespace mpisight::analyzer
