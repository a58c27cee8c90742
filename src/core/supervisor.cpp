// The parent side of isolation: start a worker, hand it one request per point, wait for its record line with a
// deadline. A worker serves consecutive points of one backend on one CPU set and thread count; whatever happens
// to it (signal, abort, exit code, hang, garbage, a failed or wrong point), the caller gets a record back and the
// next point gets a fresh process.
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
#include <thread>

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

// A worker's stderr, kept to its tail: a library that logs without end must not fill the supervisor's memory.
void append_tail(std::string& text, const char* bytes, size_t n) {
  text.append(bytes, n);
  if (text.size() > (1 << 20)) text.erase(0, text.size() - (1 << 16));
}

// Points that may share a worker: one backend, pinned to one set, asked for one thread count.
std::string worker_key(const PointKey& k) {
  return fmt::format("{}|{}|{}", k.backend, k.cpus, k.threads);
}

// What came back for one request.
struct Reply {
  std::string line;  // the record line, without its newline; empty when none came
  std::string err;   // the worker's stderr during this point
  bool timed_out = false;
  bool interrupted = false;  // Ctrl-C or SIGTERM reached the supervisor: the worker was killed
  bool exited = false;       // the worker is gone (status and usage below are valid)
  int status = 0;
  rusage usage{};
};

}  // namespace

struct Supervisor::Worker {
  pid_t pid = -1;
  int in = -1, out = -1, err = -1;
  std::string key;
  int points = 0;       // requests sent so far
  std::string pending;  // protocol bytes after the last record line (none, from a well-behaved worker)

  Worker(const std::string& exe, std::string worker_key) : key(std::move(worker_key)) {
    int to_child[2], from_child[2], errs[2];
    if (pipe2(to_child, O_CLOEXEC) || pipe2(from_child, O_CLOEXEC) || pipe2(errs, O_CLOEXEC))
      throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    const pid_t parent = getpid();
    pid = fork();
    if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);     // a killed supervisor takes its worker with it
      if (getppid() != parent) _exit(127);  // ... unless it died before prctl: then no signal would ever come
      setpgid(0, 0);                        // so a timeout can kill anything the worker started
      dup2(to_child[0], STDIN_FILENO);
      dup2(from_child[1], STDOUT_FILENO);
      dup2(errs[1], STDERR_FILENO);
      execl(exe.c_str(), exe.c_str(), "__worker", static_cast<char*>(nullptr));
      _exit(127);
    }
    close(to_child[0]);
    close(from_child[1]);
    close(errs[1]);
    in = to_child[1];
    out = from_child[0];
    err = errs[0];
    signal(SIGPIPE, SIG_IGN);  // a worker that died between points must not take the supervisor with it
  }
  ~Worker() { close_pipes(); }

  void close_pipes() {
    for (int* fd : {&in, &out, &err})
      if (*fd >= 0) close(*fd), *fd = -1;
  }

  // False when the worker is gone (it died while idle): the caller starts another.
  bool send(const std::string& request) {
    size_t done = 0;
    while (done < request.size()) {
      const ssize_t n = write(in, request.data() + done, request.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      done += static_cast<size_t>(n);
    }
    ++points;
    return true;
  }

  // Waits for one record line until `deadline`; on a timeout or an interruption the worker is killed.
  Reply receive(Clock::time_point deadline) {
    Reply r;
    pollfd fds[2] = {{out, POLLIN, 0}, {err, POLLIN, 0}};
    while (fds[0].fd >= 0) {
      if (const size_t nl = pending.find('\n'); nl != std::string::npos) {
        r.line = pending.substr(0, nl);
        pending.erase(0, nl + 1);
        drain_stderr(r);  // what the worker said during the point, for a reason that quotes it
        return r;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (interruption_signal()) {
        r.interrupted = true;
        break;
      }
      if (left <= 0) {
        r.timed_out = true;
        break;
      }
      const int n = poll(fds, 2, static_cast<int>(std::min<long long>(left, 1000)));
      if (n < 0 && errno != EINTR) break;
      for (int i = 0; i < 2; ++i) {
        if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        char buf[65536];
        const ssize_t got = read(fds[i].fd, buf, sizeof buf);
        if (got > 0) {
          if (i == 0)
            pending.append(buf, static_cast<size_t>(got));
          else
            append_tail(r.err, buf, static_cast<size_t>(got));
        } else if (got == 0 || errno != EINTR) {
          fds[i].fd = -1;  // closed: the worker is exiting (stdout) or has no stderr left
        }
      }
    }
    if (const size_t nl = pending.find('\n'); nl != std::string::npos) r.line = pending.substr(0, nl);
    // No line: the worker died, hung or was interrupted. Take what it last said, then reap it.
    if (!r.timed_out && !r.interrupted) drain_stderr(r, std::chrono::seconds(1));
    kill_and_reap(r);
    return r;
  }

  // Reads what stderr holds now and, for up to `wait` more, until it closes.
  void drain_stderr(Reply& r, std::chrono::milliseconds wait = std::chrono::milliseconds(0)) {
    const auto until = Clock::now() + wait;
    pollfd p{err, POLLIN, 0};
    while (err >= 0) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
      if (poll(&p, 1, static_cast<int>(std::max<long long>(0, left))) <= 0) return;
      char buf[65536];
      const ssize_t got = read(err, buf, sizeof buf);
      if (got <= 0) return;
      append_tail(r.err, buf, static_cast<size_t>(got));
    }
  }

  void kill_and_reap(Reply& r) {
    kill(-pid, SIGKILL);
    kill(pid, SIGKILL);
    close_pipes();
    while (wait4(pid, &r.status, 0, &r.usage) < 0 && errno == EINTR) {
    }
    r.exited = true;
    pid = -1;
  }

  // The polite end: stdin closes, the worker finishes its loop and exits; one that has not after `grace` is
  // killed with everything it started. Either way it is gone on return (its idle threads must not run beside
  // the next worker's).
  void end(std::chrono::milliseconds grace) {
    if (pid < 0) return;
    close_pipes();
    const auto until = Clock::now() + grace;
    // Exited but not reaped (WNOWAIT): its pid still names its group, so killing what it left behind cannot hit
    // another process group that was given the same number.
    siginfo_t info{};
    while (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == 0 &&
           Clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    kill(-pid, SIGKILL);  // anything the worker started and left behind, and the worker itself after the grace
    kill(pid, SIGKILL);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    pid = -1;
  }
};

Supervisor::Supervisor(std::string self_exe, bool isolate, const Registry* registry, BackendOptions backend_options)
    : self_exe_(std::move(self_exe)),
      isolate_(isolate),
      registry_(registry),
      backend_options_(std::move(backend_options)) {}

Supervisor::~Supervisor() {
  end_worker();
}

void Supervisor::end_worker() {
  if (worker_) worker_->end(std::chrono::seconds(5));
  worker_.reset();
}

Record Supervisor::measure(const PointKey& key, const MeasureOptions& opt) {
  const auto t0 = Clock::now();
  Record r;
  if (!isolate_) {
    auto be = registry_ ? registry_->make(key.backend, backend_options_) : nullptr;
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
    r.key = key;
    r.wall_s = std::chrono::duration<double>(Clock::now() - t0).count();
    return r;
  }

  const std::string request =
      nlohmann::json{{"point", to_json(key)}, {"options", to_json(opt)}, {"backend_options", to_json(backend_options_)}}
          .dump() +
      "\n";
  if (worker_ && worker_->key != worker_key(key)) end_worker();
  bool sent = false;
  for (int attempt = 0; attempt < 2 && !sent; ++attempt) {  // a worker that died while idle is replaced once
    if (!worker_) {
      try {
        worker_ = std::make_unique<Worker>(self_exe_, worker_key(key));
      } catch (const std::exception& e) {
        return failed_record(key, std::string("could not start worker: ") + e.what());
      }
    }
    sent = worker_->send(request);
    if (!sent) end_worker();
  }
  if (!sent) return failed_record(key, "could not start worker: it exits before reading its first point");

  Reply c =
      worker_->receive(t0 + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(opt.timeout_s)));
  const int point_of_worker = worker_->points;
  const std::string tail = last_line(c.err);
  bool trusted = false;  // a record the worker wrote itself
  if (c.interrupted) {
    r = failed_record(key, fmt::format("interrupted by signal {}: worker killed", interruption_signal()));
  } else if (c.timed_out) {
    r = failed_record(key, fmt::format("timed out: no result within {} s (--timeout); worker killed", opt.timeout_s));
  } else if (c.line.empty() && c.exited && WIFSIGNALED(c.status)) {
    const int sig = WTERMSIG(c.status);
    r = failed_record(key,
                      fmt::format("crashed: signal {} ({}){}", sig, strsignal(sig), tail.empty() ? "" : ": " + tail));
  } else {
    try {
      r = record_from_json(nlohmann::json::parse(c.line));
      trusted = true;
    } catch (const std::exception&) {
      r = failed_record(key, fmt::format("worker exited with code {} without a result{}",
                                         c.exited && WIFEXITED(c.status) ? WEXITSTATUS(c.status) : -1,
                                         tail.empty() ? "" : ": " + tail));
    }
  }
  if (c.exited) {
    worker_.reset();
    if (!trusted || r.peak_rss_bytes == 0) r.peak_rss_bytes = static_cast<int64_t>(c.usage.ru_maxrss) * 1024;  // KiB
  } else if (!trusted || r.status == Status::failed || r.status == Status::wrong) {
    end_worker();  // its library may be in any state now: the next point starts clean
  }
  r.worker_point = point_of_worker;
  r.key = key;
  r.wall_s = std::chrono::duration<double>(Clock::now() - t0).count();
  return r;
}

}  // namespace mmbench
