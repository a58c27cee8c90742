// JSON conversion of records, point keys and options: the worker protocol, the store's record column and the
// JSON sink all use these, so a field added here appears everywhere at once.
#include "mmbench/record_json.hpp"

#include <fmt/format.h>

#include "json_numbers.hpp"
#include "mmbench/cpu_set.hpp"
#include "mmbench/error.hpp"

namespace mmbench {

using json_numbers::whole;
using json_numbers::whole_or;
using nlohmann::json;

json to_json(const DeviceIdentity& d) {
  return {{"kind", to_string(d.kind)}, {"vendor", d.vendor}, {"name", d.name}, {"id", d.id}};
}

DeviceIdentity device_identity_from_json(const json& j) {
  DeviceIdentity d;
  d.kind = parse_device_kind(j.value("kind", "host"));
  d.vendor = j.value("vendor", "");
  d.name = j.value("name", "");
  d.id = j.value("id", "");
  return d;
}

json to_json(const DeviceState& s) {
  json j = json::object();
  for (const auto& [name, r] : s)
    j[name] = r.text.empty() ? json{{"value", r.value}, {"unit", r.unit}} : json{{"text", r.text}};
  return j;
}

DeviceState device_state_from_json(const json& j) {
  DeviceState s;
  if (!j.is_object()) return s;
  for (const auto& [name, v] : j.items())
    s[name] =
        v.contains("text") ? reading_text(v.value("text", "")) : reading(v.value("value", 0.0), v.value("unit", ""));
  return s;
}

json to_json(const PointKey& k) {
  json j{{"backend", k.backend}, {"dtype", to_string(k.problem.dtype)}, {"m", k.problem.m},    {"n", k.problem.n},
         {"k", k.problem.k},     {"mode", to_string(k.mode)},           {"threads", k.threads}};
  // Only when pinned: a key of an unpinned point reads the same as before pinning existed (--resume matches keys).
  if (!k.cpus.empty()) j["cpus"] = k.cpus;
  return j;
}

PointKey point_key_from_json(const json& j) {
  PointKey k;
  k.backend = j.at("backend").get<std::string>();
  k.problem = {whole<int64_t>(j.at("m"), "m"), whole<int64_t>(j.at("n"), "n"), whole<int64_t>(j.at("k"), "k"),
               parse_dtype(j.at("dtype").get<std::string>())};
  k.mode = parse_mode(j.value("mode", "hot"));
  k.threads = whole_or(j, "threads", 0);
  k.cpus = j.value("cpus", std::string());
  if (!k.cpus.empty() && !parse_kernel_cpu_list(k.cpus)) throw Error("cpus '" + k.cpus + "' is not a CPU list");
  return k;
}

json to_json(const Record& r) {
  json j = to_json(r.key);
  const Summary& s = r.summary;
  j.update({{"status", to_string(r.status)},
            {"reason", r.reason},
            {"threads_used", r.threads_used},
            {"cpus_allowed", r.cpus_allowed},
            {"median_s", s.median},
            {"min_s", s.min},
            {"samples", s.n},
            {"gflops", r.gflops},
            {"gbs", r.gbs},
            {"max_rel_err", r.max_rel_err},
            {"mean_rel_err", r.mean_rel_err},
            {"flops", r.key.problem.flops()},
            {"min_bytes", r.key.problem.bytes()},
            {"summary",
             {{"n", s.n},
              {"median_s", s.median},
              {"min_s", s.min},
              {"max_s", s.max},
              {"mean_s", s.mean},
              {"stdev_s", s.stdev},
              {"mad_s", s.mad},
              {"ci95_low_s", s.ci_low},
              {"ci95_high_s", s.ci_high},
              {"ci_coverage", s.ci_coverage}}},
            {"batch", r.batch},
            {"sample_times_s", r.samples_s},
            {"notes", r.notes},
            {"cold_copies", r.cold_copies},
            {"device_sample_times_s", r.device_samples_s},
            {"phases_s", r.phases_s},
            {"library", r.library},
            {"version", r.version},
            {"device", to_json(r.device)},
            {"device_state", to_json(r.device_state)},
            {"seed", r.seed},
            {"round", r.round},
            {"peak_rss_bytes", r.peak_rss_bytes},
            {"wall_s", r.wall_s},
            {"finished_at", r.finished_at}});
  if (r.worker_point > 0) j["worker_point"] = r.worker_point;
  if (r.warm_start) j["warm_start"] = true;
  if (r.first_call_sampled) j["first_call_sampled"] = true;
  return j;
}

Record record_from_json(const json& j) {
  Record r;
  r.key = point_key_from_json(j);
  r.status = parse_status(j.at("status").get<std::string>());
  r.reason = j.value("reason", "");
  r.threads_used = whole_or(j, "threads_used", 0);
  r.cpus_allowed = j.value("cpus_allowed", std::string());
  r.samples_s = j.value("sample_times_s", std::vector<double>{});
  r.notes = j.value("notes", std::vector<std::string>{});
  r.cold_copies = whole_or(j, "cold_copies", 0);
  r.device_samples_s = j.value("device_sample_times_s", std::vector<double>{});
  r.batch = whole_or(j, "batch", int64_t{1});
  r.summary = summarize(r.samples_s);
  r.gflops = j.value("gflops", 0.0);
  r.gbs = j.value("gbs", 0.0);
  r.max_rel_err = j.value("max_rel_err", 0.0);
  r.mean_rel_err = j.value("mean_rel_err", 0.0);
  r.phases_s = j.value("phases_s", std::map<std::string, double>{});
  r.library = j.value("library", "");
  r.version = j.value("version", "");
  if (const auto d = j.find("device"); d != j.end() && d->is_string())  // schema 1: one string
    device_from_legacy_text(r.key.backend, d->get<std::string>(), r.device, r.device_state);
  else if (d != j.end() && d->is_object()) {
    r.device = device_identity_from_json(*d);
    r.device_state = device_state_from_json(j.value("device_state", json::object()));
  }
  r.seed = whole_or(j, "seed", uint64_t{0});
  r.round = whole_or(j, "round", 1);
  r.peak_rss_bytes = whole_or(j, "peak_rss_bytes", int64_t{0});
  r.wall_s = j.value("wall_s", 0.0);
  r.worker_point = whole_or(j, "worker_point", 0);
  r.warm_start = j.value("warm_start", false);
  r.first_call_sampled = j.value("first_call_sampled", false);
  r.finished_at = j.value("finished_at", "");
  return r;
}

json to_json(const MeasureOptions& o) {
  return {{"noise", o.noise},
          {"budget_s", o.budget_s},
          {"min_samples", o.min_samples},
          {"max_samples", o.max_samples},
          {"warmup_min_s", o.warmup_min_s},
          {"warmup_cap_s", o.warmup_cap_s},
          {"batch_target_s", o.batch_target_s},
          {"timeout_s", o.timeout_s},
          {"seed", o.seed}};
}

MeasureOptions measure_options_from_json(const json& j) {
  MeasureOptions o;
  o.noise = j.value("noise", o.noise);
  o.budget_s = j.value("budget_s", o.budget_s);
  o.min_samples = whole_or(j, "min_samples", o.min_samples);
  o.max_samples = whole_or(j, "max_samples", o.max_samples);
  o.warmup_min_s = j.value("warmup_min_s", o.warmup_min_s);
  o.warmup_cap_s = j.value("warmup_cap_s", o.warmup_cap_s);
  o.batch_target_s = j.value("batch_target_s", o.batch_target_s);
  o.timeout_s = j.value("timeout_s", o.timeout_s);
  o.seed = whole_or(j, "seed", o.seed);
  return o;
}

}  // namespace mmbench
