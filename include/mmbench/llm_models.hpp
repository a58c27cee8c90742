// Real LLM layer shapes (data/llm-models.json, compiled in): every distinct weight matrix of a layer plus the
// output head, with the source of each model's dimensions. Used by `--preset llm:<model>` and `mmbench project`.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace mmbench {

struct WeightShape {
  std::string name;
  int64_t in = 0, out = 0;  // activations [M x in] times weight [in x out]: mmbench shape M x out x in
};

struct LlmModel {
  std::string name, architecture, source;
  int layers = 0;
  std::vector<WeightShape> layer_weights;  // one layer's matmuls
  WeightShape head;                        // the output projection to the vocabulary
  double matmul_params() const;            // every weight of every layer plus the head
};

const std::vector<LlmModel>& llm_models();
const LlmModel& find_llm_model(const std::string& name);  // UsageError naming the known models
std::string llm_model_names();
// Distinct shapes {M, N = out, K = in} of the model's weights for each M in `ms`.
std::vector<std::array<int64_t, 3>> llm_shapes(const LlmModel& m, const std::vector<int64_t>& ms);

}  // namespace mmbench
