// Loading backend modules. A module resolves mmbench's own symbols (Error, HostMatrix, ...) from the executable,
// which exports them (ENABLE_EXPORTS); it is never unloaded (its code backs the objects it made).
#include "mmbench/module_backend.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <map>

#include "mmbench/error.hpp"

namespace mmbench {
namespace {

// What a module that cannot be loaded makes instead: its probe says why, and nothing else runs.
class Unavailable final : public Backend {
 public:
  Unavailable(BackendDescription d, Unusable why) : Backend(std::move(d)), why_(std::move(why)) {}

 protected:
  std::optional<Unusable> do_probe(BackendFacts& found) override {
    found.version = "module not loaded";
    return why_;
  }
  void do_prepare(const Problem&, const HostMatrix&, const HostMatrix&, HostMatrix&) override {
    throw Error(why_.text);
  }
  void do_run() override { throw Error(why_.text); }

 private:
  Unusable why_;
};

using MakeFn = Backend* (*)();

// One dlopen per module per process.
MakeFn load(const std::string& file, const std::string& package, Unusable& why) {
  static std::map<std::string, std::pair<MakeFn, Unusable>> cache;
  if (auto it = cache.find(file); it != cache.end()) {
    why = it->second.second;
    return it->second.first;
  }
  namespace fs = std::filesystem;
  std::vector<fs::path> dirs;
  if (const char* d = std::getenv("MMBENCH_MODULE_DIR"); d && *d) dirs.emplace_back(d);
  std::error_code ec;
  if (auto exe = fs::read_symlink("/proc/self/exe", ec); !ec) {
    dirs.push_back(exe.parent_path());  // a build folder: modules beside the binary
#ifdef MMB_MODULE_RELDIR
    dirs.push_back(
        (exe.parent_path() / MMB_MODULE_RELDIR).lexically_normal());  // installed: ../lib/<multiarch>/mmbench
#endif
  }
#if defined(MMB_TEST_HOOKS) && defined(MMB_MODULE_DIR)
  // Test executables live in a subfolder of the build tree; a build without tests (the release preset, packages)
  // never looks in the folder it was built in.
  dirs.emplace_back(MMB_MODULE_DIR);
#endif
  MakeFn fn = nullptr;
  std::string tried;
  for (const auto& dir : dirs) {
    const fs::path path = dir / file;
    if (!fs::exists(path)) {
      tried += (tried.empty() ? "" : ", ") + dir.string();
      continue;
    }
    void* h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!h) {  // usually its vendor library is missing
      why = {ProbeCode::library_missing, "cannot load " + path.string() + ": " + dlerror()};
      break;
    }
    fn = reinterpret_cast<MakeFn>(dlsym(h, "mmbench_make_module_backend"));
    if (!fn) why = {ProbeCode::other, path.string() + " is not an mmbench backend module"};
    break;
  }
  if (!fn && why.text.empty())
    why = {ProbeCode::library_missing,
           "module " + file + " not found (looked in " + tried + "); it comes with the package " + package};
  cache[file] = {fn, why};
  return fn;
}

}  // namespace

std::unique_ptr<Backend> make_module_backend(const std::string& file, const std::string& package,
                                             const BackendDescription& placeholder) {
  Unusable why;
  if (MakeFn fn = load(file, package, why)) return std::unique_ptr<Backend>(fn());
  return std::make_unique<Unavailable>(placeholder, why);
}

}  // namespace mmbench
