// Drives the OTF2 reader: anchor file -> global definitions -> per-location readers -> merged event stream.
// Every OTF2 call is checked; failures become one-line TraceErrors naming the anchor file and, for event data,
// the damaged location.
#include "trace/trace_reader.hpp"

#include <exception>
#include <numeric>
#include <stdexcept>
#include <string>
#include <system_error>

#include <otf2/otf2.h>

#include "trace/detail/definition_callbacks.hpp"
#include "trace/detail/event_callbacks.hpp"
#include "trace/detail/event_file_check.hpp"
#include "trace/detail/otf2_errors.hpp"

namespace mpisight::trace {
namespace {

namespace fs = std::filesystem;
using detail::Otf2ErrorCapture;
using detail::throw_trace_error;

constexpr const char* kAnchorName = "traces.otf2";

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

}  // namespace

struct TraceReader::Impl {
  fs::path anchor;
  std::unique_ptr<OTF2_Reader, ReaderCloser> reader;
  TraceDefinitions defs;
  bool events_read = false;

  void check(OTF2_ErrorCode code, Otf2ErrorCapture& capture, std::string_view doing) const {
    detail::check_otf2(code, capture, anchor, doing);
  }

  // For failures while reading event data: names the damaged event file if a per-location re-read finds one,
  // else reports what OTF2 said.
  [[noreturn]] void fail_events(OTF2_ErrorCode code, Otf2ErrorCapture& capture, std::string_view doing) const {
    std::string cause = capture.first_report();
    if (cause.empty()) {
      cause = OTF2_Error_GetDescription(code);
    }
    if (std::optional<std::string> damaged = detail::find_damaged_event_file(anchor, defs)) {
      throw_trace_error(anchor, *damaged);
    }
    throw_trace_error(anchor, std::string(doing) + ": " + cause);
  }

  void open_location_readers(Otf2ErrorCapture& capture);
};

TraceReader::TraceReader(const fs::path& path) : impl_(std::make_unique<Impl>()) {
  Otf2ErrorCapture capture;
  impl_->anchor = resolve_anchor(path);
  impl_->reader.reset(OTF2_Reader_Open(impl_->anchor.c_str()));
  if (!impl_->reader) {
    impl_->check(OTF2_ERROR_FILE_CAN_NOT_OPEN, capture, "not a readable OTF2 archive");
  }
  impl_->check(OTF2_Reader_SetSerialCollectiveCallbacks(impl_->reader.get()), capture, "setting up the reader");
  impl_->defs = detail::read_global_definitions(impl_->reader.get(), capture, impl_->anchor);
}

TraceReader::~TraceReader() {
  // Closing may report (e.g. after a failed read); keep that off stderr too.
  Otf2ErrorCapture capture;
  impl_.reset();
}

const fs::path& TraceReader::anchor_path() const noexcept { return impl_->anchor; }

const TraceDefinitions& TraceReader::definitions() const noexcept { return impl_->defs; }

void TraceReader::Impl::open_location_readers(Otf2ErrorCapture& capture) {
  OTF2_Reader* r = reader.get();
  for (const auto& [id, location] : defs.locations) {
    check(OTF2_Reader_SelectLocation(r, id), capture, "selecting location " + std::to_string(id));
  }
  // Local definitions (mapping tables, clock offsets) are optional in OTF2; their absence is not an error.
  const bool have_local_definitions = OTF2_Reader_OpenDefFiles(r) == OTF2_SUCCESS;
  capture.clear();
  check(OTF2_Reader_OpenEvtFiles(r), capture, "opening the event files");
  for (const auto& [id, location] : defs.locations) {
    const std::string which = "location " + std::to_string(id);
    if (have_local_definitions) {
      if (OTF2_DefReader* def_reader = OTF2_Reader_GetDefReader(r, id)) {
        std::uint64_t definitions_read = 0;
        check(OTF2_Reader_ReadAllLocalDefinitions(r, def_reader, &definitions_read), capture,
              "reading the local definitions of " + which);
        check(OTF2_Reader_CloseDefReader(r, def_reader), capture, "closing the local definitions of " + which);
      }
      capture.clear();  // a missing local definition file only means there was nothing to map
    }
    if (OTF2_Reader_GetEvtReader(r, id) == nullptr) {
      fail_events(OTF2_ERROR_FILE_CAN_NOT_OPEN, capture, "opening the event file of " + which);
    }
  }
  if (have_local_definitions) {
    check(OTF2_Reader_CloseDefFiles(r), capture, "closing the local definition files");
  }
}

void TraceReader::read_events(const EventCallback& on_event) {
  if (impl_->events_read) {
    throw std::logic_error("TraceReader::read_events called twice");
  }
  impl_->events_read = true;
  Otf2ErrorCapture capture;
  OTF2_Reader* r = impl_->reader.get();
  impl_->open_location_readers(capture);

  // Creating the merged reader already decodes each location's first event.
  OTF2_GlobalEvtReader* global_reader = OTF2_Reader_GetGlobalEvtReader(r);
  if (global_reader == nullptr) {
    impl_->fail_events(OTF2_ERROR_FILE_CAN_NOT_OPEN, capture, "opening the event files");
  }
  std::unique_ptr<OTF2_GlobalEvtReaderCallbacks, EventCallbacksDeleter> callbacks(
      OTF2_GlobalEvtReaderCallbacks_New());
  if (!callbacks) {
    throw std::bad_alloc();
  }
  impl_->check(detail::set_event_callbacks(callbacks.get()), capture, "registering event callbacks");
  detail::EventContext context{.defs = impl_->defs, .on_event = on_event, .consumer_error = {}};
  impl_->check(OTF2_Reader_RegisterGlobalEvtCallbacks(r, global_reader, callbacks.get(), &context), capture,
               "registering event callbacks");

  std::uint64_t events_read = 0;
  const OTF2_ErrorCode read = OTF2_Reader_ReadAllGlobalEvents(r, global_reader, &events_read);
  if (context.consumer_error) {
    std::rethrow_exception(context.consumer_error);
  }
  if (read != OTF2_SUCCESS) {
    impl_->fail_events(read, capture, "reading events");
  }
  impl_->check(OTF2_Reader_CloseGlobalEvtReader(r, global_reader), capture, "closing the event reader");
  impl_->check(OTF2_Reader_CloseEvtFiles(r), capture, "closing the event files");

  // A file cut at a chunk boundary reads cleanly, just short; the definitions say how many events to expect.
  const std::uint64_t expected =
      std::accumulate(impl_->defs.locations.begin(), impl_->defs.locations.end(), std::uint64_t{0},
                      [](std::uint64_t sum, const auto& entry) { return sum + entry.second.number_of_events; });
  if (events_read < expected) {
    impl_->fail_events(OTF2_ERROR_END_OF_BUFFER, capture,
                       "read " + std::to_string(events_read) + " of " + std::to_string(expected) + " events");
  }
}

}  // namespace mpisight::trace
