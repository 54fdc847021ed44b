// One nonblocking request from its start record to its completion record, as the event model keeps it for every
// check: each request is looked up once per record, and each request check keeps its own few fields in the entry.
#pragma once

#include <cstdint>
#include <optional>

#include "model/call_id.hpp"

namespace mpisight::analyzer {

struct OpenRequest {
  CallId started;                       // the call that started it (MPI_Isend, MPI_Irecv, MPI_Start, MPI_Ibcast...)
  std::optional<std::uint64_t> handle;  // the MPI_Request value the program saw, where the trace tells it
  std::uint64_t order = 0;              // start order over the trace: the newest pending request has the largest
  // What each user follows; the model drops an entry at its completion record, or once no flag below is set
  // (after an MPI_Request_free of its rank), so freed requests do not pile up.
  bool posted_receive = false;         // EventModel: a receive posted by MpiIrecvRequest, paired at its MpiIrecv
  bool leak_pending = false;           // RequestLeakCheck: not yet completed or freed
  std::optional<std::uint64_t> slot;   // HandleOverwrittenCheck: the request variable holding it
  bool active_receive = false;         // FreeActiveReceiveCheck: a receive with a handle, not yet completed
  bool persistent_activation = false;  // PersistentMisuseCheck: an activation of a persistent request

  [[nodiscard]] bool followed() const noexcept {
    return posted_receive || leak_pending || slot || active_receive || persistent_activation;
  }
};

}  // namespace mpisight::analyzer
