// The LLM model table, parsed once from the JSON compiled into the binary (generated llm_models_data.hpp).
#include "mmbench/llm_models.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "llm_models_data.hpp"
#include "mmbench/error.hpp"

namespace mmbench {

double LlmModel::matmul_params() const {
  double n = 0;
  for (const auto& w : layer_weights) n += static_cast<double>(w.in) * static_cast<double>(w.out);
  return n * layers + static_cast<double>(head.in) * static_cast<double>(head.out);
}

const std::vector<LlmModel>& llm_models() {
  static const std::vector<LlmModel> all = [] {
    std::vector<LlmModel> v;
    const auto doc = nlohmann::json::parse(kLlmModelsJson);
    for (const auto& j : doc.at("models")) {
      LlmModel m;
      m.name = j.at("name");
      m.architecture = j.at("architecture");
      m.source = j.at("source");
      m.layers = j.at("layers");
      for (const auto& w : j.at("layer_weights")) m.layer_weights.push_back({w.at("name"), w.at("in"), w.at("out")});
      m.head = {j.at("head").at("name"), j.at("head").at("in"), j.at("head").at("out")};
      v.push_back(std::move(m));
    }
    return v;
  }();
  return all;
}

std::string llm_model_names() {
  std::string s;
  for (const auto& m : llm_models()) s += (s.empty() ? "" : ", ") + m.name;
  return s;
}

const LlmModel& find_llm_model(const std::string& name) {
  for (const auto& m : llm_models())
    if (m.name == name) return m;
  throw UsageError("unknown model '" + name + "' (known: " + llm_model_names() + ")");
}

std::vector<std::array<int64_t, 3>> llm_shapes(const LlmModel& m, const std::vector<int64_t>& ms) {
  std::vector<std::array<int64_t, 3>> out;
  for (int64_t rows : ms) {
    auto add = [&](const WeightShape& w) {
      const std::array<int64_t, 3> s{rows, w.out, w.in};
      if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
    };
    for (const auto& w : m.layer_weights) add(w);
    add(m.head);
  }
  return out;
}

}  // namespace mmbench
