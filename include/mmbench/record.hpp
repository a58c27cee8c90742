// A record: the plain value one measured point produces. Parameters, status with a human reason, raw samples,
// their summary, derived rates, accuracy and per-phase times. The store keeps them; sinks only format them.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "mmbench/device.hpp"
#include "mmbench/mode.hpp"
#include "mmbench/problem.hpp"
#include "mmbench/stats.hpp"

namespace mmbench {

enum class Status { ok, noisy, unsupported, skipped, failed, wrong };
std::string_view to_string(Status s);
Status parse_status(std::string_view s);

// What identifies a point in a sweep (and in the store): the same key is measured once per run.
struct PointKey {
  std::string backend;
  Problem problem;
  Mode mode = Mode::hot;
  int threads = 0;   // requested
  std::string cpus;  // the CPUs the worker is pinned to, kernel list format ("4-7"); empty: not pinned
  bool operator==(const PointKey&) const = default;
  std::string label() const;   // "cblas:openblas f32 256x256x256", "... on cpus 4-7"
  std::string column() const;  // what tables and charts name it by: "cblas:openblas", "cblas:openblas cpus 4-7"
};

struct Record {
  PointKey key;
  Status status = Status::failed;
  std::string reason;
  std::vector<std::string> notes;  // observations beside the status (a device's clock dropped during the point...)
  int threads_used = 0;
  std::string cpus_allowed;  // the worker's Cpus_allowed_list once pinned (/proc/self/status): the pinning, checked
  std::vector<double> samples_s;         // seconds per call, one per sample (a sample may time a batch of calls)
  std::vector<double> device_samples_s;  // the same samples timed by the device's own timers, when it has them
  int64_t batch = 1;                     // calls per sample
  int cold_copies = 0;  // cold mode: sets of A and B rotated through (1: the problem alone exceeds 4x LLC)
  Summary summary;      // over samples_s
  double gflops = 0;    // from the median
  double gbs = 0;       // minimum traffic / median
  double max_rel_err = 0, mean_rel_err = 0;
  std::map<std::string, double> phases_s;  // prepare, warmup, first_call, verify, read_result...
  std::string library, version;
  DeviceIdentity device;     // where it ran (stable: matched across runs)
  DeviceState device_state;  // the device's measured state over the point (clocks, governors, ...)
  uint64_t seed = 0;
  int round = 1;  // which round of a --repeat run measured it (1..R; every record of a run without --repeat: 1)
  int64_t peak_rss_bytes = 0;       // of the worker process so far (its earlier points included), when isolated
  int worker_point = 0;             // the n-th point its worker process measured (1: a fresh process); 0: not isolated
  bool warm_start = false;          // the process had run this backend's calls before: warm-up without a minimum time
  bool first_call_sampled = false;  // phases_s.first_call is also samples_s[0] (a warm worker's steady first call)
  double wall_s = 0;                // the whole point, as the supervisor saw it
  std::string finished_at;          // ISO 8601 UTC
};

bool is_success(Status s);  // ok or noisy: a verified time exists

// The one name of a backend on a CPU set, shared by table columns and chart series so the two always agree:
// "cblas:openblas", "cblas:openblas cpus 4-7".
std::string backend_on_cpus(const std::string& backend, const std::string& cpus);

// The one way to make a record that holds no measurement: a point that failed outside measure_point (a crashed or
// hung worker) or that the runner skipped before starting it. Both stamp finished_at.
Record failed_record(const PointKey& key, std::string reason);
Record skipped_record(const PointKey& key, std::string reason);

}  // namespace mmbench

// Point keys in hash maps: a store's records are matched to their points in linear time (load_report).
template <>
struct std::hash<mmbench::PointKey> {
  size_t operator()(const mmbench::PointKey& k) const noexcept;
};
