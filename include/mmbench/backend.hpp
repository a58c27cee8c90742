// The backend interface: what every way of multiplying matrices (a CPU library, a GPU, the NPU) provides.
// The runner owns all timing; a backend only prepares buffers, runs one C = A·B, and hands the result back.
// See docs/adding-a-backend.md for the contract of each call.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "mmbench/backend_options.hpp"
#include "mmbench/device.hpp"
#include "mmbench/dtype.hpp"
#include "mmbench/host_matrix.hpp"
#include "mmbench/mode.hpp"
#include "mmbench/problem.hpp"
#include "mmbench/roofs.hpp"

namespace mmbench {

struct BackendInfo {
  std::string name;          // "cblas:openblas"
  std::string library;       // "OpenBLAS"
  std::string version;       // as the library reports it
  std::string device;        // "CPU", a GPU's name, ...
  std::string path;          // file the library was loaded from, when loaded at run time
  std::vector<DType> dtypes;  // what it can multiply
  bool contender = true;     // false for the reference: an oracle, not shown in comparisons by default
  std::vector<std::string> devices;  // every device this backend could use here (`mmbench list` shows them)
  // Modes it can measure: hot (data where the library wants it, reused call after call) and, for devices,
  // e2e (every call copies A and B to the device and C back: what one isolated call costs).
  std::vector<Mode> modes{Mode::hot};
};

// The modes of a backend working on host memory: an end-to-end call is the same call (there is nothing to copy);
// cold rotates the runner's copies of A and B through set_inputs() so each call reads them from DRAM.
inline const std::vector<Mode> kHostModes{Mode::hot, Mode::e2e, Mode::cold};

class Backend {
 public:
  virtual ~Backend() = default;
  // The plan's backend options (library file, model folder, OpenCL device), given before anything else is asked:
  // a backend reads its choices from options(), never from the environment.
  void configure(BackendOptions o) { options_ = std::move(o); }
  const BackendOptions& options() const { return options_; }
  // Where this backend runs, as a type (from info().device until every backend reports it structured).
  DeviceIdentity device_identity() const;
  virtual BackendInfo info() const = 0;
  // Empty when usable on this machine now; otherwise why not ("librknnrt.so not found").
  virtual std::optional<std::string> probe() = 0;
  // Empty when this problem can run; otherwise the reason (dtype, alignment, limits).
  virtual std::optional<std::string> unsupported_reason(const Problem& p) const;
  // Ask for a thread count; returns what the library will actually use (recorded).
  virtual int set_threads(int requested) { (void)requested; return 1; }
  // Cold mode: the next call reads these inputs (copies of prepare()'s A and B, equal in value). Host backends
  // swap pointers; called between run() calls, inside the timed region, so it must cost nothing.
  virtual void set_inputs(const HostMatrix& a, const HostMatrix& b) { (void)a, (void)b; }
  // Cold mode kept by the backend itself (a GPU rotates copies in its own memory against its L2): the number of
  // sets prepare() made, and the runner then makes no host copies. 0: the runner's host rotation applies.
  virtual int own_cold_copies() const { return 0; }
  // A device with memory of its own measures that memory's bandwidth (outside any point; probes first if needed),
  // so its points get roofline verdicts; nullopt for host backends, whose roofs the runner measures itself.
  virtual std::optional<DeviceRoof> device_roof() { return std::nullopt; }
  // The point's mode (one of info().modes), set before prepare().
  virtual void set_mode(Mode mode) { (void)mode; }
  // Allocate, upload or reorder; A and B stay valid until the next prepare. C is the host buffer that
  // read_result() must leave the answer in (CPU backends write it directly in run()).
  virtual void prepare(const Problem& p, const HostMatrix& a, const HostMatrix& b, HostMatrix& c) = 0;
  virtual void run() = 0;                    // one C = A·B; may be asynchronous on a device
  virtual void synchronize() {}              // wait for run() to finish
  virtual void read_result() {}              // copy C back into the host buffer given to prepare()
  virtual void release() {}                  // free what prepare() allocated
  // Device time (OpenCL profiling events, CUDA events) of the run() calls since the previous call, summed, in
  // seconds; nullopt for backends without device timers. Called after synchronize().
  virtual std::optional<double> take_device_seconds() { return std::nullopt; }
  // Phases the backend timed itself (seconds), merged into the record after read_result(): e.g. "upload" and
  // "download" of a device, timed with the device's own events.
  virtual std::map<std::string, double> own_phases() const { return {}; }
  // Observations a reader of the point must see (e.g. "SM clock dropped from 1980 to 1410 MHz"); after read_result().
  virtual std::vector<std::string> notes() const { return {}; }
 protected:
  BackendOptions options_;
};

}  // namespace mmbench
