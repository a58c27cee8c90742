// Test doubles: backend `test:fault`, a correct naive f32/f64 multiplication that misbehaves at chosen sizes so the
// end-to-end tests can check isolation. MMBENCH_FAULT="crash@24,hang@40,wrong@32,abort@48,zero@56,throw@64,exit@72"
// (size = M). And `test:paced`, the same multiplication whose call lasts a set time (MMBENCH_PACE_US microseconds
// times MMBENCH_PACE_FACTOR), so `mmbench compare` can be tested on a known change. Loaded only through
// MMBENCH_TEST_PLUGIN; never listed and never part of the product.
#include <sys/prctl.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <thread>

#include "mmbench/registry.hpp"

namespace {

using namespace mmbench;

std::string fault_for(int64_t m) {
  const char* env = std::getenv("MMBENCH_FAULT");
  if (!env) return {};
  // append, not "@" + string: GCC 12 warns falsely (-Wrestrict) on inserting a literal at the front of a temporary
  const std::string spec = env, tag = std::string("@").append(std::to_string(m));
  size_t start = 0;
  while (start <= spec.size()) {
    size_t comma = spec.find(',', start);
    if (comma == std::string::npos) comma = spec.size();
    const std::string item = spec.substr(start, comma - start);
    const size_t at = item.find('@');
    if (at != std::string::npos && item.substr(at) == tag) return item.substr(0, at);
    start = comma + 1;
  }
  return {};
}

class FaultBackend : public Backend {
 public:
  FaultBackend() : Backend({.name = "test:fault", .library = "test double", .dtypes = {DType::f64, DType::f32}}) {}
  explicit FaultBackend(BackendDescription info) : Backend(std::move(info)) {}

 protected:
  std::optional<Unusable> do_probe(BackendFacts& found) override {
    found.version = "0";
    return std::nullopt;
  }
  void do_prepare(const Problem& p, const HostMatrix& a, const HostMatrix& b, HostMatrix& c) override {
    p_ = p, a_ = &a, b_ = &b, c_ = &c;
    fault_ = fault_for(p.m);
    if (fault_ == "throw") throw std::runtime_error("injected failure in prepare");
  }
  void do_run() override {
    if (fault_ == "crash") std::raise(SIGSEGV);
    if (fault_ == "abort") std::abort();
    if (fault_ == "exit") _exit(3);
    if (fault_ == "hang")
      for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
    if (fault_ == "slow") std::this_thread::sleep_for(std::chrono::milliseconds(300));
    for (int64_t i = 0; i < p_.m; ++i)
      for (int64_t j = 0; j < p_.n; ++j) {
        double s = 0;
        for (int64_t l = 0; l < p_.k; ++l) s += a_->at(i, l) * b_->at(l, j);
        if (fault_ == "zero") s = 0;
        if (fault_ == "wrong" && i == p_.m / 2 && j == p_.n / 2) s += 1.0;  // one entry off: Freivalds must see it
        if (c_->storage() == DType::f64)
          c_->as<double>()[i * p_.n + j] = s;
        else
          c_->as<float>()[i * p_.n + j] = static_cast<float>(s);
      }
  }

 private:
  Problem p_;
  const HostMatrix* a_ = nullptr;
  const HostMatrix* b_ = nullptr;
  HostMatrix* c_ = nullptr;
  std::string fault_;
};

// Each call computes C and then waits until its set time has passed: a speed that is a parameter. The wait sleeps
// to shortly before the end and spins the rest. Spinning all of it (as this double did) let a busy neighbour on a
// 2-core machine preempt the spin past its end, by a time slice, in some calls and not others: noise the timing
// tests then rightly called inconclusive. A sleeper gives its core away and, woken, is scheduled ahead of the
// neighbour; the last stretch is spun so the wake-up's own delay is absorbed (issue 27).
class PacedBackend final : public FaultBackend {
 public:
  PacedBackend() : FaultBackend({.name = "test:paced", .library = "test double", .dtypes = {DType::f64, DType::f32}}) {
    const char* us = std::getenv("MMBENCH_PACE_US");
    const char* factor = std::getenv("MMBENCH_PACE_FACTOR");
    call_ =
        std::chrono::duration<double, std::micro>((us ? std::atof(us) : 200.0) * (factor ? std::atof(factor) : 1.0));
    prctl(PR_SET_TIMERSLACK, 1UL);  // wake when asked, not up to 50 us later
  }

 protected:
  void do_run() override {
    const auto until = std::chrono::steady_clock::now() + call_;
    FaultBackend::do_run();
    constexpr auto kSpun = std::chrono::microseconds(120);
    if (const auto wake = until - kSpun; std::chrono::steady_clock::now() < wake) std::this_thread::sleep_until(wake);
    while (std::chrono::steady_clock::now() < until) {
    }
  }

 private:
  std::chrono::duration<double, std::micro> call_{};
};

}  // namespace

extern "C" void mmbench_register_test_backends(mmbench::Registry& r) {
  r.add({"test:fault", [] { return std::unique_ptr<Backend>(new FaultBackend()); }, false, false});
  r.add({"test:paced", [] { return std::unique_ptr<Backend>(new PacedBackend()); }, false, false});
}
