@echo off
rem Magpie XMPP server for Windows: runs in the foreground with the Gogo shell
rem (lb, stop N, start N; 'stop 0' or Ctrl-C stops the server).
rem   JAVA_HOME  a Java 21+ installation (otherwise java on PATH)
rem   JAVA_OPTS  extra JVM options, e.g. set JAVA_OPTS=-Xmx1g -Dserver.client.port=5223
setlocal EnableExtensions

for %%i in ("%~dp0..") do set "MAGPIE_HOME=%%~fi"

set "JAVA=java"
if defined JAVA_HOME set "JAVA=%JAVA_HOME%\bin\java.exe"

set "JAVA_VERSION="
for /f "tokens=2 delims==" %%v in ('"%JAVA%" -XshowSettings:properties -version 2^>^&1 ^| findstr /c:"java.specification.version ="') do set "JAVA_VERSION=%%v"
if not defined JAVA_VERSION (
  echo Magpie needs Java 21 or newer and cannot run "%JAVA%". 1>&2
  echo Install a Java 21+ runtime ^(for example a Temurin build^) and set JAVA_HOME to it. 1>&2
  exit /b 1
)
set "JAVA_VERSION=%JAVA_VERSION: =%"
for /f "tokens=1 delims=." %%m in ("%JAVA_VERSION%") do set "JAVA_MAJOR=%%m"
if "%JAVA_MAJOR%"=="1" set "JAVA_MAJOR=8"
if %JAVA_MAJOR% LSS 21 (
  echo Magpie needs Java 21 or newer; "%JAVA%" is Java %JAVA_VERSION%. 1>&2
  echo Install a Java 21+ runtime ^(for example a Temurin build^) and set JAVA_HOME to it. 1>&2
  exit /b 1
)

cd /d "%MAGPIE_HOME%"
"%JAVA%" %JAVA_OPTS% "-Dmagpie.home=%MAGPIE_HOME%" -cp "%MAGPIE_HOME%\lib\*" org.magpie.server.launcher.Launcher
exit /b %ERRORLEVEL%
