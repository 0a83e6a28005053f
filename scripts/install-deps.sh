#!/usr/bin/env bash
# Installs the system packages Sluice builds against when they are missing, and says what it does.
set -euo pipefail

need_libgit2() { ! pkg-config --exists libgit2 2>/dev/null; }
# Images are read and transformed with libvips.
need_libvips() { ! pkg-config --exists vips 2>/dev/null; }
# Videos are probed, and their poster frames taken, with FFmpeg's programs.
need_ffmpeg() { ! command -v ffprobe >/dev/null 2>&1 || ! command -v ffmpeg >/dev/null 2>&1; }
need_git() { ! command -v git >/dev/null 2>&1; }
need_pkgconfig() { ! command -v pkg-config >/dev/null 2>&1; }
# GRDB (local indexes) links the system SQLite.
need_sqlite() { [ ! -e /usr/include/sqlite3.h ] && ! pkg-config --exists sqlite3 2>/dev/null; }
# The ssh remote tests run a real OpenSSH server on loopback.
need_sshd() { [ ! -x /usr/sbin/sshd ]; }
# The tests check the shipped JSON Schemas with an independent validator, Python's jsonschema.
need_jsonschema() { ! python3 -c 'import jsonschema' >/dev/null 2>&1 && ! /usr/bin/python3 -c 'import jsonschema' >/dev/null 2>&1; }

if ! command -v swift >/dev/null 2>&1; then
  echo "sluice: a Swift 6 toolchain is required (https://www.swift.org/install/); 'swift' is not on PATH" >&2
  exit 1
fi

missing=()
need_pkgconfig && missing+=(pkg-config)
need_libgit2 && missing+=(libgit2-dev)
need_libvips && missing+=(libvips-dev)
need_ffmpeg && missing+=(ffmpeg)
need_sqlite && missing+=(libsqlite3-dev)
need_git && missing+=(git)
need_jsonschema && missing+=(python3-jsonschema)
need_sshd && missing+=(openssh-server)
# The server's API is checked against openapi/sluice.yaml with schemathesis (PyPI), kept in a venv in .build.
need_venv() { ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; }
need_venv && missing+=(python3-venv)

# Installs schemathesis into .build/python-tools when it is missing (after the system packages, which give venv).
schemathesis_tools() {
  local tools
  tools="$(cd "$(dirname "$0")/.." && pwd)/.build/python-tools"
  if [ ! -x "$tools/bin/schemathesis" ]; then
    echo "sluice: installing schemathesis 4.32.5 from PyPI into $tools (the API contract test uses it)"
    python3 -m venv "$tools"
    "$tools/bin/pip" install -q "schemathesis==4.32.5"
  fi
}

if [ ${#missing[@]} -eq 0 ]; then
  schemathesis_tools
  exit 0
fi

case "$(uname -s)" in
  Linux)
    if command -v apt-get >/dev/null 2>&1; then
      echo "sluice: installing missing system packages with apt-get: ${missing[*]}"
      sudo_cmd=""
      if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
      $sudo_cmd apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
      echo "sluice: installed ${missing[*]}"
      schemathesis_tools
    else
      echo "sluice: please install these packages with your package manager: ${missing[*]}" >&2
      exit 1
    fi
    ;;
  Darwin)
    echo "sluice: missing ${missing[*]}; install them with Homebrew: brew install libgit2 vips ffmpeg pkg-config git sqlite && pip3 install jsonschema" >&2
    exit 1
    ;;
  *)
    echo "sluice: please install: ${missing[*]}" >&2
    exit 1
    ;;
esac
