// One callback per MPI-IO definition record; names are resolved with the others' (Collector::name).
#include "trace/detail/io_definition_callbacks.hpp"

#include <otf2/otf2.h>

#include "trace/detail/definition_collector.hpp"

namespace mpisight::trace::detail {
namespace {

void add_file(Collector& c, OTF2_IoFileRef self, OTF2_StringRef name, bool directory) {
  IoFile& file = c.defs.io_files[self];
  file.id = self;
  file.directory = directory;
  c.name(file.name, name);
}

OTF2_CallbackCode on_io_regular_file(void* user_data, OTF2_IoFileRef self, OTF2_StringRef name,
                                     OTF2_SystemTreeNodeRef /*scope*/) {
  return guarded(user_data, [&](Collector& c) { add_file(c, self, name, false); });
}

OTF2_CallbackCode on_io_directory(void* user_data, OTF2_IoFileRef self, OTF2_StringRef name,
                                  OTF2_SystemTreeNodeRef /*scope*/) {
  return guarded(user_data, [&](Collector& c) { add_file(c, self, name, true); });
}

OTF2_CallbackCode on_io_handle(void* user_data, OTF2_IoHandleRef self, OTF2_StringRef name, OTF2_IoFileRef file,
                               OTF2_IoParadigmRef /*paradigm*/, OTF2_IoHandleFlag flags, OTF2_CommRef comm,
                               OTF2_IoHandleRef parent) {
  return guarded(user_data, [&](Collector& c) {
    IoHandle& handle = c.defs.io_handles[self];
    handle.id = self;
    handle.file = defined(file, OTF2_UNDEFINED_IO_FILE);
    handle.flags = flags;
    handle.comm = defined(comm, OTF2_UNDEFINED_COMM);
    handle.parent = defined(parent, OTF2_UNDEFINED_IO_HANDLE);
    c.name(handle.name, name);
  });
}

}  // namespace

OTF2_ErrorCode set_io_definition_callbacks(OTF2_GlobalDefReaderCallbacks* callbacks) {
  if (const auto code = OTF2_GlobalDefReaderCallbacks_SetIoRegularFileCallback(callbacks, on_io_regular_file);
      code != OTF2_SUCCESS) {
    return code;
  }
  if (const auto code = OTF2_GlobalDefReaderCallbacks_SetIoDirectoryCallback(callbacks, on_io_directory);
      code != OTF2_SUCCESS) {
    return code;
  }
  return OTF2_GlobalDefReaderCallbacks_SetIoHandleCallback(callbacks, on_io_handle);
}

}  // namespace mpisight::trace::detail
