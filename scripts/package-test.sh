#!/usr/bin/env bash
# The Debian packages, built and proven where users are (called by scripts/test.sh; docs/packages.md):
# 1. this machine's architecture: build the packages (preset `package`), make a Debian 12 root holding only the main
#    .deb and what it declares (mmdebstrap, Debian's packages), run `mmbench list` and a tiny verified run of
#    cblas:netlib and of rknpu:matmul (against the runtime double) from the installed path, in that root;
# 2. on x86 hosts, the same for arm64: cross-built packages (preset `package-arm64`), an arm64 root, the binary run
#    with qemu-aarch64 -L <root> while the host's arm64 libraries are hidden, so a missing dependency fails here;
# 3. the first command's and the test tiers' package sets resolve on arm64 Debian 12.
# Needs root (mmdebstrap's root mode, chroot, mount namespaces) and Debian's mirror. Usage: scripts/package-test.sh
# (the full tier of scripts/test.sh runs it; the package builds share the ci and aarch64 trees' compiled files
# through the compiler cache).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" -ne 0 ]; then
  echo "package-test: SKIPPED: needs root (mmdebstrap --mode=root, chroot, mount namespaces); run: sudo $0" >&2
  exit 0
fi
host_arch=$(dpkg --print-architecture)
work=$PWD/build/package-test
mkdir -p "$work"
sources=""
for f in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list; do
  [ -s "$f" ] && sources=$f && break
done
fail() {
  echo "package-test: $*" >&2
  exit 1
}
step() { echo "== package-test: $*"; }

# build_packages PRESET: configure, build and cpack; prints the folder of the .deb files.
build_packages() {
  cmake --preset "$1" >/dev/null
  cmake --build --preset "$1" >&2
  # A binary for others never looks in the folder it was built in (module_backend.cpp: only builds with tests do).
  ! grep -q "$PWD/build/" "build/$1/mmbench" || fail "build/$1/mmbench names its build folder"
  rm -rf "build/$1/packages"
  (cd "build/$1" && cpack -G DEB >/dev/null) || fail "cpack failed for preset $1"
  echo "$PWD/build/$1/packages"
}

# check_packages DIR ARCH TRIPLE: the files and fields every user relies on; prints each package's size.
check_packages() {
  local dir=$1 arch=$2 triple=$3 deb
  for deb in "$dir"/*.deb; do
    [ "$(dpkg-deb -f "$deb" Architecture)" = "$arch" ] || fail "$deb is not for $arch"
    printf '  %-44s %6s KiB installed, %6s KiB file; Depends: %s\n' "$(basename "$deb")" \
      "$(dpkg-deb -f "$deb" Installed-Size)" "$(($(stat -c %s "$deb") / 1024))" "$(dpkg-deb -f "$deb" Depends)"
  done
  local main list=$work/contents.txt
  main=$(ls "$dir"/mmbench_*_"$arch".deb) || fail "no main package in $dir"
  dpkg-deb -c "$main" >"$list"
  grep -q "\./usr/bin/mmbench$" "$list" || fail "$main has no usr/bin/mmbench"
  grep -q "\./usr/lib/$triple/mmbench/mmbench-eigen.so$" "$list" || fail "$main has no usr/lib/$triple/mmbench/mmbench-eigen.so"
  for deb in "$dir"/mmbench-*_"$arch".deb; do
    [ -e "$deb" ] || continue
    dpkg-deb -f "$deb" Depends | grep -q "mmbench (= " || fail "$deb does not depend on its mmbench version"
    dpkg-deb -c "$deb" >"$list"
    grep -q "\./usr/lib/$triple/mmbench/mmbench-.*\.so$" "$list" || fail "$deb holds no module"
  done
}

# make_root ARCH DEB ROOT: a Debian 12 root with the .deb and exactly what it declares (plus libblas3: the CBLAS
# libraries are loaded at run time, so they are Recommends, not Depends). Nothing is configured: only unpacked. The
# hook that lets apt see the local .deb bind-mounts its folder at the same path inside the root and, in the extract
# variant, leaves it mounted: a private mount namespace takes it away with mmdebstrap. When the checkout lives under
# /tmp, that mount is inside the root's /tmp, which mmdebstrap's own cleanup then cannot empty ("Device or resource
# busy", exit 25): its /tmp cleanup is skipped and done here, once the namespace and its mount are gone.
make_root() {
  rm -rf "$3"
  unshare --mount --propagation private mmdebstrap --quiet --mode=root --variant=extract --architectures="$1" \
    --hook-dir=/usr/share/mmdebstrap/hooks/file-mirror-automount --skip=cleanup/tmp \
    --include="$2" --include=libblas3 bookworm "$3" ${sources:+"$sources"} >&2 || fail "mmdebstrap could not make the $1 root"
  rm -rf "$3/tmp"
  mkdir -p "$3/proc" "$3/sys" "$3/dev" "$3/tmp" "$3/opt/rknn-double"
}

# The commands a user runs first, from the installed path; $run is the way into the root. OUT: where their output
# is kept; RUNS: the folder the runs write into, as the binary sees it; SEEN: the same folder seen from here.
first_commands() {
  local out=$1 runs=$2 seen=$3 b
  "${run[@]}" /usr/bin/mmbench --version >"$out/version.txt" || fail "mmbench --version failed"
  "${run[@]}" /usr/bin/mmbench list >"$out/list.txt" || fail "mmbench list failed"
  cat "$out/version.txt" "$out/list.txt"
  grep -q "^cblas:netlib *yes" "$out/list.txt" || fail "cblas:netlib is not usable in the root"
  grep -q "^eigen *yes" "$out/list.txt" || fail "the eigen module was not found from the installed path"
  # A module package left out: list names the package that adds it.
  if grep -q "^torch" "$out/list.txt"; then
    grep -q "comes with the package mmbench-torch" "$out/list.txt" || fail "list does not name mmbench-torch"
  fi
  "${run[@]}" /usr/bin/mmbench run "${isolate[@]}" --no-probe -b cblas:netlib -M 32 -N 48 -K 40 -d f32 --budget 0.05 \
    -o "$runs/cblas" >"$out/run-cblas.txt" 2>&1 || { cat "$out/run-cblas.txt"; fail "the tiny cblas:netlib run failed"; }
  "${run[@]}" /usr/bin/mmbench run "${isolate[@]}" --no-probe -b rknpu:matmul --rknn-lib /opt/rknn-double/librknnrt.so \
    -M 4 -N 64 -K 64 -d f16 --budget 0.05 -o "$runs/npu" >"$out/run-npu.txt" 2>&1 ||
    { cat "$out/run-npu.txt"; fail "the tiny rknpu:matmul run failed"; }
  # A verified time (ok, or noisy with the tiny budget), nothing failed or wrong.
  for b in cblas npu; do
    grep -qE '"status": "(ok|noisy)"' "$seen/$b/results.json" || { cat "$out/run-$b.txt"; fail "$b: no verified time"; }
    grep -o '"backend": "[^"]*"\|"status": "[^"]*"\|"gflops": [^,]*' "$seen/$b/results.json" | paste -sd' '
  done
}

# 1. This machine's architecture.
triple=$(gcc -dumpmachine)
step "packages for $host_arch (preset package)"
dir=$(build_packages package)
check_packages "$dir" "$host_arch" "$triple"
step "a Debian 12 root ($host_arch) with mmbench and its declared dependencies"
root=$work/root-$host_arch
make_root "$host_arch" "$(ls "$dir"/mmbench_*_"$host_arch".deb)" "$root"
double=$(ls build/ci/tests/rknnrt-2.1.0/librknnrt.so) || fail "build the ci preset first (the NPU runtime double)"
cp "$double" "$root/opt/rknn-double/"
# chroot in a private mount namespace: /proc (the binary re-executes itself for its workers), /sys (the CPU's
# topology) and /dev, undone when it exits.
run=(unshare --mount --propagation private --fork sh -c 'r=$0; mount -t proc proc "$r/proc" && mount --rbind /sys "$r/sys" && mount --rbind /dev "$r/dev" && exec chroot "$r" "$@"' "$root")
isolate=()
mkdir -p "$work/out-$host_arch"
first_commands "$work/out-$host_arch" /tmp "$root/tmp"

# 2. arm64 from an x86 host.
if [ "$host_arch" = amd64 ]; then
  step "packages for arm64 (preset package-arm64, cross-built)"
  dir=$(build_packages package-arm64)
  check_packages "$dir" arm64 aarch64-linux-gnu
  step "an arm64 Debian 12 root with mmbench and its declared dependencies, run under qemu"
  root=$work/root-arm64
  make_root arm64 "$(ls "$dir"/mmbench_*_arm64.deb)" "$root"
  double=$(ls build/aarch64/tests/rknnrt-2.1.0/librknnrt.so) || fail "build the aarch64 preset first"
  cp "$double" "$root/opt/rknn-double/"
  # qemu -L falls back to the host's own paths for a file the root lacks, and this host has arm64 libraries:
  # hide them (and the loader cache naming them) so that only the root's libraries can be found. Workers re-execute
  # the binary, which needs binfmt_misc (not set up here): --no-isolate.
  run=(unshare --mount --propagation private --fork sh -c 'r=$0; mount -t tmpfs none /usr/lib/aarch64-linux-gnu && mount --bind /dev/null /etc/ld.so.cache && exec qemu-aarch64 -L "$r" "$r$@"' "$root")
  isolate=(--no-isolate)
  # Output folders: a host path that does not exist in the root (qemu maps a path into the root when it exists there).
  rm -rf "$work/out-arm64" && mkdir -p "$work/out-arm64"
  first_commands "$work/out-arm64" "$work/out-arm64" "$work/out-arm64"
fi

# 3. The package sets on arm64 Debian 12: apt resolves them (simulated, nothing installed) against an empty system,
# so every package and dependency must exist for arm64. The first command's set, and the full test tier's (which
# holds the fast tier's) as an arm64 host would install it (no cross toolchain).
for set in bench test-full; do
  step "the $set command's package set resolves on arm64 Debian 12"
  mmdebstrap --quiet --mode=root --variant=apt --architectures=arm64 --simulate --skip=check/qemu \
    --include="$(scripts/install-deps.sh "$set" --print arm64 | paste -sd,)" bookworm /dev/null ${sources:+"$sources"} >&2 ||
    fail "the $set package set does not resolve on arm64 Debian 12"
done
echo "package-test: all checks passed"
