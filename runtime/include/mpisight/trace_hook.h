/* How code that calls MPI on the user's behalf (the mpisight C++ API) tells the tracer which user source line a
 * call belongs to. libmpisight.so defines these functions; without the tracer the weak references are null. */
#ifndef MPISIGHT_TRACE_HOOK_H
#define MPISIGHT_TRACE_HOOK_H

#ifdef __cplusplus
extern "C" {
#endif

/* From now until mpisight_call_site_end(), every MPI call the calling thread makes is attributed to
 * `file`:`line` in `function` instead of to its return address. The strings must live as long as the process
 * (string literals, as std::source_location provides). Calls do not nest: a second begin replaces the first. */
void mpisight_call_site_begin(const char* file, unsigned line, const char* function) __attribute__((weak));
void mpisight_call_site_end(void) __attribute__((weak));

#ifdef __cplusplus
}
#endif

#endif /* MPISIGHT_TRACE_HOOK_H */
