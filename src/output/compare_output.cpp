// Formatting a comparison: one row per matched point (old, new, ratio with its interval, δ, verdict, runs), the
// per-backend geometric means, the unmatched points and the decision. The numbers come from comparison.hpp.
#include "mmbench/compare_output.hpp"

#include <cmath>

#include <fmt/format.h>

#include "mmbench/record_json.hpp"
#include "mmbench/text_format.hpp"

namespace mmbench {
namespace {

std::string point_ratio(const PointComparison& p) {
  return p.effect ? ratio_text(p.effect->ratio, p.effect->low, p.effect->high) : std::string("-");
}

std::string keys_text(const std::vector<PointKey>& keys) {
  std::string t;
  for (const auto& k : keys) t += (t.empty() ? "" : "; ") + k.label();
  return t;
}

}  // namespace

std::string compare_time_text(const PointComparison& p, bool b) {
  const double s = b ? p.median_b_s : p.median_a_s;
  if (s > 0) return human_seconds_precise(s);
  return std::string(to_string(b ? p.status_b : p.status_a));
}

std::string compare_decision_text(const RunComparison& c) {
  size_t compared = 0;
  for (const auto& p : c.points) compared += p.effect ? 1 : 0;
  if (c.regressions)
    return fmt::format("{} confirmed regression{} (Holm over {} points, {:g}% one-sided)", c.regressions,
                       c.regressions == 1 ? "" : "s", compared, c.alpha * 100);
  return fmt::format("no confirmed regression (Holm over {} points, {:g}% one-sided){}", compared, c.alpha * 100,
                     c.inconclusive ? fmt::format("; {} inconclusive", c.inconclusive) : std::string());
}

std::string compare_backend_counts(const BackendComparison& s) {
  std::string t;
  const auto add = [&](size_t n, const char* what) {
    if (n) t += fmt::format("{}{} {}", t.empty() ? "" : ", ", n, what);
  };
  add(s.faster, "faster");
  add(s.slower, "slower");
  add(s.same, "same");
  add(s.inconclusive, "inconclusive");
  add(s.not_compared, "not compared");
  return t;
}

std::string ratio_text(double ratio, double low, double high) {
  return fmt::format("{:.3f} [{:.3f}, {:.3f}]", ratio, low, high);
}

std::string verdict_text(const PointComparison& p) {
  if (p.status_regression)
    return fmt::format("{} -> {}", to_string(p.status_a), p.status_b == Status::wrong ? "WRONG" : "FAILED");
  if (!p.effect) return fmt::format("not compared ({} / {})", to_string(p.status_a), to_string(p.status_b));
  std::string v(to_string(p.verdict));
  if (p.verdict == Verdict::inconclusive && p.effect->runs_to_decide)
    v += fmt::format(" (~{} runs)", *p.effect->runs_to_decide);
  if (p.confirmed_regression) v += " !";
  return v;
}

void write_compare_text(std::ostream& os, const RunComparison& c, const CompareContext& ctx, bool colour) {
  os << "A: " << ctx.a << "\nB: " << ctx.b << "\n";
  if (!ctx.differences.empty()) {
    os << "What differs between A and B:\n";
    for (const auto& d : ctx.differences) os << fmt::format("  {}: {} -> {}\n", d.what, d.a, d.b);
  }
  os << ctx.delta_text << "\n";
  for (const auto& n : ctx.notes) os << "note: " << n << "\n";
  size_t w = 5;
  for (const auto& p : c.points) w = std::max(w, p.key.label().size());
  os << fmt::format("\n{:<{}}  {:>10}  {:>10}  {:<26}  {:>5}  {:>5}  {}\n", "point", w, "A", "B",
                    "B/A time [95% interval]", "delta", "runs", "verdict");
  for (const auto& p : c.points) {
    std::string v = verdict_text(p);
    if (colour) {
      const bool bad = p.confirmed_regression || p.verdict == Verdict::slower;
      if (bad)
        v = "\033[31m" + v + "\033[0m";
      else if (p.effect && p.verdict == Verdict::faster)
        v = "\033[32m" + v + "\033[0m";
    }
    os << fmt::format("{:<{}}  {:>10}  {:>10}  {:<26}  {:>4.1f}%  {:>5}  {}\n", p.key.label(), w,
                      compare_time_text(p, false), compare_time_text(p, true), point_ratio(p), p.delta * 100,
                      fmt::format("{}/{}", p.runs_a, p.runs_b), v);
  }
  if (!c.backends.empty()) {
    os << "\nPer backend, geometric mean of B/A time [95% interval]:\n";
    for (const auto& s : c.backends)
      os << fmt::format("  {:<{}}  {}  {}\n", s.backend, w - 2,
                        s.effect.points ? ratio_text(s.effect.ratio, s.effect.low, s.effect.high) : "-",
                        compare_backend_counts(s));
  }
  if (!c.only_a.empty()) os << "\nOnly in A (not compared): " << keys_text(c.only_a) << "\n";
  if (!c.only_b.empty()) os << "Only in B (not compared): " << keys_text(c.only_b) << "\n";
  os << "\n" << compare_decision_text(c) << "\n";
}

void write_compare_markdown(std::ostream& os, const RunComparison& c, const CompareContext& ctx) {
  os << "## mmbench compare\n\n- **A:** " << ctx.a << "\n- **B:** " << ctx.b << "\n- " << ctx.delta_text << "\n";
  for (const auto& n : ctx.notes) os << "- " << n << "\n";
  if (!ctx.differences.empty()) {
    os << "\n| what differs | A | B |\n|---|---|---|\n";
    for (const auto& d : ctx.differences) os << fmt::format("| {} | {} | {} |\n", d.what, d.a, d.b);
  }
  os << "\n| point | A | B | B/A time [95% interval] | δ | runs | verdict |\n|---|---:|---:|---|---:|---:|---|\n";
  for (const auto& p : c.points)
    os << fmt::format("| {} | {} | {} | {} | {:.1f}% | {}/{} | {} |\n", p.key.label(), compare_time_text(p, false),
                      compare_time_text(p, true), point_ratio(p), p.delta * 100, p.runs_a, p.runs_b,
                      p.confirmed_regression ? "**" + verdict_text(p) + "**" : verdict_text(p));
  if (!c.backends.empty()) {
    os << "\n| backend | geometric mean of B/A [95% interval] | points |\n|---|---|---|\n";
    for (const auto& s : c.backends)
      os << fmt::format("| {} | {} | {} |\n", s.backend,
                        s.effect.points ? ratio_text(s.effect.ratio, s.effect.low, s.effect.high) : "-",
                        compare_backend_counts(s));
  }
  if (!c.only_a.empty()) os << "\nOnly in A: " << keys_text(c.only_a) << "\n";
  if (!c.only_b.empty()) os << "\nOnly in B: " << keys_text(c.only_b) << "\n";
  os << "\n**" << compare_decision_text(c) << "**\n";
}

void write_compare_csv(std::ostream& os, const RunComparison& c) {
  os << "backend,dtype,m,n,k,mode,threads,cpus,status_a,status_b,runs_a,runs_b,median_a_s,median_b_s,ratio,"
        "ratio_low,ratio_high,delta,delta_source,p_slower,p_faster,p_same,p_slower_holm,p_slower_bh,p_faster_bh,"
        "p_same_bh,between_sd,within_sd,verdict,confirmed_regression,runs_to_decide\n";
  for (const auto& p : c.points) {
    const auto& k = p.key;
    os << fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{:.9g},{:.9g},", csv_quoted(k.backend),
                      to_string(k.problem.dtype), k.problem.m, k.problem.n, k.problem.k, to_string(k.mode), k.threads,
                      csv_quoted(k.cpus), to_string(p.status_a), to_string(p.status_b), p.runs_a, p.runs_b,
                      p.median_a_s, p.median_b_s);
    if (const auto& e = p.effect)
      os << fmt::format(
          "{:.6g},{:.6g},{:.6g},{:.4g},{},{:.4g},{:.4g},{:.4g},{:.4g},{:.4g},{:.4g},{:.4g},{:.4g},{:.4g},", e->ratio,
          e->low, e->high, p.delta, p.delta_source, e->p_slower, e->p_faster, e->p_same, p.p_slower_holm, p.p_slower_bh,
          p.p_faster_bh, p.p_same_bh, e->between_sd, e->within_sd);
    else
      os << fmt::format(",,,{:.4g},{},,,,,,,,,,", p.delta, p.delta_source);
    os << fmt::format("{},{},{}\n", p.effect ? std::string(to_string(p.verdict)) : std::string("not_compared"),
                      p.confirmed_regression ? 1 : 0,
                      p.effect && p.effect->runs_to_decide ? std::to_string(*p.effect->runs_to_decide) : "");
  }
}

nlohmann::json compare_json(const RunComparison& c, const CompareContext& ctx) {
  using nlohmann::json;
  json points = json::array();
  for (const auto& p : c.points) {
    json j = to_json(p.key);
    j["status_a"] = to_string(p.status_a), j["status_b"] = to_string(p.status_b);
    j["runs_a"] = p.runs_a, j["runs_b"] = p.runs_b;
    j["status_regression"] = p.status_regression;
    j["confirmed_regression"] = p.confirmed_regression;
    j["delta"] = p.delta, j["delta_source"] = p.delta_source;
    if (const auto& e = p.effect) {
      j["median_a_s"] = p.median_a_s, j["median_b_s"] = p.median_b_s;
      j["ratio"] = e->ratio, j["ratio_low"] = e->low, j["ratio_high"] = e->high;
      j["se_log"] = e->se, j["df"] = std::isfinite(e->df) ? json(e->df) : json(nullptr);
      j["p"] = {{"slower", e->p_slower},          {"faster", e->p_faster},      {"same", e->p_same},
                {"slower_holm", p.p_slower_holm}, {"slower_bh", p.p_slower_bh}, {"faster_bh", p.p_faster_bh},
                {"same_bh", p.p_same_bh}};
      j["between_run_sd"] = e->between_sd, j["within_run_sd"] = e->within_sd;
      j["between_run_known"] = e->between_known;
      j["verdict"] = to_string(p.verdict);
      j["runs_to_decide"] = e->runs_to_decide ? json(*e->runs_to_decide) : json(nullptr);
    } else {
      j["verdict"] = "not_compared";
    }
    points.push_back(std::move(j));
  }
  json backends = json::array();
  for (const auto& s : c.backends)
    backends.push_back({{"backend", s.backend},
                        {"geomean_ratio", s.effect.ratio},
                        {"geomean_low", s.effect.low},
                        {"geomean_high", s.effect.high},
                        {"points", s.effect.points},
                        {"faster", s.faster},
                        {"slower", s.slower},
                        {"same", s.same},
                        {"inconclusive", s.inconclusive},
                        {"not_compared", s.not_compared}});
  json diffs = json::array();
  for (const auto& d : ctx.differences) diffs.push_back({{"what", d.what}, {"a", d.a}, {"b", d.b}});
  const auto keys = [](const std::vector<PointKey>& v) {
    json a = json::array();
    for (const auto& k : v) a.push_back(to_json(k));
    return a;
  };
  return {{"schema", "mmbench-compare"},
          {"schema_version", kCompareSchemaVersion},
          {"a", ctx.a},
          {"b", ctx.b},
          {"differences", diffs},
          {"delta", ctx.delta_text},
          {"notes", ctx.notes},
          {"alpha_one_sided", c.alpha},
          {"points", points},
          {"backends", backends},
          {"only_a", keys(c.only_a)},
          {"only_b", keys(c.only_b)},
          {"regressions", c.regressions},
          {"inconclusive", c.inconclusive},
          {"decision", compare_decision_text(c)}};
}

}  // namespace mmbench
