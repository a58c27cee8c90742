// How commands name a store: a folder (its results.db), a .db file, sqlite:PATH or a postgresql:// URL, given as an
// argument, with --store, or in MMBENCH_STORE. And the selections inside one: a machine's runs, a run by uuid.
#pragma once
#include <string>
#include <vector>

#include "mmbench/sinks.hpp"
#include "mmbench/store.hpp"

namespace mmbench::app {

// $MMBENCH_STORE, or "" when it is unset or empty (the one place mmbench reads it).
std::string environment_store();
// The store a command reads: `given` when not empty, else $MMBENCH_STORE; UsageError when neither names one (the
// message offers the store argument only to commands that take one).
std::string store_or_environment(const std::string& given, const char* what, bool takes_argument = false);
// Opens a store to read: a folder (or its results.db, or an archived .db) or any store URL.
Store open_store_to_read(const std::string& where);
// sqlite:..., postgresql:..., or any other "scheme://" (refused by parse_store_url, naming the kinds it knows).
bool is_store_url(const std::string& where);

// The runs of the named machines (labels), in store order; UsageError naming the store's machines when a label
// matches none.
std::vector<RunInfo> runs_of_machines(const Store& store, const std::vector<std::string>& labels);
// A report over runs of several machines: each record's backend is prefixed with its machine's label
// ("rk3588-a · rknpu:matmul"), so tables and charts show machine as a series. One machine: names unchanged.
Report machines_report(const Store& store, const std::vector<RunInfo>& runs);

// The report fit and project read: a folder's store as `report` renders it, or, with `machine`, that machine's
// runs in any store. A shared (PostgreSQL) store without a machine is refused: it mixes machines.
Report report_of(const std::string& where, const std::string& machine);

}  // namespace mmbench::app
