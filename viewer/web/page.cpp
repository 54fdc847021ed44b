// Fills the page template's {{...}} slots. Slots are replaced once each, in one pass, so text inserted for one
// slot is never scanned for another.
#include "web/page.hpp"

#include <map>
#include <stdexcept>

#include "web/assets.hpp"

namespace mpisight::viewer {

std::string render_page(const Json& config, const std::string& nonce) {
  const std::map<std::string_view, std::string> slots = {
      {"NONCE", nonce},
      {"STYLE", std::string(kAsset_style_css)},
      {"SCRIPT", std::string(kAsset_app_js)},
      {"CONFIG", dump_for_script(config)},
  };
  const std::string_view page = kAsset_page_html;
  std::string out;
  out.reserve(page.size() + kAsset_app_js.size() + kAsset_style_css.size());
  std::size_t at = 0;
  while (true) {
    const std::size_t open = page.find("{{", at);
    if (open == std::string_view::npos) {
      out.append(page.substr(at));
      break;
    }
    const std::size_t close = page.find("}}", open);
    if (close == std::string_view::npos) {
      throw std::logic_error("page template: unclosed slot");
    }
    out.append(page.substr(at, open - at));
    const auto slot = slots.find(page.substr(open + 2, close - open - 2));
    if (slot == slots.end()) {
      throw std::logic_error("page template: unknown slot");
    }
    out.append(slot->second);
    at = close + 2;
  }
  return out;
}

std::string content_security_policy(const std::string& nonce) {
  return "default-src 'none'; script-src 'nonce-" + nonce +
         "'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'";
}

}  // namespace mpisight::viewer
