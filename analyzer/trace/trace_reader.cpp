// Drives the reading: anchor file -> global definitions -> local definitions -> merged event stream, the events
// decoded directly (direct_event_reader.hpp) where the archive allows, else by OTF2's global event reader.
// Every OTF2 call is checked; failures become one-line TraceErrors naming the anchor file and, for event data,
// the damaged location. Files are checked byte-wise before anything reads them (see file_layout.hpp for why).
#include "trace/trace_reader.hpp"

#include <cstdlib>
#include <exception>
#include <map>
#include <otf2/otf2.h>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include "trace/detail/archive_files.hpp"
#include "trace/detail/definition_callbacks.hpp"
#include "trace/detail/direct_event_reader.hpp"
#include "trace/detail/event_callbacks.hpp"
#include "trace/detail/event_file_check.hpp"
#include "trace/detail/file_layout.hpp"
#include "trace/detail/local_definitions.hpp"
#include "trace/detail/location_decoder.hpp"
#include "trace/detail/otf2_errors.hpp"

namespace mpisight::trace {
namespace {

namespace fs = std::filesystem;
using detail::Otf2ErrorCapture;
using detail::throw_trace_error;

constexpr const char* kAnchorName = "traces.otf2";
// Set (to anything but "0"): always read events through OTF2's library, e.g. to compare or to debug.
constexpr const char* kLibraryReaderVariable = "MPISIGHT_OTF2_LIBRARY_READER";

bool library_reader_forced() {
  const char* value = std::getenv(kLibraryReaderVariable);
  return value != nullptr && *value != '\0' && std::string_view(value) != "0";
}

fs::path resolve_anchor(const fs::path& path) {
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (!fs::exists(status)) {
    throw_trace_error(path, "no such file or directory");
  }
  fs::path anchor = path;
  if (fs::is_directory(status)) {
    anchor = path / kAnchorName;
    if (!fs::exists(anchor, error)) {
      throw_trace_error(path, std::string("directory holds no ") + kAnchorName);
    }
  }
  if (!fs::is_regular_file(anchor, error)) {
    throw_trace_error(anchor, "not a regular file");
  }
  if (fs::file_size(anchor, error) == 0) {
    throw_trace_error(anchor, "empty file, not an OTF2 anchor file");
  }
  return anchor;
}

struct ReaderCloser {
  void operator()(OTF2_Reader* reader) const { OTF2_Reader_Close(reader); }
};

struct EventCallbacksDeleter {
  void operator()(OTF2_GlobalEvtReaderCallbacks* callbacks) const { OTF2_GlobalEvtReaderCallbacks_Delete(callbacks); }
};

std::string location_text(LocationId location) {
  return "location " + std::to_string(location);
}

}  // namespace

struct TraceReader::Impl {
  fs::path anchor;
  std::unique_ptr<OTF2_Reader, ReaderCloser> reader;
  TraceDefinitions defs;
  bool events_read = false;
  std::vector<LocationId> read_locations;  // those with events, in the merged read
  std::map<LocationId, detail::LocalDefinitions> local_definitions;
  bool big_endian_events = false;  // some event file holds big-endian chunks
  bool decoded_directly = false;
  // Byte-wise checks need OTF2's own file layout: the POSIX substrate without compression.
  bool files_checkable = false;
  std::uint64_t event_chunk_bytes = 0;
  std::uint64_t definition_chunk_bytes = 0;

  void check(OTF2_ErrorCode code, Otf2ErrorCapture& capture, std::string_view doing) const {
    detail::check_otf2(code, capture, anchor, doing);
  }

  void check_layout(const fs::path& file, std::string_view what, std::uint64_t chunk_bytes) const {
    if (auto damage = detail::check_file_layout(file, what, chunk_bytes, false).damage) {
      throw_trace_error(anchor, *damage);
    }
  }

  // For failures while reading event data: names the damaged event file if a per-location re-read finds one,
  // else reports what OTF2 said.
  [[noreturn]] void fail_events(OTF2_ErrorCode code, Otf2ErrorCapture& capture, std::string_view doing) const {
    std::string cause = capture.first_report();
    if (cause.empty()) {
      cause = OTF2_Error_GetDescription(code);
    }
    if (std::optional<std::string> damaged = detail::find_damaged_event_file(anchor, defs, read_locations)) {
      throw_trace_error(anchor, *damaged);
    }
    throw_trace_error(anchor, std::string(doing) + ": " + cause);
  }

  void open(Otf2ErrorCapture& capture);
  [[nodiscard]] bool check_location_files(LocationId id, const Location& location);
  void read_local_definitions(Otf2ErrorCapture& capture);
  [[nodiscard]] bool direct_decoding_possible() const;
  [[nodiscard]] std::uint64_t read_directly(detail::EventContext& events);
  [[nodiscard]] std::uint64_t read_with_library(detail::EventContext& events, Otf2ErrorCapture& capture);
};

void TraceReader::Impl::open(Otf2ErrorCapture& capture) {
  reader.reset(OTF2_Reader_Open(anchor.c_str()));
  if (!reader) {
    check(OTF2_ERROR_FILE_CAN_NOT_OPEN, capture, "not a readable OTF2 archive");
  }
  OTF2_Reader* r = reader.get();
  check(OTF2_Reader_SetSerialCollectiveCallbacks(r), capture, "setting up the reader");
  OTF2_FileSubstrate substrate = OTF2_SUBSTRATE_UNDEFINED;
  OTF2_Compression compression = OTF2_COMPRESSION_UNDEFINED;
  check(OTF2_Reader_GetChunkSize(r, &event_chunk_bytes, &definition_chunk_bytes), capture, "reading the chunk sizes");
  check(OTF2_Reader_GetFileSubstrate(r, &substrate), capture, "reading the file substrate");
  check(OTF2_Reader_GetCompression(r, &compression), capture, "reading the compression");
  files_checkable = substrate == OTF2_SUBSTRATE_POSIX && compression == OTF2_COMPRESSION_NONE;
  if (files_checkable) {
    const fs::path file = detail::global_definition_file(anchor);
    check_layout(file, "global definition file '" + file.filename().string() + "'", definition_chunk_bytes);
  }
}

// Also checks the location's files. An empty location is left out of the merged read: OTF2 3.0's merged reader
// touches freed memory when a location has no events.
bool TraceReader::Impl::check_location_files(LocationId id, const Location& location) {
  if (!files_checkable) {
    return true;
  }
  const fs::path events = detail::event_file(anchor, id);
  std::error_code error;
  if (location.number_of_events == 0 && !fs::exists(events, error)) {
    return false;  // a writer may skip the file of a location that recorded nothing
  }
  const std::string which = "event file for " + location_text(id);
  const detail::FileLayout layout = detail::check_file_layout(events, which, event_chunk_bytes, true);
  if (layout.damage) {
    throw_trace_error(anchor, *layout.damage);
  }
  big_endian_events |= layout.big_endian;
  // Fewer events than defined means lost data. More is fine: OTF2 adds BufferFlush records the writer never
  // counted, and writers that do not know the count write 0.
  const std::uint64_t expected = location.number_of_events;
  if (layout.events < expected) {
    throw_trace_error(anchor, "truncated " + which + ": " + std::to_string(layout.events) + " of " +
                                  std::to_string(expected) + " events");
  }
  const fs::path local_definitions = detail::local_definition_file(anchor, id);
  if (fs::exists(local_definitions, error)) {  // optional in OTF2
    check_layout(local_definitions, "local definition file for " + location_text(id), definition_chunk_bytes);
  }
  return layout.events > 0;
}

TraceReader::TraceReader(const fs::path& path) : impl_(std::make_unique<Impl>()) {
  Otf2ErrorCapture capture;
  try {
    impl_->anchor = resolve_anchor(path);
    impl_->open(capture);
    impl_->defs = detail::read_global_definitions(impl_->reader.get(), capture, impl_->anchor);
  } catch (...) {
    impl_->reader.reset();  // close while reports are still captured
    throw;
  }
}

TraceReader::~TraceReader() {
  // Closing may report (e.g. after a failed read); keep that off stderr too.
  Otf2ErrorCapture capture;
  impl_.reset();
}

const fs::path& TraceReader::anchor_path() const noexcept {
  return impl_->anchor;
}

const TraceDefinitions& TraceReader::definitions() const noexcept {
  return impl_->defs;
}

bool TraceReader::decoded_directly() const noexcept {
  return impl_->decoded_directly;
}

// Local definitions (mapping tables, clock offsets) are optional in OTF2; their absence is not an error.
void TraceReader::Impl::read_local_definitions(Otf2ErrorCapture& capture) {
  OTF2_Reader* r = reader.get();
  for (LocationId id : read_locations) {
    check(OTF2_Reader_SelectLocation(r, id), capture, "selecting " + location_text(id));
  }
  if (OTF2_Reader_OpenDefFiles(r) != OTF2_SUCCESS) {
    capture.clear();
    return;
  }
  capture.clear();
  for (LocationId id : read_locations) {
    if (OTF2_DefReader* def_reader = OTF2_Reader_GetDefReader(r, id)) {
      check(detail::read_local_definitions(r, def_reader, local_definitions[id]), capture,
            "reading the local definitions of " + location_text(id));
      check(OTF2_Reader_CloseDefReader(r, def_reader), capture,
            "closing the local definitions of " + location_text(id));
    }
    capture.clear();  // a missing local definition file only means there was nothing to map
  }
  check(OTF2_Reader_CloseDefFiles(r), capture, "closing the local definition files");
}

// The direct decoder knows OTF2's POSIX files without compression, in little-endian, without id mappings.
bool TraceReader::Impl::direct_decoding_possible() const {
  if (library_reader_forced() || !files_checkable || big_endian_events) {
    return false;
  }
  for (const auto& [id, local] : local_definitions) {
    if (local.mapping_tables) {
      return false;
    }
  }
  return true;
}

std::uint64_t TraceReader::Impl::read_directly(detail::EventContext& events) {
  std::vector<detail::DirectLocation> locations;
  for (LocationId id : read_locations) {
    const auto local = local_definitions.find(id);
    locations.push_back(detail::DirectLocation{.id = id,
                                               .event_file = detail::event_file(anchor, id),
                                               .clock_offsets = local != local_definitions.end()
                                                                    ? local->second.clock_offsets
                                                                    : std::vector<detail::ClockOffset>{}});
  }
  try {
    return detail::read_events_directly(locations, event_chunk_bytes, events);
  } catch (const detail::DecodeError& damage) {
    throw_trace_error(anchor, damage.what());
  }
}

std::uint64_t TraceReader::Impl::read_with_library(detail::EventContext& events, Otf2ErrorCapture& capture) {
  OTF2_Reader* r = reader.get();
  check(OTF2_Reader_OpenEvtFiles(r), capture, "opening the event files");
  for (LocationId id : read_locations) {
    if (OTF2_Reader_GetEvtReader(r, id) == nullptr) {
      fail_events(OTF2_ERROR_FILE_CAN_NOT_OPEN, capture, "opening the event file of " + location_text(id));
    }
  }
  // Creating the merged reader already decodes each location's first event.
  OTF2_GlobalEvtReader* global_reader = OTF2_Reader_GetGlobalEvtReader(r);
  if (global_reader == nullptr) {
    fail_events(OTF2_ERROR_FILE_CAN_NOT_OPEN, capture, "opening the event files");
  }
  std::unique_ptr<OTF2_GlobalEvtReaderCallbacks, EventCallbacksDeleter> callbacks(OTF2_GlobalEvtReaderCallbacks_New());
  if (!callbacks) {
    throw std::bad_alloc();
  }
  check(detail::set_event_callbacks(callbacks.get()), capture, "registering event callbacks");
  detail::LibraryReadContext context{.events = events};
  check(OTF2_Reader_RegisterGlobalEvtCallbacks(r, global_reader, callbacks.get(), &context), capture,
        "registering event callbacks");

  std::uint64_t events_read = 0;
  const OTF2_ErrorCode read = OTF2_Reader_ReadAllGlobalEvents(r, global_reader, &events_read);
  if (context.consumer_error) {
    std::rethrow_exception(context.consumer_error);
  }
  if (read != OTF2_SUCCESS) {
    fail_events(read, capture, "reading events");
  }
  check(OTF2_Reader_CloseGlobalEvtReader(r, global_reader), capture, "closing the event reader");
  check(OTF2_Reader_CloseEvtFiles(r), capture, "closing the event files");
  return events_read;
}

void TraceReader::read_events(const EventCallback& on_event) {
  if (impl_->events_read) {
    throw std::logic_error("TraceReader::read_events called twice");
  }
  impl_->events_read = true;
  Otf2ErrorCapture capture;

  for (const auto& [id, location] : impl_->defs.locations) {
    if (impl_->check_location_files(id, location)) {
      impl_->read_locations.push_back(id);
    }
  }
  std::uint64_t events_read = 0;
  if (!impl_->read_locations.empty()) {
    impl_->read_local_definitions(capture);
    detail::EventContext events(impl_->defs, on_event);
    impl_->decoded_directly = impl_->direct_decoding_possible();
    events_read = impl_->decoded_directly ? impl_->read_directly(events) : impl_->read_with_library(events, capture);
  }

  // The last line of defence, also where files could not be checked byte-wise: the definitions' event counts
  // (a lower bound, see check_location_files).
  std::uint64_t expected = 0;
  for (const auto& [id, location] : impl_->defs.locations) {
    expected += location.number_of_events;
  }
  if (events_read < expected) {
    impl_->fail_events(OTF2_ERROR_END_OF_BUFFER, capture,
                       "read " + std::to_string(events_read) + " of " + std::to_string(expected) + " events");
  }
}

}  // namespace mpisight::trace
