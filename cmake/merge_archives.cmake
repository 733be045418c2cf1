# Merges static archives into one (the installed libecsguard.a), with an ar MRI script.
# Invoked as: cmake -DOUTPUT=<archive> -DINPUTS=<a;b;...> -DAR=<ar> -P merge_archives.cmake
set(script "CREATE ${OUTPUT}\n")
foreach(lib IN LISTS INPUTS)
  string(APPEND script "ADDLIB ${lib}\n")
endforeach()
string(APPEND script "SAVE\nEND\n")
file(WRITE "${OUTPUT}.mri" "${script}")
file(REMOVE "${OUTPUT}")
execute_process(COMMAND "${AR}" -M INPUT_FILE "${OUTPUT}.mri" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "merging static archives into ${OUTPUT} failed")
endif()
