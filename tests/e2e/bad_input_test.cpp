// Bad input: one line on stderr naming the bad value (and what is allowed), exit code 2, nothing measured, no file
// written.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "cli_runner.hpp"

using namespace mmbench::e2e;

TEST(BadInput, OneLineAndExitCodeTwo) {
  const std::string dir = fresh_dir("bad");
  std::ofstream(dir + "/results.db") << "garbage garbage garbage garbage garbage garbage garbage garbage garbage";
  std::ofstream(dir + "/afile") << "x";
  // Folders and files that are not what the command line claims they are.
  std::filesystem::create_directories(dir + "/emptydir");  // a folder without results.db
  std::filesystem::create_directories(dir + "/out");       // an existing, empty -o folder that must stay empty
  std::ofstream(dir + "/empty.csv");
  std::ofstream(dir + "/png.csv") << "\x89PNG\r\n\x1a\n";  // a binary file's first line is no CSV header
  std::ofstream(dir + "/header.csv") << "x,y\n";
  std::ofstream(dir + "/noxy.csv") << "a,b\n1,2\n2,3\n3,4\n";
  std::ofstream(dir + "/word.csv") << "x,y\n128,0.1\n256,abc\n512,0.3\n";
  std::ofstream(dir + "/extra.csv") << "x,y\n128,0.1,7\n256,0.2\n512,0.3\n";
  std::ofstream(dir + "/nan.csv") << "x,y\n128,nan\n256,nan\n512,nan\n";
  // Bytes a message must not pass through: an escape sequence (it would colour the terminal) and a NUL (it cut the
  // message short).
  std::ofstream(dir + "/esc.csv") << "x,y\n128,\x1b[31mred\n256,0.2\n512,0.3\n";
  constexpr char kNul[] = "x,y\n128,0.1\0\1\n256,0.2\n512,0.3\n";
  std::ofstream(dir + "/nul.csv") << std::string(kNul, sizeof kNul - 1);
  std::ofstream(dir + "/inf.csv") << "x,y\n128,inf\n256,0.2\n512,0.3\n";
  std::ofstream(dir + "/neg.csv") << "x,y\n128,0.1\n256,-0.2\n512,0.3\n";
  std::ofstream(dir + "/sigma0.csv") << "x,y,sigma\n128,0.1,0\n256,0.2,0\n512,0.3,0\n";
  std::ofstream(dir + "/one.csv") << "x,y\n128,0.1\n";
  const std::vector<std::pair<std::string, std::string>> cases{
      {"run --size 0", "'0'"},
      {"run --size -64", "-64"},
      {"run --size abc", "'abc'"},
      {"run --size 1024:128", "reversed"},
      {"run --size 99999999999999999999", "too large"},
      {"run --size 300000 --dtype f64", "this machine has"},
      {"run --size 8 --backend nosuch", "'nosuch'"},
      {"run --size 8 --dtype fp32", "'fp32'"},
      {"run --size 8 --preset seed", "--preset"},
      {"run --preset nosuch", "'nosuch'"},
      {"run -M 8", "-N"},
      {"run --size 8 --threads -1", "threads"},
      {"run --size 8 --noise 5", "noise"},
      {"run --size 8 -o " + dir + "/afile", "afile"},
      {"report " + dir, "not a usable mmbench store"},
      {"report " + dir + "/nothing-here", "no store"},
      {"run --resume " + dir + "/nothing-here", "no store"},
      {"frobnicate", "frobnicate"},
      {"run --size 8 --bar-sizes 0", "'0'"},
      {"run --size 8 --bar-metric speed", "speed"},
      {"run --size 8 --scale cubic", "cubic"},
      {"run --size 8 --cl-device nosuch-device", "--cl-device 'nosuch-device'"},  // with or without OpenCL
      {"run --size 8 --cl-platform nosuch-platform", "--cl-platform 'nosuch-platform'"},
      {"run --size 8 --mode lukewarm", "lukewarm"},
      {"run --size 8 --rknn-lib /nonexistent/librknnrt.so", "/nonexistent/librknnrt.so"},
      // found while growing this table (issue 17), each fixed with it
      {"run --size 8 --rknn-lib " + dir + "/afile", "not a shared library"},
      {"run --size 8 --rknn-lib /etc/passwd", "'/etc/passwd': not a shared library"},
      {"run --size 8 --rknn-lib ''", "invalid --rknn-lib '': empty"},
      {"run --size 8 --rknn-models ''", "invalid --rknn-models '': empty"},
      {"run --size 8 --cl-platform ''", "invalid --cl-platform '': empty"},
      {"run --size 8 --cl-device ''", "invalid --cl-device '': empty"},
      {"run --preset quick --prompt 64", "--prompt 64: it sets the prefill shapes of the llm:<model> presets"},
      {"run --size 8 --prompt 64", "--prompt 64: it sets the prefill shapes"},
      {"run --preset llm:llama-2-7b --prompt 99999999999999999999", "'99999999999999999999' is not a whole number"},
      {"run --preset llm:llama-2-7b --prompt ''", "'' is not a whole number"},
      {"probe -b ''", "invalid --backend '': empty"},
      {"fit --data " + dir + "/afile --model ''", "invalid --model '': empty"},
      {"fit --data ''", "invalid --data '': empty"},
      {"report ''", "invalid store folder '': empty"},
      {"onnx --size ''", "invalid --size '': empty"},
      {"onnx -M 1:1000 -N 1:1000 -K 1:1000", "make 1000000000 models: at most 10000 in one call"},
      {"onnx --size 1:20000", "--size makes 20000 models: at most 10000"},
      {"project --model llama-2-7b -b reference --prompt 0", "'0' is not a whole number from 1 to 1048576"},
      {"project --model llama-2-7b -b reference --prompt abc", "'abc' is not a whole number"},
      {"fit --data " + dir + "/esc.csv", "y '\\x1b[31mred' is not a number"},
      {"fit --data " + dir + "/nul.csv", "y '0.1\\x00\\x01' is not a number"},
      {"run --size 8 --budget ' 3'", "' 3' is not a number from 0.01 to 86400"},
      {"run --resume " + dir, "not a usable mmbench store"},  // and no .mmbench.lock left in it (checked below)
      {"run --size 8 --rknn-models /nonexistent/models", "'/nonexistent/models': no such folder"},
      {"run --size 8 -b rknpu:matmul@core9", "(variants: rknpu:matmul@core0, "},
      {"report " + dir + "/nothing-here --scale lin", "no store"},
      // issue 17: values that got through or got a poor answer
      {"run --size 8 --noise nan", "'nan' is not a number from 0.0001 to 0.5"},
      {"run --size 8 --budget nan", "'nan' is not a number from 0.01 to 86400"},
      {"run --size 8 --timeout inf", "'inf' is not a number"},
      {"run --size ''", "invalid --size '': empty"},
      {"run -b ''", "invalid --backend '': empty"},
      {"run -d ''", "invalid --dtype '': empty"},
      {"run --size 8 --seed -1", "'-1' is not a seed"},
      {"run --size 8 --seed 99999999999999999999999", "is not a seed"},
      {"run --size 8 --threads 100000", "'100000' is not a whole number from 0 to 4096"},
      {"run --size 8 --threads -1 --dry-run", "'-1' is not a whole number from 0 to 4096"},
      {"run --size 2^30:2^30:*2^34 --dry-run", "needs"},
      {"run -M 1:1000 -N 1:1000 -K 1:1000 --dry-run", "at most 1000000 in one run"},
      {"run --size 1:100000,1:100000 --dry-run", "more than 100000 values"},
      {"report " + dir + "/afile", "is not a store"},
      {"fit --data /dev/zero", "line longer than 4096 characters"},
      // run: unknown options, missing values, extra positionals
      {"run --sise 8", "--sise"},
      {"run --size 8 extra", "extra"},
      {"run --size", "--size: 1 required"},
      {"run --size 8 --backend", "--backend: 1 required"},
      // run: numbers out of range or not numbers at all (hex, inf, 1e999, trailing units, empty)
      {"run --size 8 --noise -0.1", "'-0.1' is not a number from 0.0001 to 0.5"},
      {"run --size 8 --noise 0", "'0' is not a number from 0.0001 to 0.5"},
      {"run --size 8 --noise 0x10", "'0x10' is not a number"},
      {"run --size 8 --noise 1e999", "'1e999' is not a number"},
      {"run --size 8 --noise ''", "--noise: '' is not a number"},
      {"run --size 8 --budget 0", "'0' is not a number from 0.01 to 86400"},
      {"run --size 8 --budget inf", "'inf' is not a number from 0.01 to 86400"},
      {"run --size 8 --budget 86401", "'86401' is not a number from 0.01 to 86400"},
      {"run --size 8 --budget 3s", "'3s' is not a number"},
      {"run --size 8 --timeout 0", "'0' is not a number from 0.1 to 86400"},
      {"run --size 8 --timeout 0.05", "'0.05' is not a number from 0.1 to 86400"},
      {"run --size 8 --threads abc", "'abc' is not a whole number from 0 to 4096"},
      {"run --size 8 --threads 1.5", "'1.5' is not a whole number"},
      {"run --size 8 --threads 4097", "'4097' is not a whole number from 0 to 4096"},
      {"run --size 8 --cpus 4096", "--cpus: '4096' is not a CPU number, a range like 4-7, or big, little, all"},
      {"run --size 8 --cpus 99", "--cpus: CPU 99 does not exist or is offline (this machine: "},
      {"run --size 8 --cpus 1-0", "--cpus: '1-0' is not a CPU number"},
      {"run --size 8 --cpus ''", "invalid --cpus '': empty"},
      {"run --size 8 --cpus 0,", "--cpus: empty set in '0,'"},
      {"run --size 8 --cpus 0+", "--cpus: empty part in '0+'"},
      {"run --size 8 --cpus fast", "--cpus: 'fast' is not a CPU number"},
      {"run --size 8 --cpus all,all", "--cpus: 'all' names the same CPUs as 'all'"},
      {"run --size 8 --cpus -1", "--cpus: '-1' is not a CPU number"},
      {"run --size 8 --seed abc", "'abc' is not a seed"},
      {"run --size 8 --seed 0x10", "'0x10' is not a seed"},
      {"run --size 8 --seed 18446744073709551616", "'18446744073709551616' is not a seed"},
      // run: ranges that are half written, step 0, factor 1, exponents too large, empty list items
      {"run --size 1:", "invalid --size '1:': empty value"},
      {"run --size :8", "invalid --size ':8': empty value"},
      {"run --size 8:16:0", "invalid --size '8:16:0': '0' is zero"},
      {"run --size 8:16:*1", "factor in '8:16:*1' must be at least 2"},
      {"run --size 8:16:-2", "'-2' is negative"},
      {"run --size 2^", "invalid --size '2^': empty value"},
      {"run --size 2^99", "'2^99' is too large"},
      {"run --size 1,,2", "invalid --size '1,,2': empty value"},
      {"run --size 1:2:3:4", "'1:2:3:4' has more than three parts"},
      {"run --size 0x10", "'0x10' is not a number"},
      {"run --size 8.5", "'8.5' is not a number"},
      {"run --size nan", "'nan' is not a number"},
      {"run --size ' '", "invalid --size ' ': empty"},
      {"run -M 8 -N 8 -K 0", "invalid -K '0': '0' is zero"},
      {"run -M 8 -N abc -K 8", "invalid -N 'abc'"},
      {"run -M 8 -N 8", "(missing: -K)"},
      {"run --size 8 -M 8 -N 8 -K 8", "give either --size (square) or -M/-N/-K, not both"},
      // run: names that do not exist
      {"run --size 8 -d f32,,f64", "invalid dtype list 'f32,,f64': empty name"},
      {"run --size 8 -d F32", "unknown dtype 'F32'"},
      {"run --size 8 -b reference,,eigen", "invalid backend list 'reference,,eigen': empty name"},
      {"run --size 8 -b cblas:nosuch", "unknown backend 'cblas:nosuch'"},
      {"run --size 8 -b reference@core0", "unknown backend 'reference@core0'"},
      {"run --size 8 --mode HOT", "HOT not in {hot,e2e,cold}"},
      {"run --preset QUICK", "unknown preset 'QUICK'"},
      {"run --preset ''", "invalid --preset '': empty"},
      {"run --preset llm:nosuch", "unknown model 'nosuch' (known: rwkv-4-169m"},
      {"run --preset llm:", "unknown model ''"},
      {"run --preset llm:llama-2-7b --size 8", "do not combine it with --size"},
      {"run --preset llm:llama-2-7b --prompt 0", "'0' is not a whole number from 1 to 1048576"},
      {"run --preset llm:llama-2-7b --prompt -1", "'-1' is not a whole number from 1 to 1048576"},
      {"run --preset llm:llama-2-7b --prompt abc", "'abc' is not a whole number"},
      {"run --size 8 --bar-sizes abc", "invalid --bar-sizes 'abc'"},
      {"run --size 8 --cl-platform 99", "--cl-platform '99'"},
      {"run --size 8 --rknn-lib " + dir + "/emptydir", "--rknn-lib '" + dir + "/emptydir': no such file"},
      {"run --size 8 --rknn-models " + dir + "/afile", "--rknn-models '" + dir + "/afile': no such folder"},
      // run: output folders that cannot be one
      {"run --size 8 -o ''", "invalid --out '': empty"},
      {"run --size 8 -o /dev/null", "'/dev/null': Not a directory"},
      {"run --size 8 -o /proc/mmbench-out", "'/proc/mmbench-out'"},
      {"run --size 8 -o /proc/self/status", "'/proc/self/status': Not a directory"},
      {"run --size 8 -o /proc/self", "'/proc/self': not writable"},
      {"run --size 8 -o " + dir + "/afile/sub", "'" + dir + "/afile/sub': Not a directory"},
      // run: bad input with an explicit -o: neither a new folder nor an existing one gets a file
      {"run --size 8 --backend nosuch -o " + dir + "/new-out", "unknown backend 'nosuch'"},
      {"run --size 0 -o " + dir + "/out", "invalid --size '0'"},
      {"run --size 8 --mode lukewarm -o " + dir + "/new-out", "lukewarm not in"},
      {"run --size 8 --rknn-models /nonexistent/models -o " + dir + "/out", "'/nonexistent/models': no such folder"},
      {"run --size 300000 --dtype f64 -o " + dir + "/out", "size 300000x300000x300000 in f64 needs"},
      {"run -M 1:1000 -N 1:1000 -K 1:1000 -o " + dir + "/new-out", "at most 1000000 in one run"},
      // run --resume: the plan comes from the store
      {"run --resume ''", "invalid --resume '': empty"},
      {"run --resume " + dir + "/afile", "'" + dir + "/afile' is not a store"},
      {"run --resume " + dir + "/nothing-here --preset seed", "do not combine it with sweep options"},
      {"run --resume " + dir + "/nothing-here -b reference", "do not combine it with sweep options"},
      // report
      {"report", "report: name a store"},
      {"report " + dir + " --frob", "--frob"},
      {"report " + dir + "/afile extra", "extra"},
      {"report " + dir + "/emptydir", "no store at '" + dir + "/emptydir/results.db'"},
      {"report " + dir + "/results.db", "'" + dir + "/results.db' is not a usable mmbench store"},
      {"report /proc", "no store at '/proc/results.db'"},
      {"report /dev/null", "no store at '/dev/null/results.db'"},
      {"report " + dir + " --scale cubic", "cubic not in {auto,lin,log}"},
      {"report " + dir + " --scale", "--scale: 1 required"},
      {"report " + dir + " --bar-metric speed", "speed not in {gflops,time}"},
      {"report " + dir + " --bar-sizes 0", "invalid --bar-sizes '0'"},
      {"report " + dir + " --bar-sizes 1,,2", "invalid --bar-sizes '1,,2'"},
      {"report " + dir + " --bar-sizes 2^99", "'2^99' is too large"},
      {"report " + dir + "/emptydir --bar-sizes abc", "invalid --bar-sizes 'abc'"},
      // fit: arguments
      {"fit", "fit needs either a store folder or --data FILE.csv"},
      {"fit --frob", "--frob"},
      {"fit --data", "--data: 1 required"},
      {"fit " + dir + "/nothing-here --data " + dir + "/nan.csv", "(one of them)"},
      {"fit " + dir + "/nothing-here extra", "extra"},
      {"fit --data " + dir + "/nan.csv --model cubic", "unknown model 'cubic' (known: exp, power, overhead)"},
      {"fit --data " + dir + "/nan.csv --model EXP", "unknown model 'EXP'"},
      {"fit --data " + dir + "/one.csv --model all", "--data fits one model at a time"},
      {"fit --data " + dir + "/nan.csv -b reference", "select series of a store, not of --data"},
      {"fit --data " + dir + "/nan.csv -d f32", "select series of a store, not of --data"},
      // fit --data: files that are not the CSV they claim to be
      {"fit --data " + dir + "/nothing.csv", "cannot read '" + dir + "/nothing.csv'"},
      {"fit --data " + dir + "/emptydir", dir + "/emptydir: no header line"},
      {"fit --data " + dir + "/empty.csv", dir + "/empty.csv: no header line"},
      {"fit --data " + dir + "/png.csv", dir + "/png.csv:1: unknown column"},
      {"fit --data " + dir + "/results.db", dir + "/results.db:1: unknown column 'garbage"},
      {"fit --data /proc/self/mem", "/proc/self/mem: no header line"},
      {"fit --data " + dir + "/header.csv", dir + "/header.csv: no data rows after the header"},
      {"fit --data " + dir + "/noxy.csv", "unknown column 'a' in the header"},
      {"fit --data " + dir + "/word.csv", dir + "/word.csv:3: y 'abc' is not a number"},
      {"fit --data " + dir + "/extra.csv", dir + "/extra.csv:2: 3 values, the header has 2 columns"},
      {"fit --data " + dir + "/nan.csv", "(x=128, y=nan)"},
      {"fit --data " + dir + "/inf.csv", "(x=128, y=inf)"},
      {"fit --data " + dir + "/neg.csv", "y=-0.2 (x=256)"},
      {"fit --data " + dir + "/sigma0.csv", "sigma=0 (x=128)"},
      {"fit --data " + dir + "/one.csv", "needs at least 3 points (got 1)"},
      // fit on a store
      {"fit " + dir, "'" + dir + "/results.db' is not a usable mmbench store"},
      {"fit " + dir + "/emptydir", "no store at '" + dir + "/emptydir/results.db'"},
      {"fit " + dir + "/afile", "'" + dir + "/afile' is not a store"},
      // probe: rejected before anything is measured
      {"probe --frob", "--frob"},
      {"probe extra", "extra"},
      {"probe --size 8", "--size"},
      {"probe --threads -1", "'-1' is not a whole number from 0 to 4096"},
      {"probe --threads abc", "'abc' is not a whole number"},
      {"probe --threads nan", "'nan' is not a whole number"},
      {"probe --threads 100000", "'100000' is not a whole number from 0 to 4096"},
      {"probe -t", "--threads: 1 required"},
      {"probe -t ''", "--threads: '' is not a whole number"},
      {"probe -b nosuch", "unknown backend 'nosuch'"},
      {"probe -b cblas:nosuch", "unknown backend 'cblas:nosuch'"},
      {"probe -b reference,,eigen", "invalid backend list 'reference,,eigen': empty name"},
      {"probe -b rknpu:matmul@core9", "unknown backend 'rknpu:matmul@core9'"},
      // project
      {"project", "--model is required"},
      {"project --model llama-2-7b", "--backend is required"},
      {"project --model nosuch -b reference", "unknown model 'nosuch' (known: rwkv-4-169m"},
      {"project --model '' -b reference", "invalid --model '': empty"},
      {"project --model llm:llama-2-7b -b reference", "unknown model 'llm:llama-2-7b'"},
      {"project --model llama-2-7b --model qwen2.5-0.5b -b reference", "--model: At Most 1"},
      {"project --model llama-2-7b -b reference --frob", "--frob"},
      {"project --model llama-2-7b -b reference -d fp32 " + dir + "/nothing-here", "unknown dtype 'fp32'"},
      {"project --model llama-2-7b -b reference -d '' " + dir + "/nothing-here", "invalid --dtype '': empty"},
      {"project --model llama-2-7b -b reference", "no store at 'mmbench-results/results.db'"},
      {"project --model llama-2-7b -b reference " + dir + "/nothing-here",
       "no store at '" + dir + "/nothing-here/results.db'"},
      {"project --model llama-2-7b -b reference " + dir, "'" + dir + "/results.db' is not a usable mmbench store"},
      {"project --model llama-2-7b -b reference " + dir + "/emptydir", "no store at '" + dir + "/emptydir/results.db'"},
      {"project --model llama-2-7b -b reference " + dir + "/afile", "'" + dir + "/afile' is not a store"},
      {"project --model llama-2-7b -b reference " + dir + "/nothing-here extra", "extra"},
      // list
      {"list --frob", "--frob"},
      {"list extra", "extra"},
      {"list --json extra", "extra"},
      {"list -b reference", "-b"},
      {"list --json=maybe", "--json = maybe"},
      // onnx: sizes
      {"onnx", "give --size (square) or all of -M, -N and -K"},
      {"onnx --frob", "--frob"},
      {"onnx extra --size 8", "extra"},
      {"onnx --size 8 --dtype f32", "--dtype"},
      {"onnx --size 0", "invalid --size '0': '0' is zero"},
      {"onnx --size abc", "invalid --size 'abc'"},
      {"onnx --size 1:", "invalid --size '1:': empty value"},
      {"onnx --size 8:16:0", "invalid --size '8:16:0'"},
      {"onnx --size 8:16:*1", "factor in '8:16:*1' must be at least 2"},
      {"onnx --size 2^", "invalid --size '2^'"},
      {"onnx --size 2^99", "'2^99' is too large"},
      {"onnx --size 1,,2", "invalid --size '1,,2'"},
      {"onnx --size 1024:128", "range '1024:128' is reversed"},
      {"onnx --size 99999999999999999999", "'99999999999999999999' is too large"},
      {"onnx --size 1:100000,1:100000", "more than 100000 values in one axis"},
      {"onnx --size 100000", "100000x100000x100000: B is 40000000000 bytes"},
      {"onnx -M 8", "-M, -N and -K go together"},
      {"onnx -M 0 -N 8 -K 8", "invalid -M '0'"},
      {"onnx -M 8 -N 8 -K abc", "invalid -K 'abc'"},
      {"onnx --size 8 -M 8 -N 8 -K 8", "give --size (square) or all of -M, -N and -K"},
      {"onnx --size 8 --seed -1", "'-1' is not a seed"},
      {"onnx --size 8 --seed abc", "'abc' is not a seed"},
      {"onnx --size 8 --seed 99999999999999999999999", "'99999999999999999999999' is not a seed"},
      // onnx: output folders that cannot be one, and bad input with an explicit -o
      {"onnx --size 8 -o ''", "invalid --out '': empty"},
      {"onnx --size 8 -o " + dir + "/afile", "'" + dir + "/afile': Not a directory"},
      {"onnx --size 8 -o /dev/null", "'/dev/null': Not a directory"},
      {"onnx --size 8 -o /proc/mmbench-onnx", "'/proc/mmbench-onnx'"},
      {"onnx --size 0 -o " + dir + "/new-out", "invalid --size '0'"},
      {"onnx --size 100000 -o " + dir + "/out", "B is 40000000000 bytes"},
  };
  // Every path under dir with its size and time: bad input leaves the inputs, the -o folders (dir/out stays empty,
  // dir/new-out is never made) and every other file as they were.
  const auto snapshot = [&dir] {
    std::set<std::string> paths;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
      const auto time = std::filesystem::last_write_time(e.path()).time_since_epoch().count();
      paths.insert(e.path().string() + " " + (e.is_regular_file() ? std::to_string(e.file_size()) : "dir") + " " +
                   std::to_string(time));
    }
    return paths;
  };
  const auto before = snapshot();
  for (const auto& [args, needle] : cases) {
    // A fresh empty working directory per case: nothing may appear there either (the default mmbench-results/ or
    // mmbench-onnx/, a lock, a log).
    const std::string cwd = fresh_dir("bad-cwd");
    const auto r = run_mmbench(args, "cd '" + cwd + "' &&");
    EXPECT_EQ(r.rc, 2) << args << "\n" << r.err;
    EXPECT_NE(r.err.find(needle), std::string::npos) << args << " -> " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << args << " -> " << r.err;
    EXPECT_TRUE(std::filesystem::is_empty(cwd)) << args << " wrote into its working directory";
    EXPECT_EQ(snapshot(), before) << args << " changed " << dir;
  }
}
