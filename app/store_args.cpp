// Store arguments shared by report, compare, push, pull and machines: where a store is, and which of its runs
// belong to which machine (by the label each run recorded, machine.hpp).
#include "store_args.hpp"

#include <cstdlib>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "mmbench/error.hpp"
#include "mmbench/store_url.hpp"

namespace mmbench::app {

std::string environment_store() {
  const char* env = std::getenv("MMBENCH_STORE");
  return env ? env : "";
}

std::string store_or_environment(const std::string& given, const char* what, bool takes_argument) {
  if (!given.empty()) return given;
  if (std::string env = environment_store(); !env.empty()) return env;
  throw UsageError(
      fmt::format("{}: name a store (a folder, sqlite:PATH or postgresql://user@host/db) {}with "
                  "--store, or in MMBENCH_STORE",
                  what, takes_argument ? "as an argument, " : ""));
}

bool is_store_url(const std::string& where) {
  return is_postgresql_url(where) || where.rfind("sqlite:", 0) == 0 || where.find("://") != std::string::npos;
}

Store open_store_to_read(const std::string& where) {
  if (is_store_url(where)) return Store::open(parse_store_url(where), false);
  namespace fs = std::filesystem;
  if (fs::is_regular_file(where)) {
    if (fs::path(where).extension() != ".db")
      throw UsageError("'" + where + "' is not a store: give an output folder, a .db file or a store URL");
    return Store::open(where, false);
  }
  return Store::open(store_path(store_folder(where)), false);
}

std::vector<RunInfo> runs_of_machines(const Store& store, const std::vector<std::string>& labels) {
  const std::vector<RunInfo> all = store.runs();
  if (labels.empty()) return all;
  std::vector<RunInfo> out;
  std::set<std::string> found, known;
  for (const auto& r : all) {
    known.insert(r.machine_label());
    for (const auto& l : labels)
      if (r.machine_label() == l) out.push_back(r), found.insert(l);
  }
  for (const auto& l : labels)
    if (!found.count(l)) {
      std::string names;
      for (const auto& k : known) {
        if (!names.empty()) names += ", ";
        names += k;
      }
      throw UsageError(fmt::format("store {} has no run of machine '{}' (its machines: {})", store.path(), l,
                                   names.empty() ? "none" : names));
    }
  return out;
}

Report machines_report(const Store& store, const std::vector<RunInfo>& runs) {
  std::set<std::string> labels;
  for (const auto& r : runs) labels.insert(r.machine_label());
  const bool prefix = labels.size() > 1;
  std::vector<Record> records;
  for (const auto& run : runs)
    for (auto& rec : store.records(run.id)) {
      if (prefix) rec.key.backend = run.machine_label() + " · " + rec.key.backend;
      records.push_back(std::move(rec));
    }
  return {runs, latest_per_point(records)};
}

Report report_of(const std::string& where, const std::string& machine) {
  const Store store = open_store_to_read(where);
  if (!machine.empty()) return machines_report(store, runs_of_machines(store, {machine}));
  if (is_postgresql_url(where))
    throw UsageError("a shared store holds many machines: name one with --machine (see `mmbench machines`)");
  return load_report(store);
}

}  // namespace mmbench::app
