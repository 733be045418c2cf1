# Decides whether to build the Python package (bindings/python): included by the top-level
# CMakeLists.txt, it sets ECSGUARD_PYTHON_BINDINGS to ON when pybind11 and a Python 3 interpreter
# with its development files are found, and says why not otherwise.
option(ECSGUARD_BUILD_PYTHON "Build the Python package when pybind11 and Python 3 are found" ON)
set(ECSGUARD_PYTHON_BINDINGS OFF)

if(NOT ECSGUARD_BUILD_PYTHON)
  message(STATUS "Python bindings: off (ECSGUARD_BUILD_PYTHON=OFF)")
  return()
endif()

# An extension module built with -fsanitize cannot be loaded into an uninstrumented interpreter
# (the sanitizer runtime must come first in the process), so sanitizer presets skip it.
string(TOUPPER "${CMAKE_BUILD_TYPE}" _ecsguard_config)
if("${CMAKE_CXX_FLAGS} ${CMAKE_CXX_FLAGS_${_ecsguard_config}}" MATCHES "-fsanitize")
  message(STATUS "Python bindings: skipped in a sanitizer build")
  return()
endif()

# Debian's own interpreter, whose headers python3-dev provides; a pyenv or other python earlier
# on PATH would otherwise win. Pass -DPython3_EXECUTABLE=... to build for another interpreter.
if(NOT DEFINED Python3_EXECUTABLE AND EXISTS /usr/bin/python3)
  set(Python3_EXECUTABLE /usr/bin/python3 CACHE FILEPATH
      "The Python interpreter the ecsguard module is built for and tested with")
endif()
find_package(Python3 COMPONENTS Interpreter Development.Module)
if(Python3_FOUND)
  find_package(pybind11 2.6 CONFIG QUIET)
endif()
if(NOT Python3_FOUND OR NOT pybind11_FOUND)
  message(STATUS "Python bindings: skipped (needs pybind11-dev and python3-dev; "
                 "scripts/install-deps.sh installs them)")
  return()
endif()

message(STATUS "Python bindings: for ${Python3_EXECUTABLE} (${Python3_VERSION}), "
               "pybind11 ${pybind11_VERSION}")
set(ECSGUARD_PYTHON_BINDINGS ON)
