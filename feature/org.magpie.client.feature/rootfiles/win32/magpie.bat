@echo off
rem Magpie desktop client for Windows: double-click it, or run it in a terminal.
rem Starts the Eclipse RCP product with Java 21+ through the Java part of the Equinox launcher
rem (plugins\org.eclipse.equinox.launcher_*.jar reads configuration\config.ini); there is no magpie.exe.
rem
rem   magpie.bat [-data <folder>] [-nl zh|en] [-consoleLog] [other Eclipse options]
rem
rem Java: %JAVA_HOME%\bin\java.exe when it is 21 or newer, otherwise a java.exe on the PATH.
rem MAGPIE_VMARGS: extra JVM options (e.g. set MAGPIE_VMARGS=-Xmx1g).
setlocal EnableExtensions EnableDelayedExpansion
set "MIN_JAVA=21"
set "HERE=%~dp0"
set "JAVA="
set "TRIED="

if defined JAVA_HOME call :check "%JAVA_HOME%\bin\java.exe"
if not defined JAVA (
  for /f "delims=" %%j in ('where java.exe 2^>nul') do (
    if not defined JAVA call :check "%%~j"
  )
)
if not defined JAVA goto nojava

set "LAUNCHER="
for %%l in ("%HERE%plugins\org.eclipse.equinox.launcher_*.jar") do set "LAUNCHER=%%~fl"
if not defined LAUNCHER (
  echo Magpie is incomplete: no plugins\org.eclipse.equinox.launcher_*.jar in !HERE!
  pause
  exit /b 1
)

rem exit code 23 asks for a restart (e.g. after changing the language)
:run
"%JAVA%" %MAGPIE_VMARGS% -jar "%LAUNCHER%" -nosplash %*
set "RC=%ERRORLEVEL%"
if "%RC%"=="23" goto run
exit /b %RC%

rem ---- :check "path\to\java.exe" - takes it as JAVA when it is Java MIN_JAVA or newer
:check
if not exist "%~1" (
  set "TRIED=!TRIED!  %~1: not there;"
  exit /b 0
)
set "V="
set "MAJOR="
rem 'java -version' says: openjdk version "21.0.2" 2024-01-16  (or "1.8.0_392" for Java 8)
for /f "tokens=3" %%v in ('call "%~1" -version 2^>^&1 ^| findstr /i /c:" version "') do (
  if not defined V set "V=%%~v"
)
if defined V (
  for /f "tokens=1,2 delims=.-_+" %%a in ("!V!") do (
    set "MAJOR=%%a"
    if "%%a"=="1" set "MAJOR=%%b"
  )
)
if defined MAJOR (
  if !MAJOR! GEQ %MIN_JAVA% (
    set "JAVA=%~1"
    exit /b 0
  )
  set "TRIED=!TRIED!  %~1: Java !MAJOR!;"
) else (
  set "TRIED=!TRIED!  %~1: does not run;"
)
exit /b 0

:nojava
echo Magpie needs Java %MIN_JAVA% or newer, and found none.
if defined JAVA_HOME (
  echo JAVA_HOME ^(!JAVA_HOME!^) has no Java %MIN_JAVA%+, and neither has the PATH.
) else (
  echo JAVA_HOME is not set, and the PATH has no Java %MIN_JAVA%+.
)
if defined TRIED echo Tried:!TRIED!
echo Install a Java %MIN_JAVA%+ runtime ^(e.g. the Eclipse Temurin 21 .msi installer, which can set
echo JAVA_HOME and the PATH^), then start Magpie again.
pause
exit /b 1
