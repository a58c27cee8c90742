// `mmbench onnx`: write ONNX models of Y = A·B for one shape or a sweep (the run's range syntax), one file per
// shape with the shape in its name, B from the recorded seed — the files the original experiment converted to
// .rknn for the NPU (see README: "From ONNX to .rknn").
#include <filesystem>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli_common.hpp"
#include "commands.hpp"
#include "mmbench/error.hpp"
#include "mmbench/onnx_model.hpp"
#include "mmbench/range_parser.hpp"

namespace mmbench::app {
namespace {
constexpr size_t kMaxModels = 10000;  // files in one call
}  // namespace

Command add_onnx_command(CLI::App& app) {
  struct Args {
    std::string size, m, n, k, out = "mmbench-onnx";
    uint64_t seed = 42;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("onnx",
                                     "Write ONNX models computing Y = A*B (A an input [M,K], B a constant "
                                     "[K,N] from --seed), opset 14, checked by ONNX's checker");
  cmd->add_option("--size,-s", a->size, "Square sizes (range syntax as in run: 128:4096:128)");
  cmd->add_option("-M", a->m, "Rows of A (with -N and -K: their product)");
  cmd->add_option("-N", a->n, "Columns of B");
  cmd->add_option("-K", a->k, "Columns of A, rows of B");
  cmd->add_option("--out,-o", a->out, "Folder for the .onnx files")->capture_default_str();
  cmd->add_option("--seed", a->seed, "Seed of B (B is what `mmbench run --seed S` uses: generator seed S+1)")
      ->capture_default_str()
      ->check(seed_number());
  return [a, cmd] {
    refuse_empty(cmd, {{"--size", &a->size}, {"-M", &a->m}, {"-N", &a->n}, {"-K", &a->k}, {"--out", &a->out}});
    const bool axes = !a->m.empty() || !a->n.empty() || !a->k.empty();
    if (axes == !a->size.empty()) throw UsageError("give --size (square) or all of -M, -N and -K");
    if (axes && (a->m.empty() || a->n.empty() || a->k.empty())) throw UsageError("-M, -N and -K go together");
    std::vector<std::array<int64_t, 3>> shapes;
    if (axes) {
      const auto ms = parse_range(a->m, "-M"), ns = parse_range(a->n, "-N"), ks = parse_range(a->k, "-K");
      // One file per shape: a product of ranges (1:1000 thrice is 10^9 files) is refused before anything is made.
      const double count = static_cast<double>(ms.size()) * static_cast<double>(ns.size()) * ks.size();
      if (count > kMaxModels)
        throw UsageError(fmt::format("-M x -N x -K make {:.0f} models: at most {} in one call", count, kMaxModels));
      for (int64_t m : ms)
        for (int64_t n : ns)
          for (int64_t k : ks) shapes.push_back({m, n, k});
    } else {
      const auto sizes = parse_range(a->size, "--size");
      if (sizes.size() > kMaxModels)
        throw UsageError(fmt::format("--size makes {} models: at most {} in one call", sizes.size(), kMaxModels));
      for (int64_t s : sizes) shapes.push_back({s, s, s});
    }
    for (const auto& [m, n, k] : shapes)
      if (static_cast<double>(k) * n * 4 > 2.0e9)
        throw UsageError(fmt::format("{}x{}x{}: B is {} bytes, beyond ONNX's 2 GB protobuf limit", m, n, k, k * n * 4));
    std::error_code ec;
    std::filesystem::create_directories(a->out, ec);
    if (ec) throw UsageError("cannot use output directory '" + a->out + "': " + ec.message());
    for (const auto& [m, n, k] : shapes) {
      const std::string path = (std::filesystem::path(a->out) / onnx_file_name(m, n, k)).string();
      write_matmul_onnx_seeded(path, m, n, k, a->seed);
      std::cout << path << "\n";
    }
    std::cerr << fmt::format("{} model{} written (opset 14, checked), B from seed {}\n", shapes.size(),
                             shapes.size() == 1 ? "" : "s", a->seed);
    return 0;
  };
}

}  // namespace mmbench::app
