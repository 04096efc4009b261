# gen_services.cmake - turns data/services.builtin into a C table.
#
# Run at build time: cmake -DIN=services.builtin -DOUT=services_builtin.c -P
# gen_services.cmake.  The input uses services(5) syntax; any line that is
# not blank, a comment or "name port/tcp|udp [aliases]" stops the build, so
# a typo in the data file cannot silently drop a service.
cmake_minimum_required(VERSION 3.18)

file(STRINGS "${IN}" lines)
set(body "")
set(count 0)
set(lineno 0)
foreach(line IN LISTS lines)
  math(EXPR lineno "${lineno} + 1")
  string(REGEX REPLACE "#.*$" "" line "${line}")
  string(STRIP "${line}" line)
  if(line STREQUAL "")
    continue()
  endif()
  if(NOT line MATCHES "^([A-Za-z0-9][A-Za-z0-9._+-]*)[ \t]+([0-9]+)/(tcp|udp)([ \t]+([A-Za-z0-9._+ \t-]*))?$")
    message(FATAL_ERROR "${IN}:${lineno}: not 'name port/proto [aliases]': ${line}")
  endif()
  set(name "${CMAKE_MATCH_1}")
  set(port "${CMAKE_MATCH_2}")
  set(proto "${CMAKE_MATCH_3}")
  set(aliases "${CMAKE_MATCH_5}")
  if(port GREATER 65535)
    message(FATAL_ERROR "${IN}:${lineno}: port out of range: ${port}")
  endif()
  string(REGEX REPLACE "[ \t]+" " " aliases "${aliases}")
  if(proto STREQUAL "udp")
    set(is_udp "true")
  else()
    set(is_udp "false")
  endif()
  string(APPEND body "\t{${port}, ${is_udp}, \"${name}\", \"${aliases}\"},\n")
  math(EXPR count "${count} + 1")
endforeach()
if(count EQUAL 0)
  message(FATAL_ERROR "${IN}: no entries")
endif()

file(WRITE "${OUT}.tmp"
"/* Generated from data/services.builtin by cmake/gen_services.cmake: do not edit. */
#include \"enrich/services_builtin.h\"

const struct services_builtin_entry services_builtin[] = {
${body}};

const size_t services_builtin_len = sizeof(services_builtin) / sizeof(services_builtin[0]);
")
# Only touch OUT when it changed, so that a reconfigure does not rebuild.
execute_process(COMMAND "${CMAKE_COMMAND}" -E copy_if_different "${OUT}.tmp" "${OUT}"
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cannot write ${OUT}")
endif()
file(REMOVE "${OUT}.tmp")
