// Shared parts of mmbench's self-contained HTML pages (report.html, compare.html): no script, no network, charts
// as base64 data URIs of gnuplot's SVG (an <img>, not inline SVG: gnuplot reuses element ids in every file).
#pragma once
#include <string>

namespace mmbench::html {

std::string esc(const std::string& s);                                     // &, <, >, " escaped
std::string base64(const std::string& in);                                 // RFC 4648
std::string slurp(const std::string& path);                                // a file's bytes ("" when unreadable)
std::string svg_img(const std::string& svg_path, const std::string& alt);  // <img src="data:image/svg+xml;base64,...">
extern const char* const kStyle;                                           // the pages' CSS

}  // namespace mmbench::html
