#!/usr/bin/env python3
"""Unit tests of interpose/generate_wrappers.py: the declaration parser on tricky prototypes, its failures, the
emitted files, and the family classification. With MPISIGHT_PREPROCESSED_MPI set (ctest does), also the real headers.
"""

import contextlib
import io
import os
import re
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "interpose"))
import generate_wrappers as gen  # noqa: E402


def preprocessed(body: str, header: str = "/usr/include/mpich/mpi_proto.h") -> str:
    """Text as `cc -E` prints it: a line marker, then the declarations."""
    return f'# 1 "{header}" 1\n{body}'


TWIN = re.compile(r"\b(MPIX?_\w+)(?=\s*\()")


def with_twins(*prototypes: str) -> str:
    """Each MPI prototype followed by its PMPI twin, so collect() accepts it."""
    return "".join(p + "\n" + TWIN.sub(r"P\1", p, count=1) + "\n" for p in prototypes)


def only(text: str) -> gen.Prototype:
    api = gen.collect(preprocessed(text))
    assert len(api.functions) == 1, [f.name for f in api.functions]
    return api.functions[0]


class ParserTest(unittest.TestCase):
    def test_void_parameter_list_means_no_parameters(self):
        fn = only(with_twins("double MPI_Wtime(void);"))
        self.assertEqual((fn.return_type, fn.params, fn.variadic), ("double", [], False))
        self.assertIn("double MPI_Wtime(void) {", gen.emit_wrapper(fn, weak_twin=False))
        self.assertIn("(__builtin_return_address(0), &PMPI_Wtime);", gen.emit_wrapper(fn, weak_twin=False))

    def test_variadic_forwards_only_fixed_arguments(self):
        fn = only(with_twins("int MPI_Pcontrol(const int level, ...);"))
        self.assertTrue(fn.variadic)
        self.assertEqual([p.decl for p in fn.params], ["const int level"])
        wrapper = gen.emit_wrapper(fn, weak_twin=False)
        self.assertIn("int MPI_Pcontrol(const int level, ...) {", wrapper)
        self.assertIn("&PMPI_Pcontrol, level);", wrapper)

    def test_array_declarators_keep_their_bounds(self):
        fn = only(with_twins("int MPI_Group_range_incl(MPI_Group group, int n, int ranges[][3], MPI_Group *newgroup);"))
        self.assertEqual([p.decl for p in fn.params],
                         ["MPI_Group group", "int n", "int ranges[][3]", "MPI_Group *newgroup"])
        self.assertEqual([p.name for p in fn.params], ["group", "n", "ranges", "newgroup"])
        fn = only(with_twins("int MPI_Waitall(int count, MPI_Request array_of_requests[], MPI_Status *s);"))
        self.assertEqual(fn.params[1].decl, "MPI_Request array_of_requests[]")
        self.assertEqual(fn.params[1].name, "array_of_requests")

    def test_function_pointer_parameters(self):
        fn = only(with_twins("int MPI_Hook(int (*callback)(MPI_Comm, void *), void *extra_state);"))
        self.assertEqual(fn.params[0].decl, "int (*callback)(MPI_Comm, void *)")
        self.assertEqual(fn.params[0].name, "callback")
        self.assertEqual(fn.params[0].type_key, "int (*)(MPI_Comm, void *)")
        fn = only(with_twins("int MPI_Op_create(MPI_User_function *user_fn, int commute, MPI_Op *op);"))
        self.assertEqual(fn.params[0].decl, "MPI_User_function *user_fn")

    def test_unnamed_parameters_get_names(self):
        fn = only(with_twins("int MPI_Thing(MPI_Comm, const char *, int (*)(int), int [], char ***);"))
        self.assertEqual([p.decl for p in fn.params],
                         ["MPI_Comm arg0", "const char *arg1", "int (*arg2)(int)", "int arg3[]", "char ***arg4"])
        self.assertIn("&PMPI_Thing, arg0, arg1, arg2, arg3, arg4);", gen.emit_wrapper(fn, weak_twin=False))

    def test_parameter_list_comes_from_the_mpi_prototype_when_the_twin_is_unnamed(self):
        text = ("int MPI_File_open(MPI_Comm comm, const char *filename, int amode, MPI_Info info, MPI_File *fh);\n"
                "int PMPI_File_open(MPI_Comm, const char *, int, MPI_Info, MPI_File *);\n")
        fn = only(text)
        self.assertEqual([p.name for p in fn.params], ["comm", "filename", "amode", "info", "fh"])

    def test_non_int_return_types(self):
        api = gen.collect(preprocessed(with_twins("MPI_Aint MPI_Aint_add(MPI_Aint base, MPI_Aint disp);",
                                                  "MPI_Fint MPI_Comm_c2f(MPI_Comm comm);",
                                                  "unsigned long long MPI_Big(void);",
                                                  "const char *MPI_Name(int id);")))
        self.assertEqual([f.return_type for f in api.functions],
                         ["MPI_Aint", "MPI_Fint", "unsigned long long", "const char *"])

    def test_multiline_declarations_with_attributes(self):
        fn = only(with_twins('int MPI_Send(const void *buf, int count,\n    MPI_Datatype datatype)\n'
                             '    __attribute__((visibility("default"))) __attribute__((nonnull (1)));'))
        self.assertEqual([p.decl for p in fn.params], ["const void *buf", "int count", "MPI_Datatype datatype"])

    def test_typedefs_types_and_variables_are_skipped(self):
        text = ("typedef int (MPI_Comm_copy_attr_function)(MPI_Comm, int, void *, void *, void *, int *);\n"
                "typedef struct MPI_Status { int MPI_SOURCE; int count_lo; } MPI_Status;\n"
                "enum MPIR_Combiner_enum { MPI_COMBINER_NAMED = 1, MPI_COMBINER_DUP };\n"
                "extern struct MPIR_T_pvar_handle_s * const MPI_T_PVAR_ALL_HANDLES;\n"
                "extern int MPI_x, *MPI_y;\n" + with_twins("int MPI_Barrier(MPI_Comm comm);"))
        self.assertEqual([f.name for f in gen.collect(preprocessed(text)).functions], ["MPI_Barrier"])

    def test_only_the_mpi_headers_count_and_header_order_is_kept(self):
        text = (preprocessed(with_twins("int MPI_Send(int a);", "int MPIX_Comm_revoke(MPI_Comm comm);"))
                + '# 1 "/usr/include/stdio.h" 1\nint MPI_NotFromMpi(int x);\nint QMPI_Send(int a);\n'
                + '# 7 "/usr/include/mpich/mpio.h" 1\n' + with_twins("int MPI_File_sync(MPI_File fh);"))
        api = gen.collect(text)
        self.assertEqual([f.name for f in api.functions], ["MPI_Send", "MPIX_Comm_revoke", "MPI_File_sync"])
        self.assertEqual((Path(api.functions[2].header).name, api.functions[2].line), ("mpio.h", 7))


class FailureTest(unittest.TestCase):
    def assert_fails(self, text: str, *fragments: str) -> None:
        with self.assertRaises(gen.GeneratorError) as caught:
            gen.collect(preprocessed(text))
        for fragment in fragments:
            self.assertIn(fragment, str(caught.exception))

    def test_unparseable_prototype_names_itself_and_its_line(self):
        self.assert_fails("int MPI_Barrier(MPI_Comm comm);\nint MPI_Broken(int count garbage here);",
                          "mpi_proto.h:2", "MPI_Broken", "garbage")

    def test_empty_parentheses_are_rejected(self):
        self.assert_fails(with_twins("int MPI_Old();"), "MPI_Old", "empty parameter list")

    def test_function_typed_parameter_is_rejected(self):
        self.assert_fails(with_twins("int MPI_Weird(int fn(int));"), "MPI_Weird", "function-typed")

    def test_function_body_is_rejected(self):
        self.assert_fails("static inline int MPI_Inline(int x) { return x; }", "MPI_Inline")

    def test_missing_twin_is_rejected(self):
        self.assert_fails("int MPI_Lonely(int x);", "MPI_Lonely has no PMPI_Lonely")

    def test_twin_with_other_types_is_rejected(self):
        self.assert_fails("int MPI_Send(int x);\nint PMPI_Send(long x);", "MPI_Send and PMPI_Send")

    def test_implausibly_few_functions_fail_the_build(self):
        with tempfile.TemporaryDirectory() as out, self.assertRaises(gen.GeneratorError) as caught:
            gen.generate(preprocessed(with_twins("int MPI_Send(int a);")), Path(out), 500, None)
        self.assertIn("found only 1 MPI functions", str(caught.exception))

    def test_command_line_exits_non_zero_with_a_one_line_message(self):
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "mpi.i"
            source.write_text(preprocessed("int MPI_Broken(int x y);\n"))
            stderr = io.StringIO()
            with contextlib.redirect_stderr(stderr):
                status = gen.main(["--preprocessed", str(source), "--out-dir", str(Path(tmp) / "out")])
        self.assertEqual(status, 1)
        self.assertRegex(stderr.getvalue(), r"^generate_wrappers: error: .*MPI_Broken.*\n$")


class EmitTest(unittest.TestCase):
    TEXT = preprocessed(with_twins("int MPI_Send(const void *buf, int count);", "double MPI_Wtime(void);",
                                   "int MPI_Status_c2f08(const MPI_Status *c_status, MPI_F08_status *f08_status);"))

    def generate(self, defined):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        with contextlib.redirect_stdout(io.StringIO()):
            gen.generate(self.TEXT, Path(self.tmp.name), 1, defined, check_rules=False)
        return {p.name: p.read_text() for p in Path(self.tmp.name).iterdir()}

    def test_files_list_the_functions_in_header_order(self):
        out = self.generate(None)
        self.assertEqual(out["function_list.txt"], "MPI_Send\nMPI_Wtime\nMPI_Status_c2f08\n")
        self.assertIn("enum class Fn : std::uint16_t {\n  MPI_Send,\n  MPI_Wtime,\n  MPI_Status_c2f08,\n  kCount,\n};",
                      out["function_ids.hpp"])
        self.assertIn('{"MPI_Send", Family::kP2p, RegionRole::kPoint2Point},\n'
                      '    {"MPI_Wtime", Family::kEnvironment, RegionRole::kFunction},', out["function_table.cpp"])
        self.assertIn('extern "C" __attribute__((visibility("default"))) int MPI_Send(const void *buf, int count) {\n'
                      "  return mpisight::interpose::wrap<mpisight::Fn::MPI_Send>(__builtin_return_address(0), "
                      "&PMPI_Send, buf, count);\n}\n", out["wrappers.cpp"])
        self.assertNotIn("#pragma weak", out["wrappers.cpp"])

    def test_twin_missing_from_the_library_is_weak_and_guarded(self):
        out = self.generate({"PMPI_Send", "PMPI_Wtime"})
        self.assertIn("#pragma weak PMPI_Status_c2f08\n", out["wrappers.cpp"])
        self.assertIn("if (&PMPI_Status_c2f08 == nullptr) {", out["wrappers.cpp"])
        self.assertNotIn("&PMPI_Send == nullptr", out["wrappers.cpp"])


class ClassificationTest(unittest.TestCase):
    EXPECTED = {
        "MPI_Send": ("kP2p", "kPoint2Point"),
        "MPI_Send_c": ("kP2p", "kPoint2Point"),
        "MPI_Irecv": ("kP2p", "kPoint2Point"),
        "MPI_Ssend_init": ("kP2p", "kPoint2Point"),
        "MPI_Sendrecv_replace": ("kP2p", "kPoint2Point"),
        "MPI_Improbe": ("kP2p", "kPoint2Point"),
        "MPI_Psend_init": ("kP2p", "kPoint2Point"),
        "MPI_Bcast": ("kCollective", "kCollOne2All"),
        "MPI_Iscatterv_c": ("kCollective", "kCollOne2All"),
        "MPI_Gatherv_init": ("kCollective", "kCollAll2One"),
        "MPI_Reduce": ("kCollective", "kCollAll2One"),
        "MPI_Iallreduce": ("kCollective", "kCollAll2All"),
        "MPI_Reduce_scatter_block": ("kCollective", "kCollAll2All"),
        "MPI_Ineighbor_alltoallw": ("kCollective", "kCollAll2All"),
        "MPI_Exscan_init": ("kCollective", "kCollOther"),
        "MPI_Ibarrier": ("kCollective", "kBarrier"),
        "MPI_Barrier_init": ("kCollective", "kBarrier"),
        "MPI_Waitall": ("kRequest", "kFunction"),
        "MPI_Test_cancelled": ("kRequest", "kFunction"),
        "MPI_Request_free": ("kRequest", "kFunction"),
        "MPIX_Grequest_start": ("kRequest", "kFunction"),
        "MPI_Get": ("kRma", "kRma"),
        "MPI_Rget_accumulate": ("kRma", "kRma"),
        "MPI_Win_wait": ("kRma", "kRma"),
        "MPI_Get_count": ("kDatatype", "kFunction"),
        "MPI_Get_elements_x": ("kDatatype", "kFunction"),
        "MPI_Get_address": ("kDatatype", "kFunction"),
        "MPI_Pack_external_size": ("kDatatype", "kFunction"),
        "MPI_Op_create_c": ("kDatatype", "kFunction"),
        "MPI_File_iread_at_all": ("kIo", "kFileIo"),
        "MPI_File_write_ordered_end": ("kIo", "kFileIo"),
        "MPI_File_read_shared_c": ("kIo", "kFileIo"),
        "MPI_File_open": ("kIo", "kFileIoMetadata"),
        "MPI_File_seek_shared": ("kIo", "kFileIoMetadata"),
        "MPI_Register_datarep": ("kIo", "kFileIoMetadata"),
        "MPI_Comm_split_type": ("kComm", "kFunction"),
        "MPI_Intercomm_merge": ("kComm", "kFunction"),
        "MPI_Cart_shift": ("kComm", "kFunction"),
        "MPI_Dist_graph_neighbors": ("kComm", "kFunction"),
        "MPI_Topo_test": ("kComm", "kFunction"),
        "MPIX_Comm_revoke": ("kComm", "kFunction"),
        "MPI_Init": ("kEnvironment", "kFunction"),
        "MPI_Init_thread": ("kEnvironment", "kFunction"),
        "MPI_Initialized": ("kEnvironment", "kFunction"),
        "MPI_Is_thread_main": ("kEnvironment", "kFunction"),
        "MPI_Wtime": ("kEnvironment", "kFunction"),
        "MPI_Session_init": ("kEnvironment", "kFunction"),
        "MPI_T_init_thread": ("kTools", "kFunction"),
        "MPI_T_pvar_read": ("kTools", "kFunction"),
        "MPI_Info_set": ("kOther", "kFunction"),
        "MPI_Info_create_env": ("kOther", "kFunction"),
        "MPI_Status_set_cancelled": ("kOther", "kFunction"),
        "MPI_Errhandler_free": ("kOther", "kFunction"),
        "MPI_Alloc_mem": ("kOther", "kAllocate"),
        "MPI_Free_mem": ("kOther", "kDeallocate"),
    }

    def test_representative_names(self):
        for name, expected in self.EXPECTED.items():
            with self.subTest(name=name):
                self.assertEqual(gen.classify(name), expected)

    def test_a_rule_matching_nothing_fails(self):
        with self.assertRaises(gen.GeneratorError) as caught:
            gen.check_rules_used(["MPI_Send"])
        self.assertIn("match no MPI function", str(caught.exception))


@unittest.skipUnless(os.environ.get("MPISIGHT_PREPROCESSED_MPI"), "MPISIGHT_PREPROCESSED_MPI not set")
class InstalledHeadersTest(unittest.TestCase):
    """The parser on the real MPICH headers: the prototypes that needed care come out right."""

    @classmethod
    def setUpClass(cls):
        api = gen.collect(Path(os.environ["MPISIGHT_PREPROCESSED_MPI"]).read_text())
        cls.functions = {f.name: f for f in api.functions}

    def test_counts_per_header(self):
        per_header = {}
        for fn in self.functions.values():
            per_header[Path(fn.header).name] = per_header.get(Path(fn.header).name, 0) + 1
        self.assertGreater(len(self.functions), 600)
        self.assertGreater(per_header.get("mpi_proto.h", 0), 500)
        self.assertGreater(per_header.get("mpio.h", 0), 50)

    def test_special_prototypes(self):
        f = self.functions
        self.assertTrue(f["MPI_Pcontrol"].variadic)
        self.assertEqual((f["MPI_Wtime"].return_type, f["MPI_Wtime"].params), ("double", []))
        self.assertEqual(f["MPI_Aint_add"].return_type, "MPI_Aint")
        self.assertEqual(f["MPI_Group_range_incl"].params[2].decl, "int ranges[][3]")
        self.assertEqual(f["MPI_Init"].params[1].decl, "char ***argv")
        self.assertEqual([p.name for p in f["MPI_File_open"].params], ["comm", "filename", "amode", "info", "fh"])
        self.assertIn("MPI_Send_c", f)
        self.assertIn("MPI_T_pvar_read", f)
        self.assertNotIn("MPI_Comm_copy_attr_function", f)  # a typedef
        self.assertNotIn("MPI_DUP_FN", f)  # a macro for MPIR_Dup_fn

    def test_every_family_is_used(self):
        families = {gen.classify(name)[0] for name in self.functions}
        self.assertEqual(families, {"kEnvironment", "kP2p", "kCollective", "kRequest", "kComm", "kRma", "kIo",
                                    "kDatatype", "kTools", "kOther"})


if __name__ == "__main__":
    unittest.main()
