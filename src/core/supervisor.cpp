// The parent side of isolation: start the worker, hand it the request, wait for its record with a deadline.
// Whatever happens to the child (signal, abort, exit code, hang, garbage), the caller gets a record back.
#include "mmbench/supervisor.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>

#include <fmt/format.h>

#include "mmbench/cpu_set.hpp"
#include "mmbench/environment.hpp"
#include "mmbench/interruption.hpp"
#include "mmbench/measure.hpp"
#include "mmbench/plan.hpp"
#include "mmbench/record_json.hpp"

namespace mmbench {
namespace {

using Clock = std::chrono::steady_clock;

// Last non-empty line of the worker's stderr: usually the library's own complaint.
std::string last_line(const std::string& text) {
  size_t end = text.find_last_not_of("\n\r ");
  if (end == std::string::npos) return {};
  size_t start = text.rfind('\n', end);
  start = start == std::string::npos ? 0 : start + 1;
  return text.substr(start, std::min<size_t>(end - start + 1, 300));
}

struct ChildResult {
  std::string out, err;
  int status = 0;
  bool timed_out = false;
  bool interrupted = false;  // Ctrl-C or SIGTERM reached the supervisor: the worker was killed
  rusage usage{};
};

ChildResult run_child(const std::string& exe, const std::string& request, double timeout_s) {
  int in[2], out[2], err[2];
  if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC))
    throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);     // a killed supervisor takes its worker with it
    if (getppid() != parent) _exit(127);  // ... unless it died before prctl: then no signal would ever come
    setpgid(0, 0);                        // so a timeout can kill anything the worker started
    dup2(in[0], STDIN_FILENO);
    dup2(out[1], STDOUT_FILENO);
    dup2(err[1], STDERR_FILENO);
    execl(exe.c_str(), exe.c_str(), "__worker", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  close(err[1]);
  signal(SIGPIPE, SIG_IGN);
  (void)!write(in[1], request.data(), request.size());  // small: fits the pipe buffer
  close(in[1]);

  ChildResult res;
  const auto deadline = Clock::now() + std::chrono::duration<double>(timeout_s);
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  int open_fds = 2;
  while (open_fds > 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (interruption_signal()) {
      res.interrupted = true;
      kill(-pid, SIGKILL);
      kill(pid, SIGKILL);
      break;
    }
    if (left <= 0) {
      res.timed_out = true;
      kill(-pid, SIGKILL);
      kill(pid, SIGKILL);
      break;
    }
    const int n = poll(fds, 2, static_cast<int>(std::min<long long>(left, 1000)));
    if (n < 0 && errno != EINTR) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buf[65536];
      const ssize_t got = read(fds[i].fd, buf, sizeof buf);
      if (got > 0) {
        (i == 0 ? res.out : res.err).append(buf, static_cast<size_t>(got));
        if (res.err.size() > (1 << 20)) res.err.erase(0, res.err.size() - (1 << 16));  // keep the tail
      } else if (got == 0 || errno != EINTR) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  for (auto& f : fds)
    if (f.fd >= 0) close(f.fd);
  while (wait4(pid, &res.status, 0, &res.usage) < 0 && errno == EINTR) {
  }
  return res;
}

}  // namespace

Record Supervisor::measure(const PointKey& key, const MeasureOptions& opt) const {
  const auto t0 = Clock::now();
  Record r;
  if (!isolate) {
    auto be = registry ? registry->make(key.backend, backend_options) : nullptr;
    if (!be) return failed_record(key, "unknown backend " + key.backend);
    if (key.cpus.empty()) {
      r = measure_point(*be, key, opt);
    } else {  // this thread only, for this point; a library's pool made by an earlier point keeps its CPUs
      const CpuList before = allowed_cpus();
      if (auto why = pin_this_thread(parse_kernel_cpu_list(key.cpus).value_or(CpuList{})); !why.empty())
        return failed_record(key, why);
      r = measure_point(*be, key, opt);
      r.cpus_allowed = cpus_allowed_list();
      r.notes.push_back(
          "pinned in this process (--no-isolate): threads a library started before this point keep "
          "their CPUs");
      pin_this_thread(before);
    }
  } else {
    const nlohmann::json request{
        {"point", to_json(key)}, {"options", to_json(opt)}, {"backend_options", to_json(backend_options)}};
    ChildResult c;
    try {
      c = run_child(self_exe, request.dump(), opt.timeout_s);
    } catch (const std::exception& e) {
      return failed_record(key, std::string("could not start worker: ") + e.what());
    }
    const std::string tail = last_line(c.err);
    if (c.interrupted) {
      r = failed_record(key, fmt::format("interrupted by signal {}: worker killed", interruption_signal()));
    } else if (c.timed_out) {
      r = failed_record(key, fmt::format("timed out: no result within {} s (--timeout); worker killed", opt.timeout_s));
    } else if (WIFSIGNALED(c.status)) {
      const int sig = WTERMSIG(c.status);
      r = failed_record(key,
                        fmt::format("crashed: signal {} ({}){}", sig, strsignal(sig), tail.empty() ? "" : ": " + tail));
    } else {
      try {
        r = record_from_json(nlohmann::json::parse(c.out.substr(0, c.out.find('\n'))));
      } catch (const std::exception&) {
        r = failed_record(key, fmt::format("worker exited with code {} without a result{}", WEXITSTATUS(c.status),
                                           tail.empty() ? "" : ": " + tail));
      }
    }
    r.peak_rss_bytes = static_cast<int64_t>(c.usage.ru_maxrss) * 1024;  // Linux reports KiB
  }
  r.key = key;
  r.wall_s = std::chrono::duration<double>(Clock::now() - t0).count();
  return r;
}

}  // namespace mmbench
