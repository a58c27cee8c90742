// Pieces every self-contained HTML page of mmbench shares (report.html, compare.html): escaping, base64 for the
// charts' data URIs, and the one style sheet, so the two pages look alike.
#include "html_parts.hpp"

#include <cstdint>
#include <fstream>
#include <sstream>

namespace mmbench::html {

std::string esc(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '&':
        o += "&amp;";
        break;
      case '<':
        o += "&lt;";
        break;
      case '>':
        o += "&gt;";
        break;
      case '"':
        o += "&quot;";
        break;
      default:
        o += c;
    }
  }
  return o;
}

// RFC 4648 base64. Hand-written: 15 lines, where the alternatives in Debian (OpenSSL, Boost) would be a large
// dependency for one encoding.
std::string base64(const std::string& in) {
  static const char* t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
    out += {t[v >> 18], t[(v >> 12) & 63], t[(v >> 6) & 63], t[v & 63]};
  }
  if (i + 1 == in.size()) {
    const unsigned v = uint8_t(in[i]) << 16;
    out += {t[v >> 18], t[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == in.size()) {
    const unsigned v = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8);
    out += {t[v >> 18], t[(v >> 12) & 63], t[(v >> 6) & 63], '='};
  }
  return out;
}

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

const char* const kStyle = R"(
body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;margin:2em auto;max-width:1180px;color:#222;line-height:1.45}
h1{font-size:1.6em;margin-bottom:.2em} h2{border-bottom:2px solid #0072B2;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.8em 0} th,td{border:1px solid #b8c4d0;padding:.3em .6em;text-align:right}
th{background:#dde6f0} td.l,th.l{text-align:left} td.fast{font-weight:bold;background:#e3f1e8}
td.bad{background:#f9d9d0;color:#8a1c00;font-weight:bold} td.muted{color:#777}
.warn{background:#fff4d6;border-left:5px solid #E69F00;padding:.5em 1em;margin:.3em 0}
figure{margin:1em 0} figure img{width:100%;max-width:1100px;border:1px solid #ddd}
figcaption{color:#555;font-size:.9em} pre{background:#f5f5f5;padding:.6em;overflow-x:auto;font-size:.85em}
.small{color:#666;font-size:.85em})";

std::string svg_img(const std::string& svg_path, const std::string& alt) {
  return "<img alt=\"" + esc(alt) + "\" src=\"data:image/svg+xml;base64," + base64(slurp(svg_path)) + "\">";
}

}  // namespace mmbench::html
