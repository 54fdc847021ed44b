// Folds OTF2's reports, captured by otf2::Otf2ErrorCapture (runtime/otf2), into one-line TraceErrors.
#pragma once

#include <filesystem>
#include <otf2/OTF2_ErrorCodes.h>
#include <string>
#include <string_view>

#include "otf2/error_capture.hpp"

namespace mpisight::trace::detail {

using Otf2ErrorCapture = otf2::Otf2ErrorCapture;

// Throws TraceError "cannot read trace '<anchor>': <reason>".
[[noreturn]] void throw_trace_error(const std::filesystem::path& anchor, std::string_view reason);

// Throws TraceError "... <doing>: <cause>" unless `code` is OTF2_SUCCESS; the cause is OTF2's report, or the
// code's description when OTF2 reported nothing.
void check_otf2(OTF2_ErrorCode code, Otf2ErrorCapture& capture, const std::filesystem::path& anchor,
                std::string_view doing);

}  // namespace mpisight::trace::detail
