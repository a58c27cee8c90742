// Headless Chromium and the pixel count of its screenshots (browser.hpp).
#include "browser.hpp"

#include <png.h>

#include <cstdlib>
#include <filesystem>
#include <vector>

namespace mmbench::e2e {

namespace fs = std::filesystem;

std::string find_chromium() {
  for (const char* p : {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"})
    if (fs::exists(p)) return p;
  return "";
}

std::string screenshot(const std::string& chromium, const std::string& page, const std::string& dir) {
  const std::string shot = dir + "/screenshot.png";
  const std::string cmd = chromium +
                          " --headless --no-sandbox --disable-gpu --disable-background-networking "
                          "--disable-dev-shm-usage --no-first-run --hide-scrollbars --window-size=1280,4200 "
                          "--screenshot=" +
                          shot + " file://" + fs::absolute(page).string() + " >" + dir + "/chromium.log 2>&1";
  return std::system(cmd.c_str()) == 0 ? shot : "";
}

std::map<uint32_t, long> colour_counts(const std::string& path) {
  std::map<uint32_t, long> counts;
  png_image img{};
  img.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&img, path.c_str())) return counts;
  img.format = PNG_FORMAT_RGB;
  std::vector<png_byte> buf(PNG_IMAGE_SIZE(img));
  if (!png_image_finish_read(&img, nullptr, buf.data(), 0, nullptr)) return counts;
  for (size_t i = 0; i + 2 < buf.size(); i += 3) ++counts[(buf[i] << 16) | (buf[i + 1] << 8) | buf[i + 2]];
  return counts;
}

}  // namespace mmbench::e2e
