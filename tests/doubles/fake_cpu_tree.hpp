// Fake sysfs + /proc/cpuinfo trees for the CPU topology (MMBENCH_CPU_ROOT points mmbench at one): an RK3588 (4
// Cortex-A55 at 1.8 GHz, 4 Cortex-A76 at 2.4 GHz), a two-socket Xeon with SMT, and this kind of VM (Zen 5, no
// cpufreq). Files hold what those kernels write; only what mmbench reads is there.
#pragma once
#include <filesystem>
#include <fstream>
#include <string>

#include <fmt/format.h>

namespace mmbench::test {

inline void write_file(const std::filesystem::path& p, const std::string& text) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p) << text << "\n";
}

// One logical CPU's sysfs files; max_khz 0 leaves cpufreq out (as in most VMs).
inline void write_cpu(const std::filesystem::path& root, int id, int package, const std::string& siblings, long max_khz,
                      int capacity) {
  const auto base = root / "sys/devices/system/cpu" / fmt::format("cpu{}", id);
  write_file(base / "topology/physical_package_id", std::to_string(package));
  write_file(base / "topology/thread_siblings_list", siblings);
  if (max_khz > 0) write_file(base / "cpufreq/cpuinfo_max_freq", std::to_string(max_khz));
  if (capacity > 0) write_file(base / "cpu_capacity", std::to_string(capacity));
}

inline std::string rk3588_tree(const std::filesystem::path& root) {
  std::string cpuinfo;
  for (int c = 0; c < 8; ++c) {
    const bool big = c >= 4;
    write_cpu(root, c, 0, std::to_string(c), big ? 2400000 : 1800000, big ? 1024 : 530);
    cpuinfo += fmt::format(
        "processor\t: {}\nBogoMIPS\t: 48.00\nFeatures\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp "
        "asimdhp cpuid asimdrdm lrcpc dcpop asimddp\nCPU implementer\t: 0x41\nCPU architecture: 8\nCPU variant\t: "
        "{}\nCPU part\t: {}\nCPU revision\t: 0\n\n",
        c, big ? "0x4" : "0x2", big ? "0xd0b" : "0xd05");
  }
  write_file(root / "sys/devices/system/cpu/online", "0-7");
  write_file(root / "proc/cpuinfo", cpuinfo);
  return root.string();
}

// 2 sockets x 4 cores x 2 threads: CPUs 0-3 and 8-11 on socket 0 (siblings n and n+8), as Linux numbers them.
inline std::string xeon_2s_smt_tree(const std::filesystem::path& root) {
  std::string cpuinfo;
  for (int c = 0; c < 16; ++c) {
    const int core = c % 8, package = core / 4;
    write_cpu(root, c, package, fmt::format("{},{}", core, core + 8), 3800000, 0);
    cpuinfo += fmt::format(
        "processor\t: {}\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 85\nmodel name\t: Intel(R) Xeon(R) "
        "Platinum 8180 CPU @ 2.50GHz\nstepping\t: 4\ncpu MHz\t\t: 2500.000\nphysical id\t: {}\nflags\t\t: fpu avx2 "
        "fma avx512f\n\n",
        c, package);
  }
  write_file(root / "sys/devices/system/cpu/online", "0-15");
  write_file(root / "proc/cpuinfo", cpuinfo);
  return root.string();
}

// This VM as measured on 2026-11-29: 2 vCPUs of an AMD EPYC (family 26 = Zen 5), no cpufreq, cpuinfo's 2.1 GHz.
inline std::string zen5_vm_tree(const std::filesystem::path& root) {
  std::string cpuinfo;
  for (int c = 0; c < 2; ++c) {
    write_cpu(root, c, 0, std::to_string(c), 0, 1024);
    cpuinfo += fmt::format(
        "processor\t: {}\nvendor_id\t: AuthenticAMD\ncpu family\t: 26\nmodel\t\t: 2\nmodel name\t: AMD EPYC\ncpu "
        "MHz\t\t: 2096.033\nflags\t\t: fpu avx2 fma avx512f hypervisor\n\n",
        c);
  }
  write_file(root / "sys/devices/system/cpu/online", "0-1");
  write_file(root / "proc/cpuinfo", cpuinfo);
  return root.string();
}

}  // namespace mmbench::test
