/* Test program, 2 ranks: a few calls of every family without communication meaning (datatypes, info, attributes,
 * error handlers, MPI_T, MPIX, memory, timers, environment queries), so the trace test can check each region's
 * role and paradigm. Prints "other_families: OK" when every call succeeded. */
#include <stdio.h>

#include <mpi.h>

static int g_errors;

static void check(int result, const char* what) {
  if (result != MPI_SUCCESS) {
    fprintf(stderr, "other_families: %s failed\n", what);
    ++g_errors;
  }
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);

  MPI_Datatype pair;
  check(MPI_Type_contiguous(2, MPI_INT, &pair), "MPI_Type_contiguous");
  check(MPI_Type_commit(&pair), "MPI_Type_commit");
  check(MPI_Type_free(&pair), "MPI_Type_free");

  MPI_Info info;
  check(MPI_Info_create(&info), "MPI_Info_create");
  check(MPI_Info_set(info, "key", "value"), "MPI_Info_set");
  check(MPI_Info_free(&info), "MPI_Info_free");

  int keyval = MPI_KEYVAL_INVALID;
  static int value = 42;
  check(MPI_Comm_create_keyval(MPI_COMM_NULL_COPY_FN, MPI_COMM_NULL_DELETE_FN, &keyval, NULL),
        "MPI_Comm_create_keyval");
  check(MPI_Comm_set_attr(MPI_COMM_WORLD, keyval, &value), "MPI_Comm_set_attr");
  check(MPI_Comm_delete_attr(MPI_COMM_WORLD, keyval), "MPI_Comm_delete_attr");
  check(MPI_Comm_free_keyval(&keyval), "MPI_Comm_free_keyval");

  check(MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN), "MPI_Comm_set_errhandler");

  int provided = 0;
  int cvars = 0;
  check(MPI_T_init_thread(MPI_THREAD_SINGLE, &provided), "MPI_T_init_thread");
  check(MPI_T_cvar_get_num(&cvars), "MPI_T_cvar_get_num");
  check(MPI_T_finalize(), "MPI_T_finalize");

  g_errors += MPIX_Query_cuda_support() < 0;

  void* memory = NULL;
  check(MPI_Alloc_mem(64, MPI_INFO_NULL, &memory), "MPI_Alloc_mem");
  check(MPI_Free_mem(memory), "MPI_Free_mem");

  g_errors += MPI_Wtime() <= 0.0;
  g_errors += MPI_Wtick() <= 0.0;
  char name[MPI_MAX_PROCESSOR_NAME];
  int length = 0;
  check(MPI_Get_processor_name(name, &length), "MPI_Get_processor_name");

  int total = 0;
  MPI_Allreduce(&g_errors, &total, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
  if (rank == 0) {
    printf(total == 0 ? "other_families: OK\n" : "other_families: FAILED, %d errors\n", total);
  }
  MPI_Finalize();
  return total == 0 ? 0 : 1;
}
