// The console's view of a run: warnings always, and unless --quiet the roofs, one progress line per point with its
// outcome, the interruption and the total time.
#include "run_console.hpp"

#include <algorithm>
#include <cmath>
#include <csignal>
#include <string>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "mmbench/record.hpp"
#include "mmbench/roofs.hpp"

namespace mmbench::app {
namespace {

// "  85.31 GFLOP/s ±0.4%  ok  (23 samples, 3.1 s)" or "failed: <reason>".
std::string outcome(const Record& r) {
  if (is_success(r.status))
    return fmt::format("{:8.2f} GFLOP/s ±{:.1f}%  {}  ({} samples{}, {})", r.gflops, 100 * r.summary.rel_ci_halfwidth(),
                       to_string(r.status), r.summary.n, r.batch > 1 ? fmt::format(" of {} calls", r.batch) : "",
                       human_seconds(r.wall_s));
  return fmt::format("{}: {}", to_string(r.status), r.reason);
}

// "1:23", "1:02:05": a clock reading is easier to follow from line to line than "83.0 s".
std::string clock_time(double s) {
  const long t = std::lround(std::max(0.0, s));
  return t >= 3600 ? fmt::format("{}:{:02}:{:02}", t / 3600, t / 60 % 60, t % 60)
                   : fmt::format("{}:{:02}", t / 60, t % 60);
}

// What a person sees of a run on stderr: warnings always, progress unless --quiet.
class ConsoleObserver final : public RunObserver {
 public:
  ConsoleObserver(std::ostream& log, bool quiet, bool tty) : log_(log), quiet_(quiet), tty_(tty) {}
  void warning(const std::string& text) override { log_ << "warning: " << text << "\n"; }
  void probing_roofs() override {
    if (!quiet_) log_ << "probing this machine's roofs (FMA peak, memory bandwidth)...\n";
  }
  void roofs_measured(const Roofs& roofs) override {
    if (quiet_) return;
    log_ << fmt::format("roofs: FP32 {:.1f} GFLOP/s (FMA kernel, {} thread{}), read {:.1f} GB/s, triad {:.1f} GB/s\n",
                        roofs.fp32_peak_gflops, roofs.threads, roofs.threads == 1 ? "" : "s", roofs.read_bandwidth_gbs,
                        roofs.triad_bandwidth_gbs);
    for (const auto& c : roofs.by_cpus)
      log_ << fmt::format("roofs: cpus {}: FP32 {:.1f} GFLOP/s ({} thread{}), read {:.1f} GB/s, triad {:.1f} GB/s\n",
                          c.cpus, c.fp32_peak_gflops, c.threads, c.threads == 1 ? "" : "s", c.read_bandwidth_gbs,
                          c.triad_bandwidth_gbs);
    for (const auto& [name, d] : roofs.devices)
      log_ << fmt::format("roofs: {} on {}: memory {:.1f} GB/s ({})\n", name, d.device, d.bandwidth_gbs, d.how);
  }
  void started(size_t points, int64_t resumed_from, const std::string& store, double bound_s) override {
    log_ << fmt::format("measuring {} point{}{} into {} (about {} if each keeps to its budget)\n", points,
                        points == 1 ? "" : "s", resumed_from ? fmt::format(" missing from run {}", resumed_from) : "",
                        store, human_seconds(bound_s));
  }
  void point_started(size_t index, size_t count, const PointKey& key, const Progress& progress) override {
    if (quiet_) return;
    // "[12/40 1:23 +~2:10]": elapsed, then the expected rest (from what this run measured so far).
    const std::string eta =
        !tty_ ? std::string()
              : fmt::format(" {}{}", clock_time(progress.elapsed_s),
                            progress.remaining_s ? " +~" + clock_time(*progress.remaining_s) : std::string());
    const std::string round =
        progress.rounds > 1 ? fmt::format(" r{}/{}", progress.round, progress.rounds) : std::string();
    log_ << fmt::format("[{:>{}}/{}{}{}] {:<40} ", index, std::to_string(count).size(), count, round, eta, key.label())
         << std::flush;
  }
  void point_finished(size_t, size_t, const Record& r) override {
    if (!quiet_) log_ << outcome(r) << "\n";
  }
  void interrupted(int signal, size_t kept) override {
    log_ << fmt::format(
        "\ninterrupted ({}): {} point{} of this run kept in the store; the point in flight was dropped\n",
        signal == SIGINT ? "Ctrl-C" : fmt::format("signal {}", signal), kept, kept == 1 ? "" : "s");
  }
  void finished(double seconds) override {
    if (!quiet_) log_ << fmt::format("done in {}\n\n", human_seconds(seconds));
  }

 private:
  std::ostream& log_;
  bool quiet_, tty_;
};

}  // namespace

std::unique_ptr<RunObserver> make_console_observer(std::ostream& log, bool quiet, bool tty) {
  return std::make_unique<ConsoleObserver>(log, quiet, tty);
}

}  // namespace mmbench::app
