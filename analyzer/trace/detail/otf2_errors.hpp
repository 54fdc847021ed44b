// Keeps OTF2's own multi-line error reports off stderr: while an Otf2ErrorCapture lives, reports on its thread
// are recorded, and check_otf2 folds the first one into a one-line TraceError.
#pragma once

#include <filesystem>
#include <otf2/OTF2_ErrorCodes.h>
#include <string>
#include <string_view>

namespace mpisight::trace::detail {

class Otf2ErrorCapture {
 public:
  Otf2ErrorCapture();
  ~Otf2ErrorCapture();
  Otf2ErrorCapture(const Otf2ErrorCapture&) = delete;
  Otf2ErrorCapture& operator=(const Otf2ErrorCapture&) = delete;

  // The first report since construction or the last clear(), flattened to one line; empty if none.
  [[nodiscard]] const std::string& first_report() const noexcept { return first_report_; }
  void clear() noexcept { first_report_.clear(); }
  void record(std::string_view report);

 private:
  Otf2ErrorCapture* outer_;  // captures nest; the innermost one on a thread receives reports
  std::string first_report_;
};

// Throws TraceError "cannot read trace '<anchor>': <reason>".
[[noreturn]] void throw_trace_error(const std::filesystem::path& anchor, std::string_view reason);

// Throws TraceError "... <doing>: <cause>" unless `code` is OTF2_SUCCESS; the cause is OTF2's report, or the
// code's description when OTF2 reported nothing.
void check_otf2(OTF2_ErrorCode code, Otf2ErrorCapture& capture, const std::filesystem::path& anchor,
                std::string_view doing);

}  // namespace mpisight::trace::detail
