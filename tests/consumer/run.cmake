# Installs the build into a private prefix, then builds tests/consumer against it with
# find_package (shared and static) and with pkg-config, and runs each consumer on a plan.
set(prefix ${BUILD_DIR}/consumer/prefix)
set(work ${BUILD_DIR}/consumer/build)
set(plan ${SOURCE_DIR}/testdata/examples/fargate-service/plan.json)
file(REMOVE_RECURSE ${BUILD_DIR}/consumer)

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  message(STATUS "${out}")
endfunction()

run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
foreach(f include/ecsguard/scanner.h include/ecsguard/ecsguard.h lib/libecsguard.a
          lib/libecsguard.so lib/pkgconfig/ecsguard.pc lib/cmake/ecsguard/ecsguardConfig.cmake
          bin/ecsguard share/ecsguard/policies/container/ecs-container-privileged.yaml)
  if(NOT EXISTS ${prefix}/${f})
    message(FATAL_ERROR "not installed: ${f}")
  endif()
endforeach()

# find_package
run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/consumer -B ${work} -DCMAKE_PREFIX_PATH=${prefix})
run(${CMAKE_COMMAND} --build ${work})
# The shared library finds the pack next to itself; the static one is told where it is.
run(${CMAKE_COMMAND} -E env LD_LIBRARY_PATH=${prefix}/lib ECSGUARD_POLICY_DIR= ${work}/consumer_shared ${plan})
run(${CMAKE_COMMAND} -E env ECSGUARD_POLICY_DIR=${prefix}/share/ecsguard/policies ${work}/consumer_static ${plan})

# pkg-config
set(ENV{PKG_CONFIG_PATH} ${prefix}/lib/pkgconfig)
execute_process(COMMAND pkg-config --define-variable=prefix=${prefix} --cflags --libs ecsguard
  RESULT_VARIABLE rc OUTPUT_VARIABLE flags OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "pkg-config does not know ecsguard")
endif()
separate_arguments(flags UNIX_COMMAND "${flags}")
run(c++ -std=c++17 ${SOURCE_DIR}/tests/consumer/main.cc -o ${work}/consumer_pkgconfig ${flags})
run(${CMAKE_COMMAND} -E env LD_LIBRARY_PATH=${prefix}/lib ${work}/consumer_pkgconfig ${plan})

# The Python package, when built (tests/CMakeLists.txt passes the interpreter): imported from the
# prefix with no help but PYTHONPATH, finding libecsguard.so by RPATH and the pack by location.
# A policy added to the installed pack only proves the pack came from the prefix, not from the
# source tree a development build also knows.
if(DEFINED ENV{ECSGUARD_TEST_PYTHON} AND NOT "$ENV{ECSGUARD_TEST_PYTHON}" STREQUAL "")
  set(site ${prefix}/$ENV{ECSGUARD_TEST_PYTHON_DIR})
  file(WRITE ${prefix}/share/ecsguard/policies/installed-marker.yaml
    "id: installed-marker\ntitle: Marker\nseverity: info\nkind: task_definition\n"
    "check: {attribute: network_mode, not_equals: host}\nmessage: marker\n")
  run(${CMAKE_COMMAND} -E env PYTHONPATH=${site} ECSGUARD_POLICY_DIR= PYTHONDONTWRITEBYTECODE=1
      $ENV{ECSGUARD_TEST_PYTHON} -c [[
import sys, ecsguard
assert ecsguard.__file__.startswith(sys.argv[1]), ecsguard.__file__
assert "installed-marker" in ecsguard.load_policies(), "the installed pack was not used"
result = ecsguard.scan(sys.argv[2])
assert any(f.policy_id == "ecs-container-privileged" for f in result.failing), result
print("python: ecsguard", ecsguard.__version__, "from", ecsguard.__file__)
]] ${site} ${plan})
endif()
