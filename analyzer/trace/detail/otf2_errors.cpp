// Trace-reading errors as one-line TraceErrors, with OTF2's captured report as the cause.
#include "trace/detail/otf2_errors.hpp"

#include "trace/trace_error.hpp"

namespace mpisight::trace::detail {

using otf2::one_line;

void throw_trace_error(const std::filesystem::path& anchor, std::string_view reason) {
  throw TraceError("cannot read trace '" + anchor.string() + "': " + one_line(reason));
}

void check_otf2(OTF2_ErrorCode code, Otf2ErrorCapture& capture, const std::filesystem::path& anchor,
                std::string_view doing) {
  if (code == OTF2_SUCCESS) {
    return;
  }
  std::string cause = capture.first_report();
  if (cause.empty()) {
    cause = OTF2_Error_GetDescription(code);
  }
  capture.clear();
  throw_trace_error(anchor, std::string(doing) + ": " + cause);
}

}  // namespace mpisight::trace::detail
