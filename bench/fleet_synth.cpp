// Writes a synthetic fleet into a store, for bench/fleet_store.sh: M machines x R runs x P points (P/4 sizes of four
// backends), each record with 20 samples drawn around a time that grows as N^3, through the same Store API the
// commands use (one transaction per run). Synthetic on purpose: it measures the store and the commands that read
// it, not a library, so no record here is a measurement of anything.
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include <fmt/format.h>

#include "mmbench/stats.hpp"
#include "mmbench/store.hpp"
#include "mmbench/store_url.hpp"

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: fleet_synth STORE_URL MACHINES RUNS_PER_MACHINE POINTS_PER_RUN\n");
    return 2;
  }
  using namespace mmbench;
  const int machines = std::atoi(argv[2]), runs = std::atoi(argv[3]), points = std::atoi(argv[4]);
  Store store = Store::open(parse_store_url(argv[1]), true);
  std::mt19937_64 rng(7);
  std::lognormal_distribution<double> noise(0.0, 0.02);
  const char* backends[] = {"cblas:openblas", "cblas:blis", "eigen", "onednn"};
  for (int m = 0; m < machines; ++m)
    for (int r = 0; r < runs; ++r) {
      const std::string label = fmt::format("board-{:02}", m);
      const nlohmann::json env = {
          {"started_at", fmt::format("2026-11-{:02}T{:02}:00:00Z", 1 + r, m)},
          {"hostname", label},
          {"cpu_model", "Synthetic CPU"},
          {"logical_cpus", 8},
          {"machine",
           {{"id", fmt::format("00000000-0000-4000-8000-{:012}", m)}, {"label", label}, {"fingerprint", "synthetic"}}}};
      const int64_t run = store.begin_run({{"spec", {{"synthetic", true}}}}, env, {});
      std::vector<Record> recs;
      for (int p = 0; p < points; ++p) {
        Record rec;
        const int64_t n = 8 * (1 + p / 4);
        rec.key = {backends[p % 4], {n, n, n, DType::f32}, Mode::hot, 8};
        rec.status = Status::ok;
        const double t = 2.0 * static_cast<double>(n * n * n) / (20e9 * (1 + m % 5 * 0.1));
        for (int s = 0; s < 20; ++s) rec.samples_s.push_back(t * noise(rng));
        rec.summary = summarize(rec.samples_s);
        rec.gflops = 2.0 * static_cast<double>(n * n * n) / rec.summary.median / 1e9;
        rec.library = "synthetic", rec.version = "1";
        rec.finished_at = env["started_at"];
        recs.push_back(std::move(rec));
      }
      store.add_all(run, recs);
    }
  std::printf("%d machines x %d runs x %d points = %d records into %s\n", machines, runs, points,
              machines * runs * points, store.path().c_str());
  return 0;
}
