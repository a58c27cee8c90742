// The backend interface: what every way of multiplying matrices (a CPU library, a GPU, the NPU) provides.
// The runner owns all timing; a backend only prepares buffers, runs one C = A·B, and hands the result back.
// Public methods are not virtual: they run what every backend needs (the declared dtypes and modes checked, one
// probe before any use, its answer kept) and call a protected do_* hook, the only code a backend writes (as
// NVIDIA nvbench does). docs/adding-a-backend.md gives the contract of every hook.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mmbench/backend_options.hpp"
#include "mmbench/device.hpp"
#include "mmbench/dtype.hpp"
#include "mmbench/host_matrix.hpp"
#include "mmbench/mode.hpp"
#include "mmbench/problem.hpp"
#include "mmbench/roofs.hpp"

namespace mmbench {

// What a backend is: fixed when it is made, known without loading anything. Filled with designated initialisers:
// {.name = "eigen", .library = "Eigen", .dtypes = {DType::f64, DType::f32}, .modes = kHostModes}. Whether it is a
// contender (selected by default) is the registry's to say (BackendEntry): it decides before any backend is made.
struct BackendDescription {
  std::string name;           // "cblas:openblas"
  std::string library;        // "OpenBLAS"
  std::vector<DType> dtypes;  // what it can multiply; any other dtype is refused before the backend's own rules
  // Modes it can measure: hot (data where the library wants it, reused call after call) and, for devices,
  // e2e (every call copies A and B to the device and C back: what one isolated call costs).
  std::vector<Mode> modes{Mode::hot};
};

// The modes of a backend working on host memory: an end-to-end call is the same call (there is nothing to copy);
// cold rotates the runner's copies of A and B through set_inputs() so each call reads them from DRAM.
inline const std::vector<Mode> kHostModes{Mode::hot, Mode::e2e, Mode::cold};

// Why a backend cannot be used on this machine now. The code is for programs (a --cl-device that names nothing is
// bad input, not a run of unsupported points); the text is for people and is shown as it is.
enum class ProbeCode {
  library_missing,     // the vendor library (or our module) is not there or does not load
  no_device,           // the library is there, the hardware is not
  no_matching_device,  // devices exist, but none matches the user's choice (--cl-platform, --cl-device)
  too_old,             // the library predates what mmbench needs
  other,               // anything else: an option missing, a handle that could not be created
};
std::string_view to_string(ProbeCode c);

struct Unusable {
  ProbeCode code = ProbeCode::other;
  std::string text;  // "librknnrt.so not found (the Rockchip NPU runtime; ...)"
};

// What probing learnt on this machine, fixed from then on (what a point learns later is in its PointReport). An
// unusable backend fills it as far as it got (a GPU backend without a GPU still says its device is a GPU).
struct BackendFacts {
  std::string version;    // as the library reports it
  std::string path;       // the file the library was loaded from, when loaded at run time
  DeviceIdentity device;  // where it runs, stable across runs (no clocks, no load); the host unless said otherwise
  std::vector<std::string> devices;  // every device it could use here (`mmbench list` shows them when > 1)
};

// What a backend saw over one point, asked for once after read_result() and merged into the record.
struct PointReport {
  std::map<std::string, double> phases_s;  // phases it timed itself ("upload", "download" with device events)
  std::vector<std::string> notes;          // what a reader must see ("SM clock dropped from 1980 to 1410 MHz ...")
  DeviceState device_state;                // readings over the point, each with its unit (clocks, governors, cores)
  std::string version;                     // non-empty: the version learnt late (oneDNN's chosen implementation)
};

class Backend {
 public:
  explicit Backend(BackendDescription description) : description_(std::move(description)) {}
  virtual ~Backend() = default;
  Backend(const Backend&) = delete;
  Backend& operator=(const Backend&) = delete;

  // The plan's backend options (library file, model folder, OpenCL device), given before anything else is asked
  // (Registry::make does it): a backend reads its choices from options(), never from the environment.
  void configure(BackendOptions o);
  const BackendOptions& options() const { return options_; }

  const BackendDescription& description() const { return description_; }
  // nullopt when usable on this machine now; otherwise why not. Probes once: later calls give the first answer.
  std::optional<Unusable> probe();
  // What probe() learnt (version, library file, device identity, devices); empty before it.
  const BackendFacts& facts() const { return facts_; }

  // nullopt when this point can run; otherwise why not, checked in this order: a dtype the description does not
  // offer, the backend's own rules (alignment, limits; do_unsupported_reason), a mode it does not offer.
  std::optional<std::string> unsupported_reason(const Problem& p, Mode mode = Mode::hot) const;

  // One point, in this order: set_threads, set_mode, prepare, then run (and set_inputs in cold mode) ...
  // synchronize (take_device_seconds after it), then read_result, report, release.
  int set_threads(int requested) { return do_set_threads(requested); }  // what the library will really use
  void set_mode(Mode mode);  // throws Error for a mode the description does not offer
  // Probes first (throws Error with the reason when unusable); A and B stay valid until the next prepare.
  void prepare(const Problem& p, const HostMatrix& a, const HostMatrix& b, HostMatrix& c);
  int own_cold_copies() const { return do_own_cold_copies(); }
  void set_inputs(const HostMatrix& a, const HostMatrix& b) { do_set_inputs(a, b); }
  void run() { do_run(); }
  void synchronize() { do_synchronize(); }
  std::optional<double> take_device_seconds() { return do_take_device_seconds(); }
  void read_result() { do_read_result(); }
  PointReport report() { return do_report(); }
  void release() { do_release(); }
  // A device with memory of its own measures its bandwidth (outside any point); nullopt when unusable.
  std::optional<DeviceRoof> device_roof();

 protected:
  // Required. Usable here? Fill `found` as far as you get (version, path, device, devices), return why not.
  virtual std::optional<Unusable> do_probe(BackendFacts& found) = 0;
  // Allocate, upload or reorder. C is the host buffer read_result() must leave the answer in (CPU backends write
  // it directly in run()). Called only after a successful probe.
  virtual void do_prepare(const Problem& p, const HostMatrix& a, const HostMatrix& b, HostMatrix& c) = 0;
  virtual void do_run() = 0;  // one C = A·B; may be asynchronous on a device

  // Optional; each default says what a backend without it gets.
  // Shape rules (alignment, limits); only asked for a dtype the description offers.
  virtual std::optional<std::string> do_unsupported_reason(const Problem& p) const {
    (void)p;
    return std::nullopt;
  }
  virtual int do_set_threads(int requested) {  // a single-threaded library
    (void)requested;
    return 1;
  }
  virtual void do_set_mode(Mode mode) { (void)mode; }  // one of description().modes, before prepare
  // Cold mode kept by the backend itself (a GPU rotates copies in its own memory against its L2): the number of
  // sets prepare() made; the runner then makes no host copies. 0: the runner's host rotation applies.
  virtual int do_own_cold_copies() const { return 0; }
  // Cold mode: the next call reads these inputs (copies of prepare()'s A and B, equal in value). Host backends
  // swap pointers; called between run() calls, inside the timed region, so it must cost nothing.
  virtual void do_set_inputs(const HostMatrix& a, const HostMatrix& b) { (void)a, (void)b; }
  virtual void do_synchronize() {}  // wait for run() to finish
  // Device time (OpenCL profiling events, CUDA events) of the run() calls since the previous call, summed, in
  // seconds; nullopt: no device timers. Called after synchronize().
  virtual std::optional<double> do_take_device_seconds() { return std::nullopt; }
  virtual void do_read_result() {}                // copy C back into the host buffer given to prepare()
  virtual PointReport do_report() { return {}; }  // phases, notes, device readings, late version
  virtual void do_release() {}                    // free what prepare() allocated; also called after a failed point
  // nullopt for host backends, whose roofs the runner measures itself. Called only after a successful probe.
  virtual std::optional<DeviceRoof> do_device_roof() { return std::nullopt; }

 private:
  BackendDescription description_;
  BackendOptions options_;
  bool probed_ = false;
  std::optional<Unusable> unusable_;
  BackendFacts facts_;
};

}  // namespace mmbench
