# `cmake --install`: headers, libecsguard.so and libecsguard.a, the scanner, the bundled policies
# (found by the library and the scanner from <prefix>/share/ecsguard/policies), a CMake package
# (find_package(ecsguard) → ecsguard::ecsguard, ecsguard::ecsguard_static) and ecsguard.pc.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(DIRECTORY include/ecsguard DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.h")
install(TARGETS ecsguard_shared EXPORT ecsguardTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${ECSGUARD_MERGED_ARCHIVE} DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS ecsguard RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY policies/ DESTINATION ${CMAKE_INSTALL_DATADIR}/ecsguard/policies
        FILES_MATCHING PATTERN "*.yaml")

install(EXPORT ecsguardTargets NAMESPACE ecsguard::
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/ecsguard)
configure_package_config_file(cmake/ecsguardConfig.cmake.in
  ${PROJECT_BINARY_DIR}/ecsguardConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/ecsguard)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/ecsguardConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/ecsguardConfig.cmake
              ${PROJECT_BINARY_DIR}/ecsguardConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/ecsguard)

configure_file(cmake/ecsguard.pc.in ${PROJECT_BINARY_DIR}/ecsguard.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/ecsguard.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
