// A module with thread-local data, for the CBLAS loader's test (tests/conformance/symbol_isolation_test.cpp): a
// thread that touches it gets a dynamic TLS block from the process's malloc, kept with its stack when it ends.
extern "C" char* mmbench_test_touch_tls() {
  static thread_local char block[200];
  block[0] = static_cast<char>(block[0] + 1);
  return block;
}
