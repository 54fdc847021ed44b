// Tells the tracer (when it is loaded) which user source line the MPI calls of one API call belong to.
// Only the outermost API call on a thread opens a call site, so helpers calling helpers keep the user's line.
// MPI calls made from a destructor carry the line that made the object: a request's start line (a persistent
// request's free: its *_init line), a guard's opening line, the creation line of a communicator, group, window,
// attachment, file or buffer attachment, a matched message's probe line, an Environment's line for finalize.
#pragma once

#include <source_location>

#include "mpisight/trace_hook.h"

namespace mpisight::detail {

inline thread_local int call_site_depth = 0;

class CallSite {
 public:
  // Without the tracer (the weak hook is null) this is one load and a branch: no thread-local bookkeeping.
  explicit CallSite(const std::source_location& where) noexcept : traced_(mpisight_call_site_begin != nullptr) {
    if (traced_ && call_site_depth++ == 0) {
      mpisight_call_site_begin(where.file_name(), static_cast<unsigned>(where.line()), where.function_name());
    }
  }
  ~CallSite() {
    if (traced_ && --call_site_depth == 0 && mpisight_call_site_end != nullptr) {
      mpisight_call_site_end();
    }
  }
  CallSite(const CallSite&) = delete;
  CallSite& operator=(const CallSite&) = delete;

 private:
  bool traced_;
};

}  // namespace mpisight::detail
