// The interruption flag: a sig_atomic_t written by the handler and read by the supervisor and the runner.
#include "mmbench/interruption.hpp"

#include <csignal>

namespace mmbench {
namespace {
volatile std::sig_atomic_t received = 0;
extern "C" void on_signal(int sig) {
  received = sig;
}
}  // namespace

void install_interruption_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: poll() returns EINTR and the supervisor looks at the flag
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

int interruption_signal() {
  return received;
}

}  // namespace mmbench
