// Grouping records into series. Which dimension is "the size" is decided per dtype/mode/threads across all
// backends, so every backend's series of one sweep gets the same family and can be compared point by point.
#include "mmbench/series.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

namespace mmbench {
namespace {

bool is_square(const Problem& p) {
  return p.m == p.n && p.n == p.k;
}

// 0 = M, 1 = N, 2 = K: the dimension with the most distinct values among non-square shapes (ties: N, M, K).
int varying_dim(const std::vector<const Record*>& recs) {
  std::set<int64_t> v[3];
  for (const Record* r : recs) {
    const Problem& p = r->key.problem;
    if (is_square(p)) continue;
    v[0].insert(p.m), v[1].insert(p.n), v[2].insert(p.k);
  }
  int best = 1;
  for (int d : {0, 2})
    if (v[d].size() > v[best].size()) best = d;
  return best;
}

double sigma_of(const Record& r) {
  const double t = r.summary.median;
  const double se = (r.summary.ci_high - r.summary.ci_low) / (2 * 1.96);
  return std::max(se, 1e-3 * t);
}

}  // namespace

std::string Series::axis() const {
  if (!fixed_m && !fixed_n && !fixed_k) return "N";
  return !fixed_m ? "M" : !fixed_k ? "K" : "N";
}

std::string Series::family() const {
  auto d = [](int64_t fixed, const char* name) { return fixed ? std::to_string(fixed) : std::string(name); };
  const std::string a = axis();
  return d(fixed_m, a.c_str()) + "x" + d(fixed_n, a.c_str()) + "x" + d(fixed_k, a.c_str());
}

std::string Series::group() const {
  // Pinned series are drawn and compared together whatever their thread counts: big, little and all cores of one
  // backend are the comparison --cpus is for.
  if (!cpus.empty()) return fmt::format("{} {} pinned {}", to_string(dtype), to_string(mode), family());
  return fmt::format("{} {} {}t {}", to_string(dtype), to_string(mode), threads, family());
}

std::string Series::name() const {
  return backend_on_cpus(backend, cpus);
}

std::string Series::label() const {
  return fmt::format("{} {} {}", name(), to_string(dtype), family());
}

double Series::flops_at(double x) const {
  auto d = [&](int64_t fixed) { return fixed ? static_cast<double>(fixed) : x; };
  return Problem::flops_of(d(fixed_m), d(fixed_n), d(fixed_k));
}

bool Series::on_host() const {
  return device.on_host();
}

std::vector<Series> build_series(const std::vector<Record>& records) {
  using Cond = std::tuple<int, Mode, int>;  // dtype, mode, threads (-1: pinned, any count: see group())
  std::map<Cond, std::vector<const Record*>> by_cond;
  for (const auto& r : records)
    by_cond[{static_cast<int>(r.key.problem.dtype), r.key.mode, r.key.cpus.empty() ? r.key.threads : -1}].push_back(&r);

  std::vector<Series> out;
  for (const auto& [cond, recs] : by_cond) {
    const int vary = varying_dim(recs);
    // key: backend + the fixed dimensions (all zero for square)
    std::map<std::tuple<std::string, std::string, int64_t, int64_t, int64_t>, Series> groups;
    for (const Record* r : recs) {
      const Problem& p = r->key.problem;
      int64_t fm = 0, fn = 0, fk = 0;
      double x = static_cast<double>(p.n);
      if (!is_square(p)) {
        const int64_t dims[3] = {p.m, p.n, p.k};
        x = static_cast<double>(dims[vary]);
        fm = vary == 0 ? 0 : p.m, fn = vary == 1 ? 0 : p.n, fk = vary == 2 ? 0 : p.k;
      }
      Series& s = groups[{r->key.backend, r->key.cpus, fm, fn, fk}];
      if (s.backend.empty()) {
        s.backend = r->key.backend, s.dtype = p.dtype, s.mode = r->key.mode, s.threads = r->key.threads;
        s.cpus = r->key.cpus;
        s.fixed_m = fm, s.fixed_n = fn, s.fixed_k = fk;
      }
      if (is_success(r->status) && r->summary.median > 0) {
        if (s.points.empty()) s.device = r->device;
        s.points.push_back({x, r->summary.median, sigma_of(*r), p, r->gflops, r->status});
      } else {
        s.excluded.push_back(fmt::format("{}={:g}: {}{}{}", s.axis(), x, to_string(r->status),
                                         r->reason.empty() ? "" : " (", r->reason.empty() ? "" : r->reason + ")"));
      }
    }
    for (auto& [k, s] : groups) {
      std::sort(s.points.begin(), s.points.end(), [](const auto& a, const auto& b) { return a.x < b.x; });
      out.push_back(std::move(s));
    }
  }
  return out;
}

}  // namespace mmbench
