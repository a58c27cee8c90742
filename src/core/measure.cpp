// The in-process measurement of one point (the worker calls it; so does --no-isolate). Order matters: data is
// made and the backend prepared outside the timed region; the first call (lazy initialisation, JIT, thread
// start-up) is reported on its own; warm-up runs until timings settle; samples are taken until the stopping rule.
#include "mmbench/measure.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <thread>

#include <fmt/format.h>

#include "mmbench/allocator.hpp"
#include "mmbench/environment.hpp"
#include "mmbench/roofs.hpp"
#include "mmbench/stopping_rule.hpp"
#include "mmbench/verify.hpp"

namespace mmbench {
namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Cold mode's copies of A and B (index 0: the originals); each call reads the next set.
struct Rotation {
  std::vector<std::pair<const HostMatrix*, const HostMatrix*>> sets;
  size_t next = 0;
};

// Runs `calls` calls and one synchronize; returns seconds per call.
double timed_calls(Backend& be, long long calls, Rotation* rot = nullptr) {
  const bool rotate = rot && rot->sets.size() > 1;
  const auto t0 = Clock::now();
  for (long long i = 0; i < calls; ++i) {
    if (rotate) {
      const auto& [a, b] = rot->sets[rot->next++ % rot->sets.size()];
      be.set_inputs(*a, *b);
    }
    be.run();
  }
  be.synchronize();
  return seconds_since(t0) / static_cast<double>(calls);
}

void sample(Backend& be, Record& r, const MeasureOptions& opt, Rotation* rot, bool warm_process) {
  r.phases_s["first_call"] = timed_calls(be, 1, rot);
  // The budget starts after the first call: a device backend's first call compiles kernels (CLBlast on a cold
  // PoCL cache: ≈ 8.5 s) and must not eat the sampling time (the --timeout still bounds it).
  const auto t_start = Clock::now();
  // A device's first call includes kernel compilation (OpenCL) or module loading (CUDA): reported, not sampled.
  if (auto d = be.take_device_seconds()) r.phases_s["first_call_device"] = *d;
  std::vector<double> warm{r.phases_s["first_call"]};
  const auto t_warm = Clock::now();
  // Settled means: past the minimum time and the last two timings agree; a budget smaller than the minimum wins.
  // The minimum is for a fresh process (thread pools start, clocks ramp: OpenBLAS at N = 256 was bimodal without
  // it); a worker that has run this backend's calls already needs only timings that agree (issue 15).
  const double warm_min = warm_process ? 0.0 : std::min(opt.warmup_min_s, 0.25 * opt.budget_s);
  while ((seconds_since(t_warm) < warm_min || !warmup_settled(warm)) && seconds_since(t_warm) < opt.warmup_cap_s &&
         seconds_since(t_start) < opt.budget_s)
    warm.push_back(timed_calls(be, 1, rot));
  r.phases_s["warmup"] = seconds_since(t_warm);
  // Batch by the faster of the last two warm-up calls: a conservative (larger) batch for short calls.
  const double call_s = warm.size() >= 2 ? std::min(warm[warm.size() - 1], warm[warm.size() - 2]) : warm.back();
  r.batch = batch_size_for(call_s, opt.batch_target_s);
  // Warm-up calls the timings show were steady become samples rather than thrown away (at N = 4096 a call is
  // 0.5 s, a seventh of the point): the call that ended the warm-up, and in a warm worker also a first call that
  // already agreed with it. Not for a device backend: its device timer did not time those calls.
  // Two slow calls can agree, so before the rule may stop, kept calls slower than the samples after them go.
  int kept = warmup_calls_sampled(warm, r.batch, warm_process, r.phases_s.count("first_call_device") > 0);
  r.samples_s.insert(r.samples_s.end(), warm.end() - kept, warm.end());

  be.take_device_seconds();  // forget the warm-up's device time
  StopVerdict verdict = StopVerdict::keep_going;
  while (verdict == StopVerdict::keep_going) {
    r.samples_s.push_back(timed_calls(be, r.batch, rot));
    if (auto d = be.take_device_seconds()) r.device_samples_s.push_back(*d / static_cast<double>(r.batch));
    verdict = should_stop(r.samples_s, seconds_since(t_start), opt);
    if (verdict != StopVerdict::keep_going && kept > 0) {
      if (const int steady = steady_warmup_calls(r.samples_s, kept); steady < kept) {
        r.samples_s.erase(r.samples_s.begin(), r.samples_s.begin() + (kept - steady));
        kept = steady;
        verdict = should_stop(r.samples_s, seconds_since(t_start), opt);
      }
    }
  }
  // The warm-up phase counts only the calls thrown away; the first call's phase stays (it is also a sample then).
  const int warmup_kept = std::min(kept, static_cast<int>(warm.size()) - 1);
  for (int i = 0; i < warmup_kept; ++i) r.phases_s["warmup"] -= warm[warm.size() - 1 - i];
  r.first_call_sampled = kept == static_cast<int>(warm.size());
  r.summary = summarize(r.samples_s);
  if (!r.device_samples_s.empty()) r.phases_s["device_run_median"] = median_of(r.device_samples_s);
  if (verdict == StopVerdict::converged) {
    r.status = Status::ok;
  } else {
    r.status = Status::noisy;
    r.reason =
        fmt::format("{} after {} samples: median known to ±{:.1f}% (asked ±{:.1f}%)",
                    verdict == StopVerdict::budget_spent ? fmt::format("budget of {} s spent", opt.budget_s)
                    : verdict == StopVerdict::time_limit
                        ? fmt::format("stopped at the time limit of {:g} s (half the --timeout)", time_limit_s(opt))
                        : std::string("sample limit reached"),
                    r.samples_s.size(), 100 * r.summary.rel_ci_halfwidth(), 100 * opt.noise);
  }
}

}  // namespace

Record measure_point(Backend& be, const PointKey& key, const MeasureOptions& opt, bool warm_process) {
  settle_allocator();  // here too for --no-isolate; a worker settled it before loading its backend
  Record r;
  r.warm_start = warm_process;
  r.key = key;
  r.seed = opt.seed;
  const Problem& p = key.problem;
  try {
    r.library = be.description().library;
    const auto unusable = be.probe();
    r.version = be.facts().version;  // what probing learnt, once: a late version comes with the point's report
    r.device = be.facts().device;
    if (unusable) {
      r.status = Status::unsupported;
      r.reason = "not available: " + unusable->text;
      return r;
    }
    // The declared dtypes first (a backend's own rules may assume them), then its shape rules, then the mode.
    if (auto why = be.unsupported_reason(p, key.mode)) {
      r.status = Status::unsupported;
      r.reason = *why;
      return r;
    }
    be.set_mode(key.mode);
    r.threads_used = be.set_threads(key.threads > 0 ? key.threads : hardware_threads());

    const auto t0 = Clock::now();
    HostMatrix a(p.m, p.k, host_input_storage(p.dtype)), b(p.k, p.n, host_b_storage(p.dtype));
    HostMatrix c(p.m, p.n, host_output_storage(p.dtype));
    // A and B have streams of their own (seed, seed + 1): generated side by side, the same values in less time
    // (issue 15: inputs took 21 s of the seed preset's 171 s; N = 4096 went from 1.11 to 0.74 s).
    {
      std::jthread fill_b([&] { b.fill_random(opt.seed + 1); });  // joined at the brace, whatever happens to A
      a.fill_random(opt.seed);
    }
    // NaN, not zero: a backend that never writes C must fail verification, not pass on a lucky buffer.
    if (c.storage() == DType::f32)
      std::fill_n(c.as<float>(), p.m * p.n, std::numeric_limits<float>::quiet_NaN());
    else
      std::fill_n(c.as<double>(), p.m * p.n, std::numeric_limits<double>::quiet_NaN());
    r.phases_s["generate"] = seconds_since(t0);

    const auto t1 = Clock::now();
    be.prepare(p, a, b, c);
    r.phases_s["prepare"] = seconds_since(t1);

    // Cold: enough copies of A and B that one round through them exceeds 4x the last-level cache, so every call
    // reads its inputs from DRAM (ruy's approach); a problem that large on its own needs none.
    Rotation rot;
    std::vector<HostMatrix> copies;
    rot.sets.emplace_back(&a, &b);
    if (key.mode == Mode::cold && be.own_cold_copies() > 0) {
      r.cold_copies = be.own_cold_copies();  // device-side copies: host copies would only waste host memory
    } else if (key.mode == Mode::cold) {
      const double ab = static_cast<double>(a.size_bytes() + b.size_bytes());
      // At most 1024 sets: a tiny problem would otherwise need millions of copies; it then is only partly cold,
      // and the record says so.
      constexpr size_t kMaxSets = 1024;
      const double want = 4 * last_level_cache_bytes();
      const size_t n = std::min(kMaxSets, static_cast<size_t>(std::ceil(want / std::max(ab, 1.0))));
      if (static_cast<double>(n) * ab < want)
        r.notes.push_back(
            fmt::format("cold mode: {} copies of A and B hold {:.1f} MiB, less than 4x the last-level "
                        "cache ({:.0f} MiB): small inputs may still be served from cache",
                        n, n * ab / 1048576, want / 1048576));
      copies.reserve(2 * n);
      for (size_t i = 1; i < n; ++i) {
        copies.emplace_back(a.rows(), a.cols(), a.storage());
        std::memcpy(copies.back().data(), a.data(), a.size_bytes());
        copies.emplace_back(b.rows(), b.cols(), b.storage());
        std::memcpy(copies.back().data(), b.data(), b.size_bytes());
        rot.sets.emplace_back(&copies[copies.size() - 2], &copies.back());
      }
      r.cold_copies = static_cast<int>(rot.sets.size());
    }
    sample(be, r, opt, &rot, warm_process);
    r.gflops = p.flops() / r.summary.median * 1e-9;
    r.gbs = p.bytes() / r.summary.median * 1e-9;

    const auto t2 = Clock::now();
    be.read_result();
    r.phases_s["read_result"] = seconds_since(t2);
    // What the backend saw over the point: its own phases, notes, the device's state, a version learnt late.
    PointReport rep = be.report();
    for (const auto& [name, secs] : rep.phases_s) r.phases_s[name] = secs;
    for (auto& note : rep.notes) r.notes.push_back(std::move(note));
    r.device_state = std::move(rep.device_state);
    if (!rep.version.empty()) r.version = std::move(rep.version);

    const auto t3 = Clock::now();
    const VerifyResult v = verify(p, a, b, c, opt.seed);
    r.phases_s["verify"] = seconds_since(t3);
    r.max_rel_err = v.max_rel_err;
    r.mean_rel_err = v.mean_rel_err;
    if (!v.passed) {
      r.status = Status::wrong;
      r.reason = v.reason;
    }
    be.release();
  } catch (const std::exception& e) {
    r.status = Status::failed;
    r.reason = e.what();
    try {
      be.release();
    } catch (...) {
    }
  }
  r.finished_at = utc_now_iso();
  return r;
}

}  // namespace mmbench
