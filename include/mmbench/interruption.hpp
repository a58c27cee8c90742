// Ctrl-C and SIGTERM during a run: the handler only records the signal; the supervisor kills the worker in flight,
// the runner stops before the next point and the CLI says what was kept and how to resume (exit 128 + signal).
// Nothing already committed is touched, and the point in flight is not stored, so --resume measures it again.
#pragma once

namespace mmbench {

// Installs handlers for SIGINT and SIGTERM (without SA_RESTART, so a waiting poll() wakes up at once).
void install_interruption_handlers();
// The signal received since the handlers were installed, or 0.
int interruption_signal();

}  // namespace mmbench
