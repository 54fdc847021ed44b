# One switch for the project's own warning level, so third-party and generated code can opt out.
function(mpisight_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror)
endfunction()
