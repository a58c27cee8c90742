// The fleet commands: `push` copies local runs into a shared store (a board that measured offline), `pull` copies a
// machine's runs from it into a local folder, `machines` lists who has measured into a store. Copies are keyed on
// the run's uuid and each point within it, so pushing twice, or after a resumed run, never duplicates anything.
#include <filesystem>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "commands.hpp"
#include "mmbench/error.hpp"
#include "mmbench/store.hpp"
#include "mmbench/store_lock.hpp"
#include "mmbench/store_url.hpp"
#include "store_args.hpp"

namespace mmbench::app {
namespace {

const char* kStoreHelp =
    "The shared store: postgresql://user@host:port/db, sqlite:PATH or a folder (default: "
    "$MMBENCH_STORE)";

std::string short_id(const std::string& id) {
  return id.size() > 8 ? id.substr(0, 8) : id;
}

// Copies each run of `from` into `to`, one line per run: its uuid, machine, and how many records were new.
void copy_runs(const Store& from, const std::vector<RunInfo>& runs, Store& to, std::ostream& out) {
  size_t fresh = 0, total = 0;
  for (const auto& run : runs) {
    const size_t n = from.count_records(run.id);
    const size_t written = from.copy_run(run, to);
    fresh += written, total += n;
    out << fmt::format("run {} ({}, started {}): {} record{}, {} new\n", run.uuid, run.machine_label(), run.started_at,
                       n, n == 1 ? "" : "s", written);
  }
  out << fmt::format("{} run{}, {} records, {} new, into {}\n", runs.size(), runs.size() == 1 ? "" : "s", total, fresh,
                     to.path());
}

}  // namespace

Command add_push_command(CLI::App& app) {
  auto dirs = std::make_shared<std::vector<std::string>>();
  auto store = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "push", "Copy the runs of local stores into a shared store (again is harmless: nothing is duplicated)");
  cmd->add_option("stores", *dirs, "Output folders of runs (or .db files)")->required();
  cmd->add_option("--store", *store, kStoreHelp);
  return [dirs, store] {
    const std::string url = store_or_environment(*store, "push");
    // Every local store is opened before anything is copied: a bad name costs nothing.
    std::vector<Store> locals;
    for (const auto& d : *dirs) locals.push_back(open_store_to_read(d));
    Store to = Store::open(parse_store_url(url), true);
    for (const auto& from : locals) copy_runs(from, from.runs(), to, std::cout);
    return 0;
  };
}

Command add_pull_command(CLI::App& app) {
  auto machine = std::make_shared<std::string>();
  auto store = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("pull", "Copy one machine's runs from a shared store into a local folder");
  cmd->add_option("folder", *out, "Output folder (its results.db receives the runs)")->required();
  cmd->add_option("--machine", *machine, "The machine's label (see `mmbench machines`)")->required();
  cmd->add_option("--store", *store, kStoreHelp);
  return [machine, store, out] {
    const Store from = open_store_to_read(store_or_environment(*store, "pull"));
    const auto runs = runs_of_machines(from, {*machine});
    check_output_dir(*out);
    const StoreLock lock = StoreLock::acquire(*out);
    Store to = Store::open(store_path(*out), true);
    copy_runs(from, runs, to, std::cout);
    return 0;
  };
}

Command add_machines_command(CLI::App& app) {
  auto store = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("machines", "List the machines that measured into a store, and their runs");
  cmd->add_option("--store", *store, kStoreHelp);
  return [store] {
    const std::string where = store_or_environment(*store, "machines");
    // Opening a PostgreSQL store makes its tables when they are missing (as a role that may): the step a lab
    // takes once, as the database's owner, before the boards write with a role that may only read and insert.
    const Store s = is_store_url(where) ? Store::open(parse_store_url(where), true) : open_store_to_read(where);
    const auto ms = summarize_machines(s);
    std::cout << fmt::format("{:<20} {:<9} {:<17} {:>5} {:>8}  {:<20}  {}\n", "machine", "id", "fingerprint", "runs",
                             "records", "last run", "hardware");
    for (const auto& m : ms)
      std::cout << fmt::format("{:<20} {:<9} {:<17} {:>5} {:>8}  {:<20}  {}{}\n", m.label, short_id(m.id),
                               m.fingerprint.empty() ? "-" : m.fingerprint, m.runs, m.records, m.last_run, m.cpu_model,
                               m.board_model.empty() ? "" : " (" + m.board_model + ")");
    std::cout << fmt::format("{} machine{} in {}\n", ms.size(), ms.size() == 1 ? "" : "s", s.path());
    return 0;
  };
}

}  // namespace mmbench::app
