// The one HTML document mpi-view serves and exports: the page template with its style, script and configuration
// inlined. The script runs only with the per-page nonce (Content-Security-Policy), so injected markup cannot run.
#pragma once

#include <string>

#include "api/api_json.hpp"

namespace mpisight::viewer {

// `config` tells the script where its data is: {"mode": "server"} or {"mode": "export", ...data}.
[[nodiscard]] std::string render_page(const Json& config, const std::string& nonce);

// The Content-Security-Policy that goes with a page rendered with `nonce`.
[[nodiscard]] std::string content_security_policy(const std::string& nonce);

}  // namespace mpisight::viewer
