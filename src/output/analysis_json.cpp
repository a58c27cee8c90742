// analysis.json: the analysis' data as JSON, with the sentences of analysis_text.cpp beside them (a series'
// verdict, a comparison's sentence), so a reader of the JSON and of analysis.txt sees the same words.
#include "mmbench/analysis_json.hpp"

#include "mmbench/analysis_text.hpp"

namespace mmbench {

nlohmann::json to_json(const Analysis& a) {
  nlohmann::json series = nlohmann::json::array(), comps = nlohmann::json::array();
  for (const auto& sa : a.series) {
    const Series& s = sa.series;
    nlohmann::json pts = nlohmann::json::array(), fits = nlohmann::json::array(), steps = nlohmann::json::array();
    for (size_t i = 0; i < s.points.size(); ++i) {
      const auto& p = s.points[i];
      nlohmann::json pt{
          {"x", p.x}, {"median_s", p.t}, {"sigma_s", p.sigma}, {"gflops", p.gflops}, {"status", to_string(p.status)}};
      if (i < sa.verdicts.size() && sa.verdicts[i]) {
        const PointVerdict& v = *sa.verdicts[i];
        pt["roofline"] = {{"intensity", v.intensity},
                          {"peak_gflops", v.peak_gflops},
                          {"peak_source", to_string(v.peak_source)},
                          {"attainable_gflops", v.attainable_gflops},
                          {"pct_of_attainable", v.pct_of_attainable},
                          {"verdict", v.verdict},
                          {"above_roof", v.above_roof},
                          {"cache_resident", v.cache_resident}};
      }
      pts.push_back(pt);
    }
    for (const auto& f : sa.fits) fits.push_back(to_json(f));
    std::vector<std::string> fit_problems;
    for (const auto& p : sa.fit_problems) fit_problems.push_back(fit_problem_text(p));
    for (const auto& st : sa.steps)
      steps.push_back({{"x_before", st.x_before},
                       {"x_after", st.x_after},
                       {"gflops_before", st.gflops_before},
                       {"gflops_after", st.gflops_after},
                       {"jump", st.jump},
                       {"sigmas", st.sigmas}});
    series.push_back({{"backend", s.backend},
                      {"dtype", to_string(s.dtype)},
                      {"mode", to_string(s.mode)},
                      {"threads", s.threads},
                      {"cpus", s.cpus},
                      {"family", s.family()},
                      {"axis", s.axis()},
                      {"points", pts},
                      {"excluded", s.excluded},
                      {"fits", fits},
                      {"fit_problems", fit_problems},
                      {"best_model", sa.best_fit() ? nlohmann::json(to_string(sa.best_fit()->model)) : nullptr},
                      {"verdict", fit_verdict(sa)},
                      {"steps", steps},
                      {"device", s.device.text()}});
    if (const std::string n = no_verdict_text(sa); !n.empty()) series.back()["no_roofline_verdict"] = n;
    if (const std::string n = device_roofs_text(sa); !n.empty()) series.back()["device_roofs"] = n;
  }
  for (const auto& c : a.comparisons) {
    nlohmann::json xs = nlohmann::json::array();
    for (const auto& x : c.crossings)
      xs.push_back({{"faster_before", x.faster_before},
                    {"faster_after", x.faster_after},
                    {"x_low", x.x_low},
                    {"x_high", x.x_high},
                    {"x_estimate", x.x_est ? nlohmann::json(*x.x_est) : nullptr},
                    {"estimate_from", to_string(x.estimate)}});
    comps.push_back({{"a", c.a},
                     {"b", c.b},
                     {"group", c.group},
                     {"axis", c.axis},
                     {"common_sizes", c.common},
                     {"crossings", xs},
                     {"sentence", comparison_text(c)}});
  }
  nlohmann::json out{{"series", series}, {"comparisons", comps}};
  if (a.roofs) out["roofs"] = to_json(*a.roofs);
  return out;
}

}  // namespace mmbench
