// Checked misuse that cannot throw (found in a destructor or behind the user's back) goes to one handler.
// The default handler prints one line naming the user's source line; tests install their own to observe it.
#pragma once

#include <cstdio>
#include <functional>
#include <mutex>
#include <source_location>
#include <string>
#include <utility>

namespace mpisight {

enum class MisuseKind {
  kRequestDestroyedIncomplete,  // a request left scope before completion: the destructor waited or cancelled
  kSharedReadUnsynchronized,    // another rank's shared-window part read with no synchronization since written
  kAttachmentOutlivedWindow,    // a dynamic window was freed with memory still attached: it was detached first
  kMessageNotReceived,          // a matched-probe Message was dropped unreceived: it was received and discarded
};

struct Misuse {
  MisuseKind kind;
  std::string message;
  std::source_location where;
};

using MisuseHandler = std::function<void(const Misuse&)>;

namespace detail {

struct MisuseRegistry {
  std::mutex mutex;
  MisuseHandler handler;
};

inline MisuseRegistry& misuse_registry() {
  static MisuseRegistry registry;
  return registry;
}

inline void print_misuse(const Misuse& misuse) {
  std::fprintf(stderr, "mpisight: misuse at %s:%u: %s\n", misuse.where.file_name(),
               static_cast<unsigned>(misuse.where.line()), misuse.message.c_str());
}

inline void report_misuse(MisuseKind kind, std::string message, const std::source_location& where) noexcept {
  try {
    const Misuse misuse{kind, std::move(message), where};
    MisuseHandler handler;
    {
      const std::lock_guard lock(misuse_registry().mutex);
      handler = misuse_registry().handler;
    }
    if (handler) {
      handler(misuse);
    } else {
      print_misuse(misuse);
    }
  } catch (...) {
    // Reporting runs in destructors: a failing handler must not terminate the program.
  }
}

}  // namespace detail

// Installs `handler` for all threads and returns the previous one (an empty handler restores printing).
inline MisuseHandler set_misuse_handler(MisuseHandler handler) {
  const std::lock_guard lock(detail::misuse_registry().mutex);
  return std::exchange(detail::misuse_registry().handler, std::move(handler));
}

}  // namespace mpisight
