// Collects ClockOffset and MappingTable local definitions through OTF2's local definition reader.
#include "trace/detail/local_definitions.hpp"

#include <memory>
#include <new>
#include <otf2/otf2.h>

namespace mpisight::trace::detail {
namespace {

OTF2_CallbackCode on_clock_offset(void* user_data, OTF2_TimeStamp time, std::int64_t offset,
                                  double /*standard_deviation*/) {
  static_cast<LocalDefinitions*>(user_data)->clock_offsets.push_back(ClockOffset{.time = time, .offset = offset});
  return OTF2_CALLBACK_SUCCESS;
}

OTF2_CallbackCode on_mapping_table(void* user_data, OTF2_MappingType /*type*/, const OTF2_IdMap* /*map*/) {
  static_cast<LocalDefinitions*>(user_data)->mapping_tables = true;
  return OTF2_CALLBACK_SUCCESS;
}

struct CallbacksDeleter {
  void operator()(OTF2_DefReaderCallbacks* callbacks) const { OTF2_DefReaderCallbacks_Delete(callbacks); }
};

}  // namespace

OTF2_ErrorCode read_local_definitions(OTF2_Reader* reader, OTF2_DefReader* def_reader, LocalDefinitions& out) {
  std::unique_ptr<OTF2_DefReaderCallbacks, CallbacksDeleter> callbacks(OTF2_DefReaderCallbacks_New());
  if (!callbacks) {
    throw std::bad_alloc();
  }
  for (const OTF2_ErrorCode code : {OTF2_DefReaderCallbacks_SetClockOffsetCallback(callbacks.get(), on_clock_offset),
                                    OTF2_DefReaderCallbacks_SetMappingTableCallback(callbacks.get(), on_mapping_table),
                                    OTF2_Reader_RegisterDefCallbacks(reader, def_reader, callbacks.get(), &out)}) {
    if (code != OTF2_SUCCESS) {
      return code;
    }
  }
  std::uint64_t definitions_read = 0;
  return OTF2_Reader_ReadAllLocalDefinitions(reader, def_reader, &definitions_read);
}

}  // namespace mpisight::trace::detail
