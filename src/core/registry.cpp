// The registry type: lookup and the user's selection of backends (exact names or a family prefix).
#include "mmbench/registry.hpp"

#include <algorithm>

#include "mmbench/error.hpp"

namespace mmbench {

void Registry::add(BackendEntry e) {
  if (!find(e.name)) entries_.push_back(std::move(e));
}

const BackendEntry* Registry::find(const std::string& name) const {
  for (const auto& e : entries_)
    if (e.name == name && !e.make_named) return &e;
  // "<prefix><label>=<value>": the entry of that prefix that makes backends from a parameter.
  const auto eq = name.find('=');
  for (const auto& e : entries_)
    if (e.make_named && eq != std::string::npos && name.rfind(e.name, 0) == 0 && eq > e.name.size() &&
        eq + 1 < name.size())
      return &e;
  return nullptr;
}

std::unique_ptr<Backend> Registry::make(const std::string& name, const BackendOptions& options) const {
  const BackendEntry* e = find(name);
  if (!e) return nullptr;
  auto be = e->make_named ? e->make_named(name) : e->make();
  be->configure(options);
  return be;
}

std::string Registry::known_names() const {
  std::string s;
  for (const auto& e : entries_)
    if (e.listed) s += (s.empty() ? "" : ", ") + e.name;
  return s;
}

std::vector<std::string> Registry::select(const std::vector<std::string>& wanted) const {
  std::vector<std::string> out;
  auto add = [&out](const std::string& n) {
    if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
  };
  if (wanted.empty()) {
    for (const auto& e : entries_)
      if (e.contender && e.listed) add(e.name);
    return out;
  }
  for (const auto& w : wanted) {
    if (find(w)) {
      add(w);
      continue;
    }
    bool matched = false;  // "cblas" or "cblas:" selects the whole family
    const std::string prefix = w.back() == ':' ? w : w + ":";
    for (const auto& e : entries_)
      if (e.listed && e.name.rfind(prefix, 0) == 0) {
        add(e.name);
        matched = true;
      }
    if (!matched && w.find('@') != std::string::npos) {  // a variant (rknpu:matmul@core0): name its siblings
      const std::string base = w.substr(0, w.find('@') + 1);
      std::string variants;
      for (const auto& e : entries_)
        if (e.name.rfind(base, 0) == 0) variants += (variants.empty() ? "" : ", ") + e.name;
      if (!variants.empty()) throw UsageError("unknown backend '" + w + "' (variants: " + variants + ")");
    }
    if (!matched) throw UsageError("unknown backend '" + w + "' (known: " + known_names() + ")");
  }
  return out;
}

}  // namespace mmbench
