#!/bin/sh
# Magpie desktop client for macOS: double-click it in the Finder, or run it in a terminal.
# Starts the Eclipse RCP product with Java 21+ through the Java part
# of the Equinox launcher (plugins/org.eclipse.equinox.launcher_*.jar reads configuration/config.ini);
# there is no native launcher.
#
#   ./Magpie.command [-data <folder>] [-nl zh|en] [-consoleLog] [other Eclipse options]
#
# Java: $JAVA_HOME/bin/java when it is 21 or newer, otherwise the java on PATH, otherwise
# /usr/libexec/java_home -v 21+. SWT on macOS needs -XstartOnFirstThread (added here).
# MAGPIE_VMARGS: extra JVM options (e.g. MAGPIE_VMARGS="-Xmx1g").
MIN_JAVA=21
HERE=$(cd "$(dirname "$0")" && pwd)

# prints the feature version of the java at $1 (17, 21, 25; 8 for 1.8), or nothing when it does not run
java_version() {
  "$1" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1 | sed 's/^1\.//; s/[^0-9].*//'
}

JAVA=
TRIED=
MAC_JAVA=
if [ -x /usr/libexec/java_home ]; then
  MAC_JAVA=$(/usr/libexec/java_home -v "$MIN_JAVA+" 2>/dev/null)
  MAC_JAVA=${MAC_JAVA:+$MAC_JAVA/bin/java}
fi
for candidate in "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java 2>/dev/null)" "$MAC_JAVA"; do
  [ -n "$candidate" ] || continue
  v=$(java_version "$candidate")
  if [ -n "$v" ] && [ "$v" -ge "$MIN_JAVA" ]; then
    JAVA=$candidate
    break
  fi
  if [ -n "$v" ]; then seen="Java $v"; else seen="does not run"; fi
  TRIED="$TRIED
  $candidate: $seen"
done

if [ -z "$JAVA" ]; then
  if [ -n "$JAVA_HOME" ]; then
    where="JAVA_HOME ($JAVA_HOME) has no Java $MIN_JAVA+, and neither has the PATH."
  else
    where="JAVA_HOME is not set, and the PATH has no Java $MIN_JAVA+."
  fi
  [ -n "$TRIED" ] && where="$where
Tried:$TRIED"
  msg="Magpie needs Java $MIN_JAVA or newer, and found none. $where
Install a Java $MIN_JAVA+ runtime (e.g. the Eclipse Temurin 21 .pkg installer),
then put its bin folder on the PATH or set JAVA_HOME to it, and start Magpie again."
  echo "$msg" >&2
  # started as magpie.app (no terminal): show it in a dialog; double-clicked Magpie.command: the
  # Terminal window shows it, kept open until Return is pressed
  if [ ! -t 2 ] && command -v osascript >/dev/null 2>&1; then
    osascript -e 'on run argv' -e 'display alert "Magpie" message (item 1 of argv)' -e 'end run' "$msg" >/dev/null 2>&1
  elif [ -t 0 ]; then
    printf 'Press Return to close.' >&2
    read -r _
  fi
  exit 1
fi

LAUNCHER=
for jar in "$HERE"/plugins/org.eclipse.equinox.launcher_*.jar; do
  [ -f "$jar" ] && LAUNCHER=$jar
done
if [ -z "$LAUNCHER" ]; then
  echo "Magpie is incomplete: no plugins/org.eclipse.equinox.launcher_*.jar in $HERE" >&2
  exit 1
fi

# exit code 23 asks for a restart (e.g. after changing the language)
while :; do
  # shellcheck disable=SC2086
  "$JAVA" -XstartOnFirstThread $MAGPIE_VMARGS -jar "$LAUNCHER" -nosplash "$@"
  rc=$?
  [ "$rc" -eq 23 ] || exit "$rc"
done
