// The named sweeps. They are written in the CLI's own range syntax, so `--preset seed` and
// `--size 128:4096:128` are the same thing by construction.
#include "mmbench/presets.hpp"

#include "mmbench/error.hpp"

namespace mmbench {

const std::vector<Preset>& presets() {
  static const std::vector<Preset> all{
      {"quick", "square N = 128, 256, 512, 1024, 2048 in f32: about a minute on a 2-core machine (the default)",
       "128:2048:*2", "f32"},
      {"seed", "square N = 128..4096 step 128 in f32: the original RK3588 experiment", "128:4096:128", "f32"},
      {"precision", "square N = 256, 1024 in f64 and f32", "256,1024", "f64,f32"},
  };
  return all;
}

const Preset& find_preset(const std::string& name) {
  std::string known;
  for (const auto& p : presets()) {
    if (p.name == name) return p;
    known += (known.empty() ? "" : ", ") + p.name;
  }
  throw UsageError("unknown preset '" + name + "' (known: " + known + ")");
}

}  // namespace mmbench
