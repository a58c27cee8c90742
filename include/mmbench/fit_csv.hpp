// Reading a user's own measurements for `mmbench fit --data`: CSV with a header naming x and y (and optionally
// sigma), in any column order; '#' lines and blank lines are skipped. Errors name the file, line and value.
#pragma once
#include <istream>
#include <string>

#include "mmbench/fit.hpp"

namespace mmbench {

FitData read_fit_csv(std::istream& in, const std::string& name);
FitData read_fit_csv_file(const std::string& path);  // UsageError when the file cannot be read

}  // namespace mmbench
