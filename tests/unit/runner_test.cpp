// The runner without the binary: a plan measured in-process into a temporary store, watched by an observer. Every
// point becomes one stored record in order, a failing backend does not stop the others, and a second pass over
// the same plan finds nothing pending.
#include "mmbench/runner.hpp"

#include <filesystem>
#include <stdexcept>

#include <gtest/gtest.h>

using namespace mmbench;

namespace {

// Naive C = A·B: enough to pass verification (tests only).
class LoopBackend : public Backend {
 public:
  explicit LoopBackend(bool fail)
      : Backend({.name = fail ? "test:throws" : "test:loops", .library = "test", .dtypes = {DType::f64}}),
        fail_(fail) {}

 protected:
  std::optional<Unusable> do_probe(BackendFacts& found) override {
    found.version = std::string(1, '1');  // not = "1": GCC 12 warns falsely (-Wrestrict, PR 105329)
    return std::nullopt;
  }
  void do_prepare(const Problem& p, const HostMatrix& a, const HostMatrix& b, HostMatrix& c) override {
    if (fail_) throw std::runtime_error("injected");
    p_ = p, a_ = &a, b_ = &b, c_ = &c;
  }
  void do_run() override {
    for (int64_t i = 0; i < p_.m; ++i)
      for (int64_t j = 0; j < p_.n; ++j) {
        double s = 0;
        for (int64_t l = 0; l < p_.k; ++l) s += a_->at(i, l) * b_->at(l, j);
        c_->as<double>()[i * p_.n + j] = s;
      }
  }

 private:
  bool fail_;
  Problem p_;
  const HostMatrix *a_ = nullptr, *b_ = nullptr;
  HostMatrix* c_ = nullptr;
};

struct Watcher : RunObserver {
  std::vector<std::string> events;
  void started(size_t points, int64_t, const std::string&, double) override {
    events.push_back("start " + std::to_string(points));
  }
  void point_finished(size_t i, size_t n, const Record& r) override {
    // ok or noisy is the machine's business; that a verified time exists is the runner's
    const std::string what = is_success(r.status) ? "measured" : std::string(to_string(r.status));
    events.push_back(std::to_string(i) + "/" + std::to_string(n) + " " + what);
  }
};

}  // namespace

TEST(Runner, MeasuresEveryPointIntoTheStoreAndResumesNothingTwice) {
  const auto dir = std::filesystem::temp_directory_path() / ("mmbench-runner-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  Registry reg;
  reg.add({"test:loops", [] { return std::make_unique<LoopBackend>(false); }, false, false});
  reg.add({"test:throws", [] { return std::make_unique<LoopBackend>(true); }, false, false});
  Plan plan;
  plan.sweep.backends = {"test:throws", "test:loops"};
  plan.sweep.dtypes = {DType::f64};
  plan.sweep.square = {4, 8};
  plan.sweep.threads = 1;
  plan.measure.budget_s = 0.02;
  plan.backend.cl_device = "kept";
  plan.probe_roofs = false;
  Store store = Store::open((dir / "results.db").string(), true);
  Watcher w;
  Runner runner(reg, store, w);
  const auto todo = pending_points(plan, store);
  ASSERT_EQ(todo.size(), 4u);
  const RunResult res = runner.run(plan, todo, {/*isolate=*/false, "", 0});
  EXPECT_EQ(res.measured, 4u);
  EXPECT_TRUE(res.any_failed);
  EXPECT_EQ(w.events,
            (std::vector<std::string>{"start 4", "1/4 failed", "2/4 failed", "3/4 measured", "4/4 measured"}));
  const auto recs = store.records();
  ASSERT_EQ(recs.size(), 4u);
  EXPECT_EQ(recs[0].reason, "injected");
  EXPECT_EQ(recs[3].key.problem.m, 8);
  EXPECT_EQ(plan_from_json(store.last_run()->plan).backend, plan.backend);  // the plan, options and all
  EXPECT_TRUE(pending_points(plan, store).empty());
  std::filesystem::remove_all(dir);
}
