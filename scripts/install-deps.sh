#!/bin/sh
# Installs the Debian 12 packages ecsguard needs to build and test, when they are missing.
# Idempotent: installs nothing when everything is present. Runs apt-get as root or through sudo.
set -eu

packages="g++ make cmake ninja-build pkg-config nlohmann-json3-dev libyaml-cpp-dev libre2-dev catch2 libbenchmark-dev pybind11-dev python3-dev python3-pytest"

missing=""
for p in $packages; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

if [ -z "$missing" ]; then
  echo "install-deps: all build dependencies are installed"
  exit 0
fi

if [ "$(id -u)" = 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1; then
  sudo="sudo"
else
  echo "install-deps: missing packages:$missing" >&2
  echo "install-deps: run this script as root or install sudo" >&2
  exit 1
fi

echo "install-deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing
