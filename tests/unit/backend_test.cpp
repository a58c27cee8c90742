// The base class's half of the backend interface: whatever a backend's hooks do, the declared dtypes are checked
// before its own rules, a mode it does not offer is refused, it is probed once, and nothing runs when unusable.
#include "mmbench/backend.hpp"

#include <gtest/gtest.h>

#include "mmbench/error.hpp"

using namespace mmbench;

namespace {

// Counts its hooks' calls; its own rule would crash on a dtype it does not declare (as cuBLAS's once assumed).
class Counting final : public Backend {
 public:
  explicit Counting(std::optional<Unusable> unusable = std::nullopt)
      : Backend({.name = "test:counting", .library = "test", .dtypes = {DType::f64}, .modes = {Mode::hot, Mode::e2e}}),
        unusable_(std::move(unusable)) {}
  int probes = 0, prepares = 0, roofs = 0;
  mutable int rules = 0;
  Mode mode = Mode::hot;

 protected:
  std::optional<Unusable> do_probe(BackendFacts& found) override {
    ++probes;
    found.version = "1." + std::to_string(probes);
    found.device = {.kind = DeviceKind::gpu, .vendor = "Test", .name = "Counter", .id = "0"};
    return unusable_;
  }
  std::optional<std::string> do_unsupported_reason(const Problem& p) const override {
    ++rules;
    if (p.dtype != DType::f64) throw Error("a rule asked about a dtype the description does not offer");
    if (p.n % 4) return std::string("N must be a multiple of 4");
    return std::nullopt;
  }
  void do_set_mode(Mode m) override { mode = m; }
  void do_prepare(const Problem&, const HostMatrix&, const HostMatrix&, HostMatrix&) override { ++prepares; }
  void do_run() override {}
  std::optional<DeviceRoof> do_device_roof() override {
    ++roofs;
    return DeviceRoof{"Counter", 1, 0, "test"};
  }

 private:
  std::optional<Unusable> unusable_;
};

}  // namespace

TEST(Backend, DeclaredDtypesAreCheckedBeforeTheBackendsOwnRules) {
  Counting be;
  EXPECT_EQ(be.unsupported_reason({8, 8, 8, DType::f32}), "dtype f32 not offered (offers: f64)");
  EXPECT_EQ(be.rules, 0) << "the backend's rules were asked about an undeclared dtype";
  EXPECT_EQ(be.unsupported_reason({8, 6, 8, DType::f64}), "N must be a multiple of 4");
  EXPECT_EQ(be.unsupported_reason({8, 8, 8, DType::f64}), std::nullopt);
  EXPECT_EQ(be.rules, 2);
}

TEST(Backend, ModesAreCheckedByTheBase) {
  Counting be;
  EXPECT_EQ(be.unsupported_reason({8, 8, 8, DType::f64}, Mode::cold), "mode cold not offered (offers: hot, e2e)");
  EXPECT_EQ(be.unsupported_reason({8, 8, 8, DType::f64}, Mode::e2e), std::nullopt);
  EXPECT_THROW(be.set_mode(Mode::cold), Error);
  EXPECT_EQ(be.mode, Mode::hot) << "a refused mode reached the backend";
  be.set_mode(Mode::e2e);
  EXPECT_EQ(be.mode, Mode::e2e);
}

TEST(Backend, ProbesOnceAndKeepsWhatItLearnt) {
  Counting be;
  EXPECT_TRUE(be.facts().version.empty()) << "nothing is known before the probe";
  EXPECT_EQ(be.probe(), std::nullopt);
  EXPECT_EQ(be.probe(), std::nullopt);
  HostMatrix a(2, 2, DType::f64), b(2, 2, DType::f64), c(2, 2, DType::f64);
  be.prepare({2, 2, 2, DType::f64}, a, b, c);
  ASSERT_TRUE(be.device_roof());
  EXPECT_EQ(be.probes, 1);
  EXPECT_EQ(be.facts().version, "1.1");
  EXPECT_EQ(be.facts().device, (DeviceIdentity{DeviceKind::gpu, "Test", "Counter", "0"}));
  be.configure({});  // other options: asked again
  EXPECT_EQ(be.probe(), std::nullopt);
  EXPECT_EQ(be.probes, 2);
}

TEST(Backend, AnUnusableBackendNeverPreparesNorMeasuresItsDevice) {
  Counting be(Unusable{ProbeCode::no_device, "no counter here"});
  const auto why = be.probe();
  ASSERT_TRUE(why);
  EXPECT_EQ(why->code, ProbeCode::no_device);
  EXPECT_EQ(why->text, "no counter here");
  EXPECT_EQ(be.facts().device.kind, DeviceKind::gpu) << "what the probe learnt before failing is kept";
  HostMatrix a(2, 2, DType::f64), b(2, 2, DType::f64), c(2, 2, DType::f64);
  EXPECT_THROW(be.prepare({2, 2, 2, DType::f64}, a, b, c), Error);
  EXPECT_FALSE(be.device_roof());
  EXPECT_EQ(be.prepares, 0);
  EXPECT_EQ(be.roofs, 0);
  EXPECT_EQ(be.probes, 1);
  EXPECT_EQ(to_string(ProbeCode::no_matching_device), "no_matching_device");
}
