// What the global definition callbacks fill in, shared by the callback files (definition_callbacks.cpp and
// io_definition_callbacks.cpp): the definitions, the names still to be resolved, and the first error.
#pragma once

#include <exception>
#include <optional>
#include <otf2/OTF2_GeneralDefinitions.h>
#include <string>
#include <utility>
#include <vector>

#include "trace/definitions.hpp"

namespace mpisight::trace::detail {

struct Collector {
  TraceDefinitions defs;
  std::vector<std::pair<std::string*, StringId>> names;  // filled in once every string is known
  std::exception_ptr error;

  void name(std::string& target, OTF2_StringRef ref) {
    if (ref != OTF2_UNDEFINED_STRING) {
      names.emplace_back(&target, ref);
    }
  }
};

template <class T>
[[nodiscard]] std::optional<T> defined(T ref, T undefined) {
  return ref == undefined ? std::nullopt : std::optional<T>(ref);
}

// Exceptions must not unwind through OTF2's C frames: park them and interrupt the read.
template <class F>
OTF2_CallbackCode guarded(void* user_data, F&& body) {
  auto& collector = *static_cast<Collector*>(user_data);
  try {
    body(collector);
    return OTF2_CALLBACK_SUCCESS;
  } catch (...) {
    collector.error = std::current_exception();
    return OTF2_CALLBACK_INTERRUPT;
  }
}

}  // namespace mpisight::trace::detail
