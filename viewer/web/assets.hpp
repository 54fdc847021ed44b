// The page's files, embedded into the binary at build time (see embed_assets.cmake), so mpi-view needs nothing
// installed next to it and --export can inline them into one HTML file.
#pragma once

#include <string_view>

namespace mpisight::viewer {

extern const std::string_view kAsset_page_html;
extern const std::string_view kAsset_style_css;
extern const std::string_view kAsset_app_js;

}  // namespace mpisight::viewer
