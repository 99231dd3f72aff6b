cmake_policy(SET CMP0057 NEW) # if(... IN_LIST ...)
# The direction between rpc and the handlers (issue #20): rpc runs a service
# table it is handed and includes no handler header; the handlers see rpc
# through rpc/include only. Run by the build (cmake -DSRC=service -P this);
# a violation fails it, naming the file and the include.
file(GLOB handler_headers RELATIVE ${SRC}/handlers ${SRC}/handlers/*.h)
file(GLOB rpc_private RELATIVE ${SRC}/rpc ${SRC}/rpc/*.h)
file(GLOB rpc_files ${SRC}/rpc/*.c ${SRC}/rpc/*.h ${SRC}/rpc/include/*.h)
file(GLOB handler_files ${SRC}/handlers/*.c ${SRC}/handlers/*.h)

set(bad "")
# Appends "file: #include "h"" to bad for each include of f among `banned`.
function(check f)
  set(banned ${ARGN})
  file(STRINGS ${f} lines REGEX "^[ \t]*#[ \t]*include[ \t]*\"")
  foreach(line IN LISTS lines)
    string(REGEX REPLACE ".*\"([^\"]+)\".*" "\\1" h "${line}")
    get_filename_component(h "${h}" NAME)
    if(h IN_LIST banned)
      set(bad "${bad}\n  ${f}: #include \"${h}\"" PARENT_SCOPE)
    endif()
  endforeach()
endfunction()

foreach(f IN LISTS rpc_files)
  check(${f} ${handler_headers})
endforeach()
foreach(f IN LISTS handler_files)
  check(${f} ${rpc_private})
endforeach()
# The rendering library (report/, issue #15) draws what it is handed: it
# includes no store, rpc or handler header.
file(GLOB store_headers RELATIVE ${SRC}/store ${SRC}/store/*.h)
file(GLOB rpc_public RELATIVE ${SRC}/rpc/include ${SRC}/rpc/include/*.h)
file(GLOB report_files ${SRC}/../report/*.c ${SRC}/../report/*.h)
foreach(f IN LISTS report_files)
  check(${f} ${handler_headers} ${rpc_private} ${rpc_public} ${store_headers})
endforeach()
# The front ends (gateway/ HTTP, grpc/ gRPC, issue #17) are clients of the
# REP socket: they reach dispatch, the store and the server only through
# what main.c hands them (callbacks), never by header.
file(GLOB front_files ${SRC}/gateway/*.c ${SRC}/gateway/*.h ${SRC}/grpc/*.c
     ${SRC}/grpc/*.h)
foreach(f IN LISTS front_files)
  check(${f} ${handler_headers} ${rpc_private} ${rpc_public} ${store_headers})
endforeach()
if(bad)
  message(FATAL_ERROR "layering: rpc must not include handler headers, nor "
          "handlers rpc's private ones (only rpc/include), nor report/ "
          "any store, rpc or handler header, nor a front end (gateway/, "
          "grpc/) any rpc, handler or store header:${bad}")
endif()
