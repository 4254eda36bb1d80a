# Installable libraries (shared libcarepage.so.MAJOR and static libcarepage.a),
# install rules, pkg-config file and CMake package. Included from the top-level
# CMakeLists.txt after CAREPAGE_SOURCES and CAREPAGE_PKG_MODULES are set.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

option(CAREPAGE_BUILD_SHARED "Build and install the shared library libcarepage.so" ON)
option(CAREPAGE_BUILD_STATIC "Build and install the static library libcarepage.a" ON)

# The dependencies under a name of our own, recreated by carepage-config.cmake.
pkg_check_modules(CAREPAGE_DEPS REQUIRED IMPORTED_TARGET ${CAREPAGE_PKG_MODULES})

# Compiled once for both libraries: position independent, and every symbol
# hidden except those marked CARE_API.
add_library(carepage_objects OBJECT ${CAREPAGE_SOURCES})
target_include_directories(carepage_objects PRIVATE include render ${HYPHEN_INCLUDE_DIR})
target_compile_definitions(carepage_objects PRIVATE CARE_BUILDING_LIBRARY
  CAREPAGE_HYPHEN_DICT="${CAREPAGE_HYPHEN_DICT}")
target_link_libraries(carepage_objects PRIVATE PkgConfig::CAREPAGE_DEPS ${CAREPAGE_GIF_LIBS})
set_target_properties(carepage_objects PROPERTIES POSITION_INDEPENDENT_CODE ON
  C_VISIBILITY_PRESET hidden)

set(carepage_installed)
function(carepage_library target type export_name)
  add_library(${target} ${type} $<TARGET_OBJECTS:carepage_objects>)
  target_include_directories(${target} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_link_libraries(${target} PRIVATE PkgConfig::CAREPAGE_DEPS ${CAREPAGE_GIF_LIBS}
    ${HYPHEN_LIBRARY} m)
  set_target_properties(${target} PROPERTIES OUTPUT_NAME carepage EXPORT_NAME ${export_name})
  add_library(carepage::${export_name} ALIAS ${target})
endfunction()

if(CAREPAGE_BUILD_SHARED)
  carepage_library(carepage_shared SHARED carepage)
  set_target_properties(carepage_shared PROPERTIES
    VERSION ${PROJECT_VERSION} SOVERSION ${PROJECT_VERSION_MAJOR})
  target_link_options(carepage_shared PRIVATE -Wl,--no-undefined)
  list(APPEND carepage_installed carepage_shared)
endif()
if(CAREPAGE_BUILD_STATIC)
  # carepage::carepage is the shared library when there is one.
  set(static_name carepage)
  if(CAREPAGE_BUILD_SHARED)
    set(static_name carepage_static)
  endif()
  carepage_library(carepage_static STATIC ${static_name})
  list(APPEND carepage_installed carepage_static)
endif()

# ---------- install ----------
install(TARGETS ${carepage_installed} EXPORT carepage-targets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES include/carepage.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS carepage carepage-kiosk RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# Into a directory the dynamic loader searches (/usr/local/lib, /usr/lib/...), as
# root and not staged (DESTDIR): refresh the loader's cache, or a program linked
# with -lcarepage would not find libcarepage.so.0 until someone runs ldconfig.
# Any other prefix needs LD_LIBRARY_PATH or an rpath (docs/api.md).
install(CODE "set(carepage_libdir \"${CMAKE_INSTALL_LIBDIR}\")")
install(CODE [[
  if(NOT IS_ABSOLUTE "${carepage_libdir}")
    set(carepage_libdir "${CMAKE_INSTALL_PREFIX}/${carepage_libdir}")
  endif()
  find_program(carepage_ldconfig ldconfig PATHS /sbin /usr/sbin NO_CACHE)
  execute_process(COMMAND id -u OUTPUT_VARIABLE carepage_uid OUTPUT_STRIP_TRAILING_WHITESPACE)
  if("$ENV{DESTDIR}" STREQUAL "" AND carepage_uid STREQUAL "0" AND carepage_ldconfig)
    # "ldconfig -v -N -X" lists the searched directories as "DIR: (from ...)".
    execute_process(COMMAND ${carepage_ldconfig} -v -N -X OUTPUT_VARIABLE carepage_dirs ERROR_QUIET)
    string(REGEX MATCHALL "(^|\n)/[^:\n]*:" carepage_dirs "${carepage_dirs}")
    file(REAL_PATH "${carepage_libdir}" carepage_real)
    foreach(dir IN LISTS carepage_dirs)
      string(REGEX REPLACE "^\n?(/[^:]*):$" "\\1" dir "${dir}")
      file(REAL_PATH "${dir}" dir)
      if(dir STREQUAL carepage_real)
        message(STATUS "Running ldconfig: ${carepage_libdir} is searched by the dynamic loader")
        execute_process(COMMAND ${carepage_ldconfig} RESULT_VARIABLE carepage_rc)
        if(NOT carepage_rc EQUAL 0)
          message(WARNING "ldconfig failed (${carepage_rc}): run it as root before starting a program linked with -lcarepage")
        endif()
        break()
      endif()
    endforeach()
  endif()
]])

# pkg-config: relocatable (prefix found from the .pc file's own directory).
set(CAREPAGE_PC_PREFIX "\${pcfiledir}")
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(CAREPAGE_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH rel "/p/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/p")
  string(REGEX REPLACE "/$" "" rel "${rel}")
  string(APPEND CAREPAGE_PC_PREFIX "/${rel}")
endif()
foreach(kind LIB INCLUDE)
  set(CAREPAGE_PC_${kind}DIR "\${prefix}/${CMAKE_INSTALL_${kind}DIR}")
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${kind}DIR}")
    set(CAREPAGE_PC_${kind}DIR "${CMAKE_INSTALL_${kind}DIR}")
  endif()
endforeach()
list(JOIN CAREPAGE_PKG_MODULES " " CAREPAGE_PC_REQUIRES)
# Libraries found without pkg-config go into Libs.private themselves: libhyphen
# (no .pc), and giflib when it has none.
set(CAREPAGE_PC_LIBS_PRIVATE "-lhyphen -lm")
set(CAREPAGE_FIND_GIF "")
if(CAREPAGE_GIF_LIBS)
  set(CAREPAGE_PC_LIBS_PRIVATE "-lgif -lhyphen -lm")
  set(CAREPAGE_FIND_GIF "find_dependency(GIF 5)")
endif()
configure_file(carepage.pc.in ${PROJECT_BINARY_DIR}/carepage.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/carepage.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# CMake package: find_package(carepage) -> carepage::carepage.
set(CAREPAGE_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/carepage)
install(EXPORT carepage-targets NAMESPACE carepage:: DESTINATION ${CAREPAGE_CMAKE_DIR})
configure_package_config_file(cmake/carepage-config.cmake.in
  ${PROJECT_BINARY_DIR}/carepage-config.cmake INSTALL_DESTINATION ${CAREPAGE_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/carepage-config-version.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/carepage-config.cmake
  ${PROJECT_BINARY_DIR}/carepage-config-version.cmake DESTINATION ${CAREPAGE_CMAKE_DIR})
