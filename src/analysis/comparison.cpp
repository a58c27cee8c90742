// Matching two sides' records point by point and turning each point's runs into an effect and a verdict
// (compare_stats.hpp does the statistics), corrected across the sweep: Holm for the gate (no false alarm in the
// whole sweep at 2.5%), Benjamini–Hochberg for what people read (2.5% of the confirmed changes may be false).
#include "mmbench/comparison.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "mmbench/error.hpp"
#include "mmbench/stats.hpp"

namespace mmbench {
namespace {

// Worse statuses rank higher: a side's status is its worst replicate's.
int badness(Status s) {
  switch (s) {
    case Status::ok:
      return 0;
    case Status::noisy:
      return 1;
    case Status::skipped:
      return 2;
    case Status::unsupported:
      return 3;
    case Status::failed:
      return 4;
    case Status::wrong:
      return 5;
  }
  return 5;
}

bool timed(const Record& r) {
  return is_success(r.status) && !r.samples_s.empty();
}

// A side's records by point, in order of first appearance; one record per round (the last stored wins).
struct PointRuns {
  PointKey key;
  std::map<int, const Record*> rounds;
};
std::vector<PointRuns> by_point(const std::vector<Record>& records) {
  std::vector<PointRuns> out;
  std::unordered_map<PointKey, size_t> index;
  for (const auto& r : records) {
    auto [it, fresh] = index.try_emplace(r.key, out.size());
    if (fresh) out.push_back({r.key, {}});
    out[it->second].rounds[r.round] = &r;
  }
  return out;
}

Replicates replicates_of(const PointRuns& p) {
  Replicates rep;
  for (const auto& [round, r] : p.rounds)
    if (timed(*r)) rep.runs.push_back(r->samples_s);
  return rep;
}

// The side's time as the ratio sees it: the geometric mean of its runs' medians (so A, B and B/A always agree).
double geomean_of_run_medians(const Replicates& rep) {
  double sum = 0;
  for (const auto& run : rep.runs) sum += std::log(median_of(run));
  return rep.runs.empty() ? 0.0 : std::exp(sum / static_cast<double>(rep.runs.size()));
}

std::string calibration_key(const std::string& backend, DType d, const std::string& range) {
  return backend + "|" + std::string(to_string(d)) + "|" + range;
}

std::string text_of(const nlohmann::json& v) {
  if (v.is_null()) return "-";
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

// The geometric mean of a backend's ratios with an interval that counts runs: one round drifts every point it
// measures alike, so averaging points' own intervals as if independent would be far too narrow (a simulation of
// 20 points sharing their rounds' drift covered 62%). Each round's geometric mean over the points is one
// replicate, compared as a point is. Points missing a round on either side are left out; with one round per side
// there is nothing to count, and the points' effects are combined as independent.
GeoMeanEffect backend_geomean(const std::vector<const PointRuns*>& a, const std::vector<const PointRuns*>& b,
                              const std::vector<Effect>& effects, double level) {
  const auto rounds = [](const std::vector<const PointRuns*>& side) {
    std::set<int> common;
    for (size_t i = 0; i < side.size(); ++i) {
      std::set<int> mine;
      for (const auto& [round, r] : side[i]->rounds)
        if (timed(*r)) mine.insert(round);
      if (i == 0) common = mine;
      std::erase_if(common, [&](int r) { return !mine.count(r); });
    }
    return common;
  };
  const std::set<int> ra = rounds(a), rb = rounds(b);
  if (ra.size() + rb.size() < 3) return geometric_mean_effect(effects, level);
  const auto per_round = [](const std::vector<const PointRuns*>& side, const std::set<int>& common) {
    Replicates rep;
    for (int round : common) {
      double sum = 0;
      for (const auto* p : side) sum += std::log(median_of(p->rounds.at(round)->samples_s));
      rep.runs.push_back({std::exp(sum / static_cast<double>(side.size()))});
    }
    return rep;
  };
  const Effect e = estimate_effect(per_round(a, ra), per_round(b, rb), 0.0, std::nullopt, level);
  return {e.ratio, e.low, e.high, a.size()};
}

}  // namespace

std::string size_range(const Problem& p) {
  const int64_t d = std::max({p.m, p.n, p.k});
  return d < 512 ? "small" : d < 2048 ? "medium" : "large";
}

std::optional<double> NoiseCalibration::lookup(const PointKey& k) const {
  const auto it = sd.find(calibration_key(k.backend, k.problem.dtype, size_range(k.problem)));
  if (it == sd.end()) return std::nullopt;
  return it->second;
}

std::string machine_key(const nlohmann::json& env) {
  // Runs since machine identities (machine.hpp): the hardware fingerprint, whatever the host or label is called.
  if (env.contains("machine") && env["machine"].contains("fingerprint"))
    return "hardware " + env["machine"]["fingerprint"].get<std::string>();
  return fmt::format("{} | {} | {} CPUs", env.value("hostname", std::string("?")),
                     env.value("cpu_model", std::string("?")), env.value("logical_cpus", 0));
}

nlohmann::json to_json(const NoiseCalibration& c) {
  return {{"machine", c.machine},
          {"created_at", c.created_at},
          {"source", c.source},
          {"runs", c.runs},
          {"run_to_run_sd", c.sd}};
}

NoiseCalibration noise_calibration_from_json(const nlohmann::json& j) {
  try {
    NoiseCalibration c;
    c.machine = j.at("machine").get<std::string>();
    c.created_at = j.value("created_at", std::string());
    c.source = j.value("source", std::string());
    c.runs = j.value("runs", 0);
    c.sd = j.at("run_to_run_sd").get<std::map<std::string, double>>();
    return c;
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("not an mmbench calibration: ") + e.what());
  }
}

NoiseCalibration calibrate_noise(const std::vector<Record>& records) {
  std::map<std::string, std::vector<double>> variances;
  NoiseCalibration c;
  for (const auto& p : by_point(records)) {
    const Replicates rep = replicates_of(p);
    if (rep.runs.size() < 2) continue;
    // The between-run part of the rounds' spread, as estimate_effect splits it (the within-run part of a later
    // comparison comes from its own samples): the point compared with itself.
    const double between = estimate_effect(rep, rep, 0.02).between_sd;
    variances[calibration_key(p.key.backend, p.key.problem.dtype, size_range(p.key.problem))].push_back(between *
                                                                                                        between);
    const int n = static_cast<int>(rep.runs.size());
    c.runs = c.runs == 0 ? n : std::min(c.runs, n);
  }
  if (variances.empty())
    throw UsageError("no point has two or more verified rounds: calibrate needs a run made with --repeat 3 or more");
  for (const auto& [key, v] : variances) {
    double mean = 0;
    for (double x : v) mean += x / static_cast<double>(v.size());
    c.sd[key] = std::sqrt(mean);
  }
  return c;
}

RunComparison compare_records(const std::vector<Record>& a, const std::vector<Record>& b, const CompareOptions& o) {
  RunComparison out;
  const auto pa = by_point(a), pb = by_point(b);
  std::unordered_map<PointKey, size_t> in_b;
  for (size_t i = 0; i < pb.size(); ++i) in_b.emplace(pb[i].key, i);
  std::vector<bool> matched_b(pb.size(), false);
  for (const auto& p : pa) {
    const auto it = in_b.find(p.key);
    if (it == in_b.end()) {
      out.only_a.push_back(p.key);
      continue;
    }
    matched_b[it->second] = true;
    const PointRuns& q = pb[it->second];
    PointComparison c;
    c.key = p.key;
    for (const auto& [round, r] : p.rounds)
      if (badness(r->status) > badness(c.status_a)) c.status_a = r->status;
    for (const auto& [round, r] : q.rounds)
      if (badness(r->status) > badness(c.status_b)) c.status_b = r->status;
    const Replicates ra = replicates_of(p), rb = replicates_of(q);
    c.runs_a = static_cast<int>(ra.runs.size());
    c.runs_b = static_cast<int>(rb.runs.size());
    c.status_regression = c.runs_a > 0 && (c.status_b == Status::wrong || c.status_b == Status::failed);
    const std::optional<double> cal = o.calibration ? o.calibration->lookup(p.key) : std::nullopt;
    c.delta = std::max(o.delta_floor, cal.value_or(0.0));
    c.delta_source = cal && *cal > o.delta_floor ? "calibrated" : "floor";
    if (c.runs_a > 0 && c.runs_b > 0) {
      c.median_a_s = geomean_of_run_medians(ra);
      c.median_b_s = geomean_of_run_medians(rb);
      c.effect = estimate_effect(ra, rb, c.delta, cal, o.level);
      out.between_run_noise_unknown = out.between_run_noise_unknown || !c.effect->between_known;
    }
    out.points.push_back(std::move(c));
  }
  for (size_t i = 0; i < pb.size(); ++i)
    if (!matched_b[i]) out.only_b.push_back(pb[i].key);

  // Corrections over the compared points (those with an effect): one family per question.
  std::vector<size_t> idx;
  std::vector<double> ps, pf, pe;
  for (size_t i = 0; i < out.points.size(); ++i)
    if (const auto& e = out.points[i].effect) {
      idx.push_back(i);
      ps.push_back(e->p_slower), pf.push_back(e->p_faster), pe.push_back(e->p_same);
    }
  const auto ps_holm = holm(ps), ps_bh = benjamini_hochberg(ps), pf_bh = benjamini_hochberg(pf),
             pe_bh = benjamini_hochberg(pe);
  for (size_t j = 0; j < idx.size(); ++j) {
    PointComparison& c = out.points[idx[j]];
    c.p_slower_holm = ps_holm[j], c.p_slower_bh = ps_bh[j], c.p_faster_bh = pf_bh[j], c.p_same_bh = pe_bh[j];
    c.verdict = verdict_of(c.p_slower_bh, c.p_faster_bh, c.p_same_bh, out.alpha);
  }
  for (auto& c : out.points) {
    c.confirmed_regression = c.status_regression || (c.effect && c.p_slower_holm < out.alpha);
    out.regressions += c.confirmed_regression ? 1 : 0;
    out.inconclusive += c.effect && c.verdict == Verdict::inconclusive ? 1 : 0;
  }

  // Per backend: the geometric mean of its points' ratios, and how many points fell under each verdict.
  std::map<std::string, size_t> at;
  for (const auto& c : out.points) {
    auto [it, fresh] = at.try_emplace(c.key.backend, out.backends.size());
    if (fresh) out.backends.push_back({c.key.backend, {}});
    BackendComparison& s = out.backends[it->second];
    if (!c.effect) {
      ++s.not_compared;
      continue;
    }
    switch (c.verdict) {
      case Verdict::faster:
        ++s.faster;
        break;
      case Verdict::slower:
        ++s.slower;
        break;
      case Verdict::same:
        ++s.same;
        break;
      case Verdict::inconclusive:
        ++s.inconclusive;
        break;
    }
  }
  std::unordered_map<PointKey, const PointRuns*> runs_a, runs_b;
  for (const auto& p : pa) runs_a.emplace(p.key, &p);
  for (const auto& p : pb) runs_b.emplace(p.key, &p);
  for (auto& s : out.backends) {
    std::vector<Effect> effects;
    std::vector<const PointRuns*> sa, sb;
    for (const auto& c : out.points)
      if (c.key.backend == s.backend && c.effect)
        effects.push_back(*c.effect), sa.push_back(runs_a.at(c.key)), sb.push_back(runs_b.at(c.key));
    if (!effects.empty()) s.effect = backend_geomean(sa, sb, effects, o.level);
  }
  return out;
}

std::vector<Difference> environment_differences(const nlohmann::json& env_a, const nlohmann::json& env_b,
                                                const std::vector<Record>& a, const std::vector<Record>& b,
                                                const nlohmann::json& plan_a, const nlohmann::json& plan_b) {
  std::vector<Difference> out;
  const auto field = [&](const char* what, const char* key) {
    const auto va = env_a.value(key, nlohmann::json()), vb = env_b.value(key, nlohmann::json());
    if (va != vb) out.push_back({what, text_of(va), text_of(vb)});
  };
  const auto cores = [](const nlohmann::json& env) {
    std::string s;
    if (env.contains("cpu_topology") && env["cpu_topology"].contains("clusters"))
      for (const auto& c : env["cpu_topology"]["clusters"])
        s += (s.empty() ? "" : ", ") + c.value("cpus", std::string()) + " " + c.value("core_type", std::string());
    return s.empty() ? std::string("-") : s;
  };
  const auto machine = [](const nlohmann::json& env, const char* key) {
    return env.contains("machine") ? text_of(env["machine"].value(key, nlohmann::json())) : std::string("-");
  };
  for (const char* key : {"label", "id", "fingerprint"})
    if (machine(env_a, key) != machine(env_b, key))
      out.push_back({std::string("machine ") + key, machine(env_a, key), machine(env_b, key)});
  field("host", "hostname");
  field("board", "board_model");
  field("CPU", "cpu_model");
  if (cores(env_a) != cores(env_b)) out.push_back({"cores", cores(env_a), cores(env_b)});
  field("logical CPUs", "logical_cpus");
  const auto gib = [](const nlohmann::json& env) {
    const auto v = env.value("memory_bytes", nlohmann::json());
    return v.is_number() ? fmt::format("{:.1f} GiB", v.get<double>() / (1024.0 * 1024 * 1024)) : std::string("-");
  };
  if (gib(env_a) != gib(env_b)) out.push_back({"memory", gib(env_a), gib(env_b)});
  field("OS", "os");
  field("kernel", "kernel");
  field("governor", "governor");
  field("architecture", "arch");
  field("virtual machine", "virtual_machine");
  field("compiler", "compiler");
  field("build", "build_type");
  field("mmbench", "mmbench_version");
  // Each backend's library, version and device, from the first record that names them.
  const auto software = [](const std::vector<Record>& records) {
    std::map<std::string, std::pair<std::string, std::string>> m;
    for (const auto& r : records) {
      auto& [lib, dev] = m[r.key.backend];
      if (lib.empty() && !r.library.empty()) lib = r.library + (r.version.empty() ? "" : " " + r.version);
      if (dev.empty() && !r.device.text().empty()) dev = r.device.text();
    }
    return m;
  };
  const auto sa = software(a), sb = software(b);
  for (const auto& [backend, la] : sa) {
    const auto it = sb.find(backend);
    if (it == sb.end()) continue;
    if (la.first != it->second.first) out.push_back({backend + " library", la.first, it->second.first});
    if (la.second != it->second.second) out.push_back({backend + " device", la.second, it->second.second});
  }
  const auto oa = plan_a.value("backend_options", nlohmann::json::object()),
             ob = plan_b.value("backend_options", nlohmann::json::object());
  if (oa.is_object() && ob.is_object()) {
    std::set<std::string> keys;
    for (const auto& [k, v] : oa.items()) keys.insert(k);
    for (const auto& [k, v] : ob.items()) keys.insert(k);
    for (const auto& k : keys) {
      const auto va = oa.value(k, nlohmann::json()), vb = ob.value(k, nlohmann::json());
      if (va != vb) out.push_back({"backend option " + k, text_of(va), text_of(vb)});
    }
  }
  return out;
}

}  // namespace mmbench
