# shellcheck shell=bash
# Sourced by .ci/mvn and .ci/run: finds a JDK 21+ and exports JAVA_HOME.
#   magpie_find_jdk   -> 0 and JAVA_HOME/MAGPIE_JAVA_VERSION set, or 1 and MAGPIE_JDK_TRIED lists what was seen
# Order: $JAVA_HOME, the javac on PATH, the newest under /usr/lib/jvm (and macOS' JavaVirtualMachines).

MAGPIE_MIN_JAVA=21

# prints the feature version (17, 21, 25; 8 for 1.8) of the JDK in directory $1, or nothing
magpie_jdk_version() {
  local home=$1
  [[ -x "$home/bin/java" && -x "$home/bin/javac" ]] || return 0
  "$home/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^[[:space:]]*java\.specification\.version = //p' | head -n 1 | sed 's/^1\.//; s/\..*//'
}

magpie_find_jdk() {
  MAGPIE_JDK_TRIED=""
  local candidates=() best="" best_version=0 home v
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  # the first two are taken as soon as one qualifies; otherwise the newest of the rest wins
  local i=0
  for home in "${candidates[@]}"; do
    i=$((i + 1))
    v=$(magpie_jdk_version "$home")
    if [[ "$v" =~ ^[0-9]+$ ]] && ((v >= MAGPIE_MIN_JAVA)); then
      best=$home best_version=$v
      break
    fi
    MAGPIE_JDK_TRIED+=$'\n'"  $home (${v:+Java $v}${v:-no JDK there})"
  done
  if [[ -z "$best" ]]; then
    for home in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
      [[ -d "$home" && ! -L "$home" ]] || continue
      v=$(magpie_jdk_version "$home")
      [[ "$v" =~ ^[0-9]+$ ]] || continue
      if ((v >= MAGPIE_MIN_JAVA && v > best_version)); then
        best=$home best_version=$v
      elif ((v < MAGPIE_MIN_JAVA)); then
        MAGPIE_JDK_TRIED+=$'\n'"  $home (Java $v)"
      fi
    done
  fi
  [[ -n "$best" ]] || return 1
  export JAVA_HOME=$best
  export MAGPIE_JAVA_VERSION=$best_version
  return 0
}

magpie_no_jdk_message() {
  echo "Magpie needs a JDK $MAGPIE_MIN_JAVA or newer (java and javac) and found none.${MAGPIE_JDK_TRIED:+$'\n'Seen:$MAGPIE_JDK_TRIED}"
  echo "Install one (e.g. the openjdk-21-jdk-headless or openjdk-25-jdk-headless package, or a Temurin JDK)"
  echo "and/or point JAVA_HOME at it."
}
