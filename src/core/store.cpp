// The Store facade: picks the engine a URL names (SQLite or PostgreSQL, store_engine.hpp), and does what is the
// same for both: run uuids, the mirror of `run --store URL`, copying a run between stores (push, pull), and the
// per-machine summary of `mmbench machines`.
#include "mmbench/store.hpp"

#include <algorithm>
#include <map>
#include <random>

#include <fmt/format.h>

#include "mmbench/error.hpp"
#include "mmbench/record_json.hpp"
#include "store_engine.hpp"

namespace mmbench {
namespace {

std::string random_uuid() {
  std::random_device rd;
  std::uniform_int_distribution<uint64_t> d;
  std::mt19937_64 g((static_cast<uint64_t>(rd()) << 32) ^ rd());
  uint64_t hi = d(g), lo = d(g);
  hi = (hi & ~0xf000ULL) | 0x4000ULL;              // version 4: random
  lo = (lo & ~(0xc0ULL << 56)) | (0x80ULL << 56);  // RFC 4122 variant
  return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", hi >> 32, (hi >> 16) & 0xffff, hi & 0xffff, lo >> 48,
                     lo & 0xffffffffffffULL);
}

uint64_t fnv1a(std::string_view s, uint64_t h) {
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

}  // namespace

std::string point_key(const Record& r) {
  return to_json(r.key).dump() + " round " + std::to_string(r.round);
}

MachineRow machine_row(const nlohmann::json& environment) {
  MachineRow m;
  if (const auto it = environment.find("machine"); it != environment.end() && it->is_object()) {
    m.id = it->value("id", std::string());
    m.label = it->value("label", std::string());
    m.fingerprint = it->value("fingerprint", std::string());
  }
  return m;
}

std::string derived_run_uuid(const std::string& started_at, const std::string& plan, const std::string& environment) {
  const std::string all = started_at + '\x1f' + plan + '\x1f' + environment;
  uint64_t hi = fnv1a(all, 0xcbf29ce484222325ULL), lo = fnv1a(all, 0x84222325cbf29ce4ULL);
  hi = (hi & ~0xf000ULL) | 0x8000ULL;  // version 8: made by a custom rule (RFC 9562)
  lo = (lo & ~(0xc0ULL << 56)) | (0x80ULL << 56);
  return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", hi >> 32, (hi >> 16) & 0xffff, hi & 0xffff, lo >> 48,
                     lo & 0xffffffffffffULL);
}

std::string RunInfo::machine_label() const {
  const MachineRow m = machine_row(environment);
  return m.label.empty() ? environment.value("hostname", std::string()) : m.label;
}
std::string RunInfo::machine_id() const {
  return machine_row(environment).id;
}

struct Store::Mirror {
  Store store;
  std::function<void(const std::string&)> warn;
  std::map<int64_t, int64_t> runs;  // this store's run id -> the mirror's
};

Store::Store() = default;
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

Store Store::open(const std::string& path, bool create) {
  Store s;
  s.engine_ = open_sqlite_engine(path, create);
  s.where_ = path;
  return s;
}

Store Store::open(const StoreUrl& url, bool create) {
  if (url.engine == StoreUrl::Engine::sqlite) return open(url.path, create);
  Store s;
  s.engine_ = open_postgresql_engine(url);
  s.where_ = url.redacted();
  return s;
}

int64_t Store::begin_run(const nlohmann::json& plan, const nlohmann::json& environment,
                         const std::vector<std::string>& warnings, const std::string& uuid) {
  const std::string id = uuid.empty() ? random_uuid() : uuid;
  const int64_t run = engine_->begin_run(id, plan, environment, warnings);
  if (mirror_) try {
      mirror_->runs[run] = mirror_->store.begin_run(plan, environment, warnings, id);
    } catch (const std::exception& e) {
      drop_mirror(e);
    }
  return run;
}

void Store::add(int64_t run_id, const Record& r) {
  engine_->add(run_id, r);
  if (!mirror_) return;
  try {
    const auto it = mirror_->runs.find(run_id);
    if (it != mirror_->runs.end()) mirror_->store.add(it->second, r);
  } catch (const std::exception& e) {
    drop_mirror(e);
  }
}

// The first failure ends the mirror for this run: the run never waits on, or fails for, a store it only copies to.
void Store::drop_mirror(const std::exception& e) {
  mirror_->warn(fmt::format("writing to {} failed, the run goes on in {} only (copy it later with `mmbench push`): {}",
                            mirror_->store.path(), where_, redact_passwords(e.what())));
  mirror_.reset();
}

size_t Store::add_all(int64_t run_id, const std::vector<Record>& rs) {
  return engine_->add_all(run_id, rs);
}
std::vector<RunInfo> Store::runs() const {
  return engine_->runs();
}
std::optional<RunInfo> Store::last_run() const {
  auto all = runs();
  if (all.empty()) return std::nullopt;
  return all.back();
}
std::vector<Record> Store::records() const {
  return engine_->records();
}
std::vector<Record> Store::records(int64_t run_id) const {
  return engine_->records(run_id);
}
size_t Store::count_records(int64_t run_id) const {
  return engine_->count_records(run_id);
}

void Store::mirror_to(Store other, std::function<void(const std::string&)> warn) {
  mirror_ = std::make_unique<Mirror>(Mirror{std::move(other), std::move(warn), {}});
}

size_t Store::copy_run(const RunInfo& run, Store& to) const {
  const int64_t there = to.begin_run(run.plan, run.environment, run.warnings, run.uuid);
  // A run already there whole (pushed before) is not read again: pushing a folder twice costs a count per run.
  if (to.count_records(there) >= count_records(run.id)) return 0;
  return to.add_all(there, records(run.id));
}

std::vector<MachineSummary> summarize_machines(const Store& store) {
  std::vector<MachineSummary> out;
  // By label: the name people choose and select with (--machines, #machine=). Two labels on one host (a lab
  // testing its setup) are two machines; the id shows that they share a host.
  std::map<std::string, size_t> index;
  for (const auto& run : store.runs()) {
    auto [it, fresh] = index.emplace(run.machine_label(), out.size());
    if (fresh) {
      out.push_back({});
      out.back().id = run.machine_id();
      out.back().first_run = run.started_at;
    }
    MachineSummary& m = out[it->second];
    m.label = run.machine_label();
    m.fingerprint = machine_row(run.environment).fingerprint;
    m.cpu_model = run.environment.value("cpu_model", std::string());
    m.board_model = run.environment.value("board_model", std::string());
    m.last_run = std::max(m.last_run, run.started_at);
    m.first_run = std::min(m.first_run, run.started_at);
    ++m.runs;
    m.records += static_cast<int64_t>(store.count_records(run.id));
  }
  return out;
}

}  // namespace mmbench
