// Named sweeps, written in the same range syntax as the CLI: `quick` (the default, minutes on 2 cores) and
// `seed` (the original experiment: square N = 128..4096 step 128).
#pragma once
#include <string>
#include <vector>

namespace mmbench {

struct Preset {
  std::string name, description;
  std::string sizes;   // square sizes, range syntax
  std::string dtypes;  // list
};

const std::vector<Preset>& presets();
const Preset& find_preset(const std::string& name);  // UsageError listing the known presets

}  // namespace mmbench
