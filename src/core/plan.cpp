// The plan as JSON: the store's plan column and the worker's request carry it, so a resumed run or a worker
// measures with exactly what the first run was given.
#include "mmbench/plan.hpp"

#include <algorithm>
#include <cstdlib>

#include "json_numbers.hpp"
#include "mmbench/cpu_set.hpp"
#include "mmbench/error.hpp"
#include "mmbench/record_json.hpp"

namespace mmbench {

using json_numbers::whole;
using json_numbers::wholes;
using nlohmann::json;

json to_json(const SweepSpec& s) {
  std::vector<std::string> dt;
  for (DType d : s.dtypes) dt.emplace_back(to_string(d));
  return {{"backends", s.backends},
          {"dtypes", dt},
          {"square", s.square},
          {"m", s.m},
          {"n", s.n},
          {"k", s.k},
          {"threads", s.threads},
          {"mode", to_string(s.mode)},
          {"shapes", s.shapes},
          {"cpus", s.cpus}};
}

SweepSpec sweep_spec_from_json(const json& j) {
  SweepSpec s;
  s.backends = j.at("backends").get<std::vector<std::string>>();
  s.dtypes.clear();
  for (const auto& d : j.at("dtypes").get<std::vector<std::string>>()) s.dtypes.push_back(parse_dtype(d));
  s.square = wholes<int64_t>(j.at("square"), "square");
  s.m = wholes<int64_t>(j.at("m"), "m");
  s.n = wholes<int64_t>(j.at("n"), "n");
  s.k = wholes<int64_t>(j.at("k"), "k");
  s.threads = whole<int>(j.at("threads"), "threads");
  s.mode = parse_mode(j.value("mode", "hot"));
  s.cpus = j.value("cpus", std::vector<std::string>{});
  for (const auto& c : s.cpus)
    if (!parse_kernel_cpu_list(c)) throw Error("'cpus' holds '" + c + "', not a CPU list");
  s.shapes.clear();
  if (const auto shapes = j.find("shapes"); shapes != j.end())
    for (const auto& shape : shapes->get<std::vector<json>>()) {
      const auto mnk = wholes<int64_t>(shape, "shapes");
      if (mnk.size() != 3) throw Error("'shapes' holds " + shape.dump() + ", not [M, N, K]");
      s.shapes.push_back({mnk[0], mnk[1], mnk[2]});
    }
  return s;
}

BackendOptions with_environment_defaults(BackendOptions o) {
  const auto fill = [](std::string& field, const char* var) {
    if (const char* v = std::getenv(var); field.empty() && v && *v) field = v;
  };
  fill(o.rknn_lib, "MMBENCH_RKNN_LIB");
  fill(o.rknn_models, "MMBENCH_RKNN_MODELS");
  fill(o.rknn_version, "MMBENCH_RKNN_VERSION");
  fill(o.rknn_core_mask, "MMBENCH_RKNN_CORE_MASK");
  fill(o.cl_platform, "MMBENCH_OPENCL_PLATFORM");
  fill(o.cl_device, "MMBENCH_OPENCL_DEVICE");
  return o;
}

json to_json(const BackendOptions& o) {
  return {{"rknn_lib", o.rknn_lib},         {"rknn_models", o.rknn_models},
          {"rknn_version", o.rknn_version}, {"rknn_core_mask", o.rknn_core_mask},
          {"cl_platform", o.cl_platform},   {"cl_device", o.cl_device}};
}

BackendOptions backend_options_from_json(const json& j) {
  BackendOptions o;
  if (!j.is_object()) return o;
  o.rknn_lib = j.value("rknn_lib", "");
  o.rknn_models = j.value("rknn_models", "");
  o.rknn_version = j.value("rknn_version", "");
  o.rknn_core_mask = j.value("rknn_core_mask", "");
  o.cl_platform = j.value("cl_platform", "");
  o.cl_device = j.value("cl_device", "");
  return o;
}

json to_json(const Plan& p) {
  return {{"spec", to_json(p.sweep)},
          {"options", to_json(p.measure)},
          {"backend_options", to_json(p.backend)},
          {"probe_roofs", p.probe_roofs},
          {"repeat", p.repeat}};
}

Plan plan_from_json(const json& j) {
  Plan p;
  p.sweep = sweep_spec_from_json(j.at("spec"));
  p.measure = measure_options_from_json(j.value("options", json::object()));
  p.backend = backend_options_from_json(j.value("backend_options", json::object()));
  p.probe_roofs = j.value("probe_roofs", true);
  p.repeat = std::max(1, j.value("repeat", 1));
  return p;
}

}  // namespace mmbench
