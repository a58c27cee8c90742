// Histories and change points (history.hpp). Written here: no Debian C++ library offers change-point detection
// (ruptures is Python); optimal partitioning is a short dynamic programme over prefix sums, exact for the
// penalised least-squares cost, and the series are short (one value per run).
#include "mmbench/history.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <unordered_map>

#include "mmbench/stats.hpp"

namespace mmbench {

std::vector<size_t> piecewise_constant_fit(const std::vector<double>& y, const std::vector<double>& w, double penalty) {
  const size_t n = y.size();
  // Prefix sums of w, w·y, w·y²: the cost of a segment [i, j) is Σw·y² − (Σw·y)²/Σw.
  std::vector<double> sw(n + 1, 0), swy(n + 1, 0), swyy(n + 1, 0);
  for (size_t i = 0; i < n; ++i) {
    sw[i + 1] = sw[i] + w[i];
    swy[i + 1] = swy[i] + w[i] * y[i];
    swyy[i + 1] = swyy[i] + w[i] * y[i] * y[i];
  }
  const auto cost = [&](size_t i, size_t j) {
    const double a = sw[j] - sw[i], b = swy[j] - swy[i];
    return (swyy[j] - swyy[i]) - (a > 0 ? b * b / a : 0.0);
  };
  std::vector<double> best(n + 1, std::numeric_limits<double>::infinity());
  std::vector<size_t> last(n + 1, 0);
  best[0] = -penalty;  // the first segment pays no penalty
  for (size_t j = 1; j <= n; ++j)
    for (size_t i = 0; i < j; ++i)
      if (const double c = best[i] + penalty + cost(i, j); c < best[j]) best[j] = c, last[j] = i;
  std::vector<size_t> starts;
  for (size_t j = n; last[j] > 0; j = last[j]) starts.push_back(last[j]);
  std::reverse(starts.begin(), starts.end());
  return starts;
}

std::vector<ChangePoint> find_change_points(const std::vector<HistoryValue>& values, double min_step) {
  const size_t n = values.size();
  if (n < 4) return {};
  std::vector<double> y(n), own(n);
  for (size_t i = 0; i < n; ++i) {
    y[i] = std::log(values[i].value_s);
    const double half = values[i].high_s > values[i].low_s
                            ? (std::log(values[i].high_s) - std::log(values[i].low_s)) / (2 * 1.96)
                            : 0.0;
    own[i] = half * half;
  }
  // Run-to-run scatter from successive differences: a step moves one difference, not the MAD of them all.
  std::vector<double> d;
  for (size_t i = 1; i < n; ++i) d.push_back(std::abs(y[i] - y[i - 1]));
  const double scatter = 1.4826 * median_of(d) / std::sqrt(2.0);
  std::vector<double> w(n);
  for (size_t i = 0; i < n; ++i) w[i] = 1.0 / std::max(own[i] + scatter * scatter, 1e-8);
  // 5·ln(n): BIC's 2·ln(n) found a step in a third of flat 30-run series with 2% run-to-run noise; 5·ln(n) finds
  // 0.03 steps per flat series and a 5% step in 82% of series (tests/unit/history_test.cpp, 200 series each).
  std::vector<size_t> starts = piecewise_constant_fit(y, w, 5 * std::log(static_cast<double>(n)));
  // Merge away steps below min_step, smallest first, and measure the levels again.
  const auto levels = [&](const std::vector<size_t>& s) {
    std::vector<double> out;
    size_t begin = 0;
    for (size_t k = 0; k <= s.size(); ++k) {
      const size_t end = k < s.size() ? s[k] : n;
      double sum = 0, ws = 0;
      for (size_t i = begin; i < end; ++i) sum += w[i] * y[i], ws += w[i];
      out.push_back(sum / ws);
      begin = end;
    }
    return out;
  };
  for (;;) {
    const auto lv = levels(starts);
    size_t smallest = starts.size();
    double gap = std::log1p(min_step);
    for (size_t k = 0; k < starts.size(); ++k)
      if (std::abs(lv[k + 1] - lv[k]) < gap) gap = std::abs(lv[k + 1] - lv[k]), smallest = k;
    if (smallest == starts.size()) break;
    starts.erase(starts.begin() + static_cast<std::ptrdiff_t>(smallest));
  }
  const auto lv = levels(starts);
  std::vector<ChangePoint> out;
  for (size_t k = 0; k < starts.size(); ++k) out.push_back({starts[k], std::exp(lv[k]), std::exp(lv[k + 1])});
  return out;
}

std::vector<PointHistory> build_history(std::vector<HistorySource>& sources, double min_step) {
  std::stable_sort(sources.begin(), sources.end(),
                   [](const HistorySource& a, const HistorySource& b) { return a.started_at < b.started_at; });
  std::vector<PointHistory> out;
  std::unordered_map<PointKey, size_t> index;
  for (size_t s = 0; s < sources.size(); ++s) {
    std::map<size_t, std::vector<const Record*>> mine;  // point index -> its verified rounds in this run
    for (const auto& r : sources[s].records) {
      if (!is_success(r.status) || r.samples_s.empty()) continue;
      auto [it, fresh] = index.try_emplace(r.key, out.size());
      if (fresh) out.push_back({r.key, {}, {}});
      mine[it->second].push_back(&r);
    }
    for (const auto& [p, rounds] : mine) {
      HistoryValue v;
      v.source = s;
      v.rounds = static_cast<int>(rounds.size());
      std::vector<double> medians;
      for (const auto* r : rounds) medians.push_back(r->summary.median);
      v.value_s = median_of(medians);
      if (rounds.size() == 1) {
        v.low_s = rounds[0]->summary.ci_low, v.high_s = rounds[0]->summary.ci_high;
      } else {
        v.low_s = *std::min_element(medians.begin(), medians.end());
        v.high_s = *std::max_element(medians.begin(), medians.end());
      }
      out[p].values.push_back(v);
    }
  }
  for (auto& h : out) h.changes = find_change_points(h.values, min_step);
  return out;
}

}  // namespace mmbench
