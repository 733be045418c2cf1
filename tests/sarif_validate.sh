#!/bin/sh
# The official SARIF validator (ctest sarif_validator): installs @microsoft/sarif-multitool into
# the build tree (once; later runs reuse it), writes ecsguard's SARIF for a set of scans that
# together use every part of the format (rules, all levels, suppressions, notifications, mapped
# .tf locations, absolute URIs), and validates each. Any validator error fails the test; warnings
# and notes (style advice such as "rule ids should look like CS2001") are printed and counted.
#
#   sarif_validate.sh ECSGUARD NPM_PREFIX [PACKAGE_VERSION]
#
# Run from the source tree. Exits 77 (ctest SKIP_RETURN_CODE) with a message when the tool is not
# installed and npm or its registry cannot be reached, or when it has no binary for this platform.
set -u

if [ $# -lt 2 ]; then
  echo "usage: $0 ECSGUARD NPM_PREFIX [PACKAGE_VERSION]" >&2
  exit 2
fi
ecsguard=$1
prefix=$2
version=${3:-}

skip() {
  echo "SKIP: $*"
  exit 77
}

package=@microsoft/sarif-multitool
case "$(uname -s)" in
  Linux) native=sarif-multitool-linux ;;
  Darwin) native=sarif-multitool-darwin ;;
  *) skip "$package ships no binary for $(uname -s)" ;;
esac
# The native program itself: the package's bin.js passes arguments through a shell unquoted.
tool=$prefix/node_modules/@microsoft/$native/Sarif.Multitool

installed_version() {
  sed -n 's/^[[:space:]]*"version": *"\([^"]*\)".*/\1/p' \
    "$prefix/node_modules/@microsoft/$native/package.json" 2>/dev/null | head -n 1
}

if [ -f "$tool" ] && { [ -z "$version" ] || [ "$(installed_version)" = "$version" ]; }; then
  echo "using $package $(installed_version) from $prefix"
else
  command -v npm >/dev/null 2>&1 ||
    skip "npm is not installed and $package is not in $prefix: cannot run the official SARIF validator (report_sarif_test.cc still checks the structure)"
  spec=$package${version:+@$version}
  echo "installing $spec into $prefix"
  mkdir -p "$prefix" || skip "cannot create $prefix"
  limit=
  command -v timeout >/dev/null 2>&1 && limit="timeout 600"
  if ! $limit npm install --prefix "$prefix" --no-audit --no-fund --no-save --loglevel=error \
      --fetch-retries=1 --fetch-timeout=60000 "$spec"; then
    skip "npm could not install $spec (no network or registry?): the official SARIF validator did not run"
  fi
  [ -f "$tool" ] || skip "$spec installed no $native binary for this platform"
fi
chmod u+x "$tool" 2>/dev/null
# .NET needs ICU for culture data unless told not to; the validator needs none.
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

out=$prefix/reports
mkdir -p "$out" || exit 2
failed=0

# name | ecsguard scan arguments
scan() {
  name=$1
  shift
  "$ecsguard" scan "$@" --format sarif >"$out/$name.sarif" 2>"$out/$name.stderr"
  status=$?
  if [ $status -gt 2 ] || [ ! -s "$out/$name.sarif" ]; then
    echo "FAIL $name: ecsguard scan exited $status"
    cat "$out/$name.stderr"
    failed=1
    return
  fi
  "$tool" validate "$out/$name.sarif" --output "$out/$name.validation.sarif" \
    --log ForceOverwrite --level "Error;Warning;Note" >"$out/$name.validation.txt" 2>&1
  errors=$(grep -c ': error ' "$out/$name.validation.txt")
  warnings=$(grep -c ': warning ' "$out/$name.validation.txt")
  notes=$(grep -c ': note ' "$out/$name.validation.txt")
  if ! grep -q 'Analysis completed successfully' "$out/$name.validation.txt"; then
    echo "FAIL $name: the validator did not complete"
    cat "$out/$name.validation.txt"
    failed=1
  elif [ "$errors" -ne 0 ]; then
    echo "FAIL $name: $errors errors, $warnings warnings, $notes notes"
    grep -E ': (error|warning) ' "$out/$name.validation.txt"
    failed=1
  else
    echo "ok   $name: 0 errors, $warnings warnings, $notes notes ($out/$name.validation.txt)"
    grep ': warning ' "$out/$name.validation.txt"
  fi
}

scan examples testdata/examples --suppressions testdata/golden/reports/suppressions.yaml \
  --include-passed
scan conformance testdata/conformance --include-passed
scan tf-source testdata/terraform/modules_deep/plan.json testdata/tf-source/registry/plan.json \
  --tf-source testdata/tf-source/modules-deep
scan bad-inputs testdata/bad/terraform
scan outside-root testdata/examples/fargate-service/plan.json --source-root docs
scan golden-file testdata/examples --no-bundled-policies --policies testdata/golden/reports/policies \
  --suppressions testdata/golden/reports/suppressions.yaml
cmp -s "$out/golden-file.sarif" testdata/golden/reports/examples.sarif ||
  echo "note: testdata/golden/reports/examples.sarif differs from a fresh scan (report_golden_test.cc says how)"
exit $failed
