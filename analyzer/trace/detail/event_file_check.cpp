// Re-reads every location's event file on its own, counting records without decoding them into Events.
#include "trace/detail/event_file_check.hpp"

#include <memory>
#include <otf2/otf2.h>

#include "trace/detail/otf2_errors.hpp"

namespace mpisight::trace::detail {
namespace {

struct ReaderCloser {
  void operator()(OTF2_Reader* reader) const { OTF2_Reader_Close(reader); }
};

std::string cause(const Otf2ErrorCapture& capture, OTF2_ErrorCode code) {
  return capture.first_report().empty() ? OTF2_Error_GetDescription(code) : capture.first_report();
}

// Reads one location's events without callbacks; a reason if OTF2 fails or finds fewer than `expected`.
std::optional<std::string> reread_location(OTF2_Reader* r, LocationId id, std::uint64_t expected,
                                           Otf2ErrorCapture& capture) {
  const std::string which = "event file for location " + std::to_string(id);
  capture.clear();
  OTF2_EvtReader* evt_reader = OTF2_Reader_GetEvtReader(r, id);
  if (evt_reader == nullptr) {
    return "cannot open the " + which + ": " + cause(capture, OTF2_ERROR_FILE_CAN_NOT_OPEN);
  }
  std::uint64_t events_read = 0;
  const OTF2_ErrorCode code = OTF2_Reader_ReadAllLocalEvents(r, evt_reader, &events_read);
  const std::string count = std::to_string(events_read) + " of " + std::to_string(expected) + " events";
  if (code != OTF2_SUCCESS) {
    return "corrupt or truncated " + which + " after " + count + ": " + cause(capture, code);
  }
  if (events_read < expected) {
    return "truncated " + which + ": " + count;
  }
  if (OTF2_Reader_CloseEvtReader(r, evt_reader) != OTF2_SUCCESS) {
    return "cannot close the " + which + ": " + cause(capture, OTF2_ERROR_FILE_INTERACTION);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> find_damaged_event_file(const std::filesystem::path& anchor, const TraceDefinitions& defs,
                                                   std::span<const LocationId> locations) {
  Otf2ErrorCapture capture;  // nested: keeps this pass's reports apart from the caller's
  std::unique_ptr<OTF2_Reader, ReaderCloser> reader(OTF2_Reader_Open(anchor.c_str()));
  if (!reader || OTF2_Reader_SetSerialCollectiveCallbacks(reader.get()) != OTF2_SUCCESS) {
    return std::nullopt;
  }
  OTF2_Reader* r = reader.get();
  // OTF2 wants the global definitions read before any event file; no callbacks, so this only skims them.
  OTF2_GlobalDefReader* def_reader = OTF2_Reader_GetGlobalDefReader(r);
  std::uint64_t definitions_read = 0;
  if (def_reader == nullptr || OTF2_Reader_ReadAllGlobalDefinitions(r, def_reader, &definitions_read) != OTF2_SUCCESS) {
    return std::nullopt;
  }
  for (LocationId id : locations) {
    if (OTF2_Reader_SelectLocation(r, id) != OTF2_SUCCESS) {
      return std::nullopt;
    }
  }
  if (OTF2_Reader_OpenEvtFiles(r) != OTF2_SUCCESS) {
    return std::nullopt;
  }
  for (LocationId id : locations) {
    auto defined = defs.locations.find(id);
    const std::uint64_t expected = defined != defs.locations.end() ? defined->second.number_of_events : 0;
    if (std::optional<std::string> damage = reread_location(r, id, expected, capture)) {
      return damage;
    }
  }
  return std::nullopt;
}

}  // namespace mpisight::trace::detail
