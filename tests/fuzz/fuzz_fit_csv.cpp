// Fuzz target: `mmbench fit --data FILE.csv` — the CSV reader (read_fit_csv) and the fit it feeds. A bad file or
// unfittable data must be a UsageError; accepted data must have matching columns. Any other exception, a crash,
// undefined behaviour or an allocation beyond libFuzzer's limit is a finding.
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "mmbench/analysis_text.hpp"
#include "mmbench/error.hpp"
#include "mmbench/fit.hpp"
#include "mmbench/fit_csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  mmbench::FitData d;
  try {
    d = mmbench::read_fit_csv(in, "fuzz.csv");
  } catch (const mmbench::UsageError&) {
    return 0;
  }
  if (d.x.empty() || d.x.size() != d.y.size() || (!d.sigma.empty() && d.sigma.size() != d.x.size())) std::abort();
  if (d.x.size() > 64) return 0;  // the minimiser's cost grows with the rows; the reader is what is fuzzed here
  for (mmbench::Model m : mmbench::all_models()) {
    try {
      const mmbench::FitResult r = mmbench::fit(m, d);
      (void)mmbench::minuit_summary(r);
    } catch (const mmbench::UsageError&) {
    }
  }
  return 0;
}
