#!/bin/sh
# The Control Tower comparison (ctest controltower_cfn_guard): installs the npm package
# @cdklabs/cdk-validator-cfnguard, which ships the cfn-guard binary and the official Control Tower
# guard rules, into the build tree (once; later runs reuse it), then runs compare.cc's program
# from the source tree.
#
#   run.sh COMPARE_BINARY NPM_PREFIX SOURCE_DIR [PACKAGE_VERSION] [-- COMPARE_ARGS...]
#
# Exits 77 (ctest SKIP_RETURN_CODE) with a message when the package is not installed and npm or
# its registry cannot be reached, or when the package has no cfn-guard binary for this platform.
set -u

if [ $# -lt 3 ]; then
  echo "usage: $0 COMPARE_BINARY NPM_PREFIX SOURCE_DIR [PACKAGE_VERSION] [-- ARGS...]" >&2
  exit 2
fi
compare=$1
prefix=$2
source=$3
shift 3
version=
if [ $# -gt 0 ] && [ "$1" != "--" ]; then
  version=$1
  shift
fi
[ $# -gt 0 ] && [ "$1" = "--" ] && shift

skip() {
  echo "SKIP: $*"
  exit 77
}

package=@cdklabs/cdk-validator-cfnguard
dir=$prefix/node_modules/$package

case "$(uname -s)/$(uname -m)" in
  Linux/x86_64 | Linux/amd64) platform=ubuntu/x86_64 ;;
  Linux/aarch64 | Linux/arm64) platform=ubuntu/aarch64 ;;
  Darwin/x86_64) platform=macos/x86_64 ;;
  Darwin/arm64 | Darwin/aarch64) platform=macos/aarch64 ;;
  *) skip "$package ships no cfn-guard binary for $(uname -s)/$(uname -m)" ;;
esac
guard=$dir/bin/$platform/cfn-guard
rules=$dir/rules/control-tower/cfn-guard

# The installed package's version, read without node (the JSON's top-level "version").
installed_version() {
  sed -n 's/^  "version": *"\([^"]*\)".*/\1/p' "$dir/package.json" 2>/dev/null | head -n 1
}

if [ -x "$guard" ] && [ -d "$rules" ] &&
  { [ -z "$version" ] || [ "$(installed_version)" = "$version" ]; }; then
  echo "using $package $(installed_version) from $dir"
else
  command -v npm >/dev/null 2>&1 ||
    skip "npm is not installed, and $package is not in $prefix: cannot run the Control Tower guard rules (install npm, or run 'npm install --prefix $prefix $package')"
  spec=$package${version:+@$version}
  echo "installing $spec into $prefix"
  mkdir -p "$prefix" || skip "cannot create $prefix"
  limit=
  command -v timeout >/dev/null 2>&1 && limit="timeout 600"
  log=$prefix/npm-install.log
  # shellcheck disable=SC2086
  if ! $limit npm install --prefix "$prefix" --no-audit --no-fund --no-save --loglevel=error \
    --fetch-retries=1 --fetch-timeout=60000 "$spec" >"$log" 2>&1; then
    tail -n 5 "$log"
    skip "npm could not install $spec (is the npm registry reachable?); see $log"
  fi
  [ -x "$guard" ] || chmod +x "$guard" 2>/dev/null
  [ -x "$guard" ] || skip "$spec has no executable $guard"
  [ -d "$rules" ] || skip "$spec has no Control Tower rules in $rules"
fi
"$guard" --version || skip "$guard does not run on this system"

cd "$source" || exit 2
exec "$compare" --cfn-guard "$guard" --rules "$rules" "$@"
