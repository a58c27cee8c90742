// Record basics: status names, a point's label, and the constructors of records that hold no measurement.
#include "mmbench/record.hpp"

#include <fmt/format.h>

#include "mmbench/environment.hpp"
#include "mmbench/error.hpp"

namespace mmbench {

std::string_view to_string(Status s) {
  switch (s) {
    case Status::ok:
      return "ok";
    case Status::noisy:
      return "noisy";
    case Status::unsupported:
      return "unsupported";
    case Status::skipped:
      return "skipped";
    case Status::failed:
      return "failed";
    case Status::wrong:
      return "wrong";
  }
  return "failed";
}

Status parse_status(std::string_view s) {
  for (Status st : {Status::ok, Status::noisy, Status::unsupported, Status::skipped, Status::failed, Status::wrong})
    if (to_string(st) == s) return st;
  throw Error("unknown status '" + std::string(s) + "'");
}

bool is_success(Status s) {
  return s == Status::ok || s == Status::noisy;
}

std::string PointKey::label() const {
  return fmt::format("{} {} {}{}", backend, to_string(problem.dtype), problem.shape(),
                     cpus.empty() ? "" : " on cpus " + cpus);
}

std::string backend_on_cpus(const std::string& backend, const std::string& cpus) {
  return cpus.empty() ? backend : backend + " cpus " + cpus;
}

std::string PointKey::column() const {
  return backend_on_cpus(backend, cpus);
}

namespace {
Record empty_record(const PointKey& key, Status status, std::string reason) {
  Record r;
  r.key = key;
  r.status = status;
  r.reason = std::move(reason);
  r.finished_at = utc_now_iso();
  return r;
}
}  // namespace

Record failed_record(const PointKey& key, std::string reason) {
  return empty_record(key, Status::failed, std::move(reason));
}

Record skipped_record(const PointKey& key, std::string reason) {
  return empty_record(key, Status::skipped, std::move(reason));
}

}  // namespace mmbench

size_t std::hash<mmbench::PointKey>::operator()(const mmbench::PointKey& k) const noexcept {
  size_t h = std::hash<std::string>()(k.backend) ^ (std::hash<std::string>()(k.cpus) << 1);
  const auto mix = [&h](uint64_t v) { h ^= std::hash<uint64_t>()(v) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2); };
  for (int64_t v : {k.problem.m, k.problem.n, k.problem.k, static_cast<int64_t>(k.problem.dtype),
                    static_cast<int64_t>(k.mode), static_cast<int64_t>(k.threads)})
    mix(static_cast<uint64_t>(v));
  return h;
}
