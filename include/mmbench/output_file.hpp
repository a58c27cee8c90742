// Writing an output file (results.json, report.html, a chart's script ...) so that a reader never sees half of it
// and nothing outside the folder is touched: the content goes to a new file beside it, which is renamed over the
// old one only when complete. A symlink at the path is replaced, never followed; a failed write leaves the earlier
// file as it was and says why (errno's text: "No space left on device").
#pragma once
#include <functional>
#include <ostream>
#include <string>

namespace mmbench {

// Throws Error("cannot write PATH: REASON") when the file cannot be created, written or renamed into place.
void write_output_file(const std::string& path, const std::function<void(std::ostream&)>& writer);

}  // namespace mmbench
