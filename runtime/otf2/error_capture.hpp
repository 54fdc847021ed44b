// Keeps OTF2's own multi-line error reports off stderr: while an Otf2ErrorCapture lives, reports on its thread
// are recorded (the first one, flattened to one line) so the caller can fold them into its own one-line error.
// Shared by the tracer's archive writer and the analyzer's reader; OTF2 has one process-wide callback slot.
#pragma once

#include <string>
#include <string_view>

namespace mpisight::otf2 {

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

// `text` with line breaks and tabs turned into spaces and trailing spaces dropped.
[[nodiscard]] std::string one_line(std::string_view text);

}  // namespace mpisight::otf2
