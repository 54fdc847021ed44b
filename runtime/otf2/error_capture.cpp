// Routes OTF2's error callback into the calling thread's Otf2ErrorCapture; the callback is installed once per
// process because OTF2 keeps a single, unsynchronised callback slot.
#include "otf2/error_capture.hpp"

#include <algorithm>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <otf2/OTF2_ErrorCodes.h>

namespace mpisight::otf2 {
namespace {

thread_local Otf2ErrorCapture* t_capture = nullptr;

std::string format_report(const char* format, va_list args) {
  if (format == nullptr) {
    return {};
  }
  char buffer[1024];
  const int length = std::vsnprintf(buffer, sizeof buffer, format, args);
  if (length < 0) {
    return {};
  }
  return std::string(buffer, std::min<std::size_t>(static_cast<std::size_t>(length), sizeof buffer - 1));
}

// Called from OTF2's C code, so nothing may escape; a report lost to bad_alloc only costs detail.
OTF2_ErrorCode on_otf2_error(void* /*user_data*/, const char* /*file*/, std::uint64_t /*line*/,
                             const char* /*function*/, OTF2_ErrorCode code, const char* format, va_list args) {
  try {
    const std::string report = format_report(format, args);
    if (t_capture != nullptr) {
      // OTF2's detail says what broke; for errno-style codes it is only a path, so the meaning goes first.
      const std::string description = OTF2_Error_GetDescription(code);
      const bool errno_style = code > OTF2_ERROR_INVALID && code < OTF2_ERROR_END_OF_FUNCTION;
      t_capture->record(report.empty() ? description : errno_style ? description + ": " + report : report);
    } else {
      // Not inside a trace read (e.g. a test writing an archive): still one line, never OTF2's block.
      std::fprintf(stderr, "otf2: %s: %s\n", OTF2_Error_GetName(code), report.c_str());
    }
  } catch (...) {
  }
  return code;
}

void install_callback_once() {
  static std::once_flag once;
  std::call_once(once, [] { OTF2_Error_RegisterCallback(on_otf2_error, nullptr); });
}

}  // namespace

Otf2ErrorCapture::Otf2ErrorCapture() : outer_(t_capture) {
  install_callback_once();
  t_capture = this;
}

Otf2ErrorCapture::~Otf2ErrorCapture() {
  t_capture = outer_;
}

void Otf2ErrorCapture::record(std::string_view report) {
  if (first_report_.empty()) {
    first_report_ = one_line(report);
  }
}

std::string one_line(std::string_view text) {
  std::string line;
  line.reserve(text.size());
  for (char c : text) {
    line += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  }
  while (!line.empty() && line.back() == ' ') {
    line.pop_back();
  }
  return line;
}

}  // namespace mpisight::otf2
