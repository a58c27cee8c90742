// A real headless browser for the HTML pages (report.html, compare.html): Chromium takes a screenshot, and the
// tests count the exact colours of its pixels (libpng) to see that tables and charts were rendered.
#pragma once
#include <cstdint>
#include <map>
#include <string>

namespace mmbench::e2e {

std::string find_chromium();  // "" when not installed (Debian package chromium)
// Screenshot of `page` (1280 x 4200) into <dir>/screenshot.png; its log in <dir>/chromium.log. "" on failure.
std::string screenshot(const std::string& chromium, const std::string& page, const std::string& dir);
std::map<uint32_t, long> colour_counts(const std::string& png_path);  // pixels per exact RGB colour

}  // namespace mmbench::e2e
