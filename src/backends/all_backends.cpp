// The one place that lists the backends compiled into mmbench. Each is switched by its MMB_WITH_<NAME> CMake
// option; adding a backend means a folder under src/backends/ and one line here.
#include <string>

#include "mmbench/registry.hpp"

#ifdef MMB_WITH_REFERENCE
#include "backends/reference/reference_backend.hpp"
#endif
#ifdef MMB_WITH_CBLAS
#include "backends/cblas/cblas_backend.hpp"
#endif
#ifdef MMB_WITH_CLBLAST
#include "backends/opencl/clblast_backend.hpp"
#endif
#ifdef MMB_WITH_CUBLAS
#include "backends/cuda/cublas_backend.hpp"
#endif
#ifdef MMB_WITH_RKNPU
#include "backends/rknpu/rknpu_backend.hpp"
#endif

#include "mmbench/module_backend.hpp"

namespace mmbench {

Registry make_registry() {
  Registry r;
#ifdef MMB_WITH_REFERENCE
  r.add({"reference", make_reference_backend, /*contender=*/false});
#endif
#ifdef MMB_WITH_CBLAS
  for (const auto& family : cblas_backend_families())
    r.add({"cblas:" + family, [family] { return make_cblas_backend(family); }});
  // Any CBLAS library by path, "cblas:<label>=/path/to/lib.so" (a developer's build beside the distribution's).
  r.add({"cblas:", nullptr, /*contender=*/false, /*listed=*/false,
         [](const std::string& name) { return make_cblas_backend(name.substr(6)); }});
#endif
#ifdef MMB_WITH_CLBLAST
  r.add({"opencl:clblast", make_clblast_backend});
#endif
#ifdef MMB_WITH_CUBLAS
  r.add({"cuda:cublas", make_cublas_backend});
#endif
#ifdef MMB_WITH_RKNPU
  for (auto& v : rknpu_matmul_variants()) r.add({v.name, v.make, /*contender=*/true, /*listed=*/!v.core_variant});
  r.add({"rknpu:model", make_rknpu_model_backend});
#endif
  // Modules (heavy runtimes), loaded only by the processes that make these backends. A module named in
  // MMB_OWN_PACKAGE_MODULES (cmake/packaging.cmake, the one list) has a Debian package of its own, mmbench-<name>,
  // so that a board need not install libtorch to measure OpenBLAS; the others ship with mmbench. A missing module's
  // reason names that package.
  [[maybe_unused]] auto add_module = [&r](const std::string& name, const std::string& library) {
    const std::string own = " " MMB_OWN_PACKAGE_MODULES " ";
    const std::string package = own.find(" " + name + " ") != std::string::npos ? "mmbench-" + name : "mmbench";
    r.add({name, [name, library, package] {
             return make_module_backend("mmbench-" + name + ".so", package, {.name = name, .library = library});
           }});
  };
#ifdef MMB_WITH_EIGEN
  add_module("eigen", "Eigen");
#endif
#ifdef MMB_WITH_ONEDNN
  add_module("onednn", "oneDNN");
#endif
#ifdef MMB_WITH_ONNXRT
  add_module("onnx", "ONNX via OpenCV DNN");
#endif
#ifdef MMB_WITH_TORCH
  add_module("torch", "PyTorch (libtorch)");
#endif
  return r;
}

}  // namespace mmbench
