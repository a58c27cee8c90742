// CSV sink: one line per record, RFC 4180 quoting, a fixed header so spreadsheets and scripts can rely on it.
#include <fmt/format.h>

#include "mmbench/sinks.hpp"

namespace mmbench {
namespace {

std::string quoted(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

}  // namespace

void write_csv(std::ostream& os, const Report& rep) {
  os << "backend,dtype,m,n,k,mode,threads,threads_used,status,reason,median_s,min_s,mean_s,stdev_s,mad_s,"
        "ci95_low_s,ci95_high_s,samples,batch,gflops,gbs,max_rel_err,mean_rel_err,library,version,device,seed,"
        "peak_rss_bytes,finished_at\n";
  for (const auto& r : rep.records) {
    const Summary& s = r.summary;
    os << fmt::format("{},{},{},{},{},{},{},{},{},{},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{:.9g},{},{},{:.6g},"
                      "{:.6g},{:.3g},{:.3g},{},{},{},{},{},{}\n",
                      quoted(r.key.backend), to_string(r.key.problem.dtype), r.key.problem.m, r.key.problem.n,
                      r.key.problem.k, to_string(r.key.mode), r.key.threads, r.threads_used, to_string(r.status),
                      quoted(r.reason), s.median, s.min, s.mean, s.stdev, s.mad, s.ci_low, s.ci_high, s.n, r.batch,
                      r.gflops, r.gbs, r.max_rel_err, r.mean_rel_err, quoted(r.library), quoted(r.version),
                      quoted(r.device.text()), r.seed, r.peak_rss_bytes, r.finished_at);
  }
}

}  // namespace mmbench
