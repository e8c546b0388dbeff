package main

import (
	"strings"
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/stark-dev/stark/starlib"
)

// execPrelude runs src with the shims loadable as a translated page loads
// them (_compat/NAME.star, and ./NAME.star between shims).
func execPrelude(t *testing.T, src string) error {
	t.Helper()
	opts := &syntax.FileOptions{Set: true, While: true, TopLevelControl: true, GlobalReassign: true, Recursion: true}
	cache := map[string]starlark.StringDict{}
	var load func(th *starlark.Thread, module string) (starlark.StringDict, error)
	load = func(th *starlark.Thread, module string) (starlark.StringDict, error) {
		name := strings.TrimPrefix(strings.TrimPrefix(module, "./"), "_compat/")
		if g, ok := cache[name]; ok {
			return g, nil
		}
		b, err := prelude.ReadFile("prelude/" + name)
		if err != nil {
			return nil, err
		}
		g, err := starlark.ExecFileOptions(opts, &starlark.Thread{Load: load}, name, b, starlib.Predeclared())
		if err != nil {
			return nil, err
		}
		g.Freeze()
		cache[name] = g
		return g, nil
	}
	_, err := starlark.ExecFileOptions(opts, &starlark.Thread{Load: load}, "page.star", src, starlib.Predeclared())
	return err
}

// TestPrelude runs the shims' functions against expected values.
// eqDef defines eq(got, want, what), the assertion of the prelude tests'
// Starlark programs (mustExecPrelude).
const eqDef = `def eq(got, want, what):
    if got != want:
        fail("%s: got %r, want %r" % (what, got, want))
`

// mustExecPrelude runs src with eq defined, failing the test with the
// Starlark backtrace of an error.
func mustExecPrelude(t *testing.T, src string) {
	t.Helper()
	if err := execPrelude(t, eqDef+src); err != nil {
		if e, ok := err.(*starlark.EvalError); ok {
			t.Fatal(e.Backtrace())
		}
		t.Fatal(err)
	}
}

func TestPrelude(t *testing.T) {
	src := `
load("_compat/rng.star", "compat_rng")
load("_compat/numpy.star", "numpy__random__seed", "numpy__random__randn", "numpy__random__rand",
     "numpy__random__randint", "numpy__arange", "numpy__repeat", "numpy__linspace", "numpy__array", "numpy__abs", "numpy__zeros")
load("_compat/pandas.star", "pandas__DataFrame", "pandas__Series", "pandas__date_range")
load("_compat/datetime.star", "datetime__date", "datetime__time", "datetime__datetime", "datetime__timedelta",
     "civil_days", "civil_date")
load("_compat/os.star", "os__path__join", "os__path__dirname", "os__path__basename", "os__environ__get")
load("_compat/uuid.star", "uuid__uuid4")
load("_compat/typing.star", "typing__cast")
load("_compat/random.star", "random__seed", "random__randint", "random__choice", "random__shuffle")


rng = compat_rng()
numpy__random__seed(rng, 0)
a = numpy__random__randn(rng, 20, 3)
numpy__random__seed(rng, 0)
eq(numpy__random__randn(rng, 20, 3), a, "seeded randn repeats")
eq((len(a), len(a[0])), (20, 3), "randn shape")
flat = [x for r in a for x in r]
s = 0.0
for x in flat:
    s += x
eq(abs(s / 60) < 0.5, True, "randn mean near 0")
u = numpy__random__rand(rng, 1000)
eq(min(u) >= 0 and max(u) < 1, True, "rand in [0, 1)")
r = numpy__random__randint(rng, 0, 100, size=(100, 4))
eq(len(r) == 100 and min([min(x) for x in r]) >= 0 and max([max(x) for x in r]) < 100, True, "randint size")
eq(numpy__random__randint(rng, 5, size=3) != None, True, "randint(high)")
eq(numpy__arange(4), [0, 1, 2, 3], "arange")
eq(numpy__arange(0, 1, 0.5), [0.0, 0.5], "arange float")
eq(numpy__repeat(0, 3), [0, 0, 0], "repeat")
eq(numpy__linspace(0, 1, 3), [0.0, 0.5, 1.0], "linspace")
eq(numpy__array((1, 2)), [1, 2], "array")
eq(numpy__abs([[-1, 2], -3]), [[1, 2], 3], "abs")
eq(numpy__zeros(2), [0.0, 0.0], "zeros")

t = pandas__DataFrame(a, columns=["a", "b", "c"])
eq((len(t), t.columns), (20, ["a", "b", "c"]), "DataFrame of rows")
eq(pandas__DataFrame([[1, 2]]).columns, ["0", "1"], "DataFrame numbered columns")
t = pandas__DataFrame({"x": [1, 2], "y": "k"})
eq(t.rows(), [{"x": 1, "y": "k"}, {"x": 2, "y": "k"}], "DataFrame of a dict with a scalar")
eq(len(pandas__DataFrame([{"a": 1}, {"a": 2}])), 2, "DataFrame of records")
eq(pandas__Series((1, 2)), [1, 2], "Series")
eq(pandas__date_range("2020-12-30", periods=4), ["2020-12-30", "2020-12-31", "2021-01-01", "2021-01-02"], "date_range")
eq(pandas__date_range(start="2024-02-28", end="2024-03-01"), ["2024-02-28", "2024-02-29", "2024-03-01"], "date_range leap")

eq(datetime__date(2020, 1, 2), "2020-01-02", "date")
eq(datetime__time(8, 45), "08:45", "time")
eq(datetime__time(8, 45, 3), "08:45:03", "time with seconds")
eq(datetime__datetime(2020, 1, 2, 13, 5), "2020-01-02 13:05", "datetime")
eq(datetime__timedelta(days=1, hours=1), 90000, "timedelta")
eq(civil_days(1970, 1, 1), 0, "epoch")
eq(civil_date(civil_days(2000, 2, 29)), "2000-02-29", "civil round trip")

eq(os__path__join("a", "b/", "c"), "a/b/c", "join")
eq(os__path__join("a", "/b"), "/b", "join absolute")
eq(os__path__dirname("x/y/app.py"), "x/y", "dirname")
eq(os__path__basename("x/y/app.py"), "app.py", "basename")
eq(os__environ__get("HOME", "d"), "d", "environ")

eq(typing__cast(None, 3), 3, "cast")

u = uuid__uuid4()
eq((len(u), u[8], u[14]), (36, "-", "4"), "uuid4 form")

random__seed(rng, 1)
x = [random__randint(rng, 1, 6) for _ in range(50)]
random__seed(rng, 1)
eq([random__randint(rng, 1, 6) for _ in range(50)], x, "seeded randint repeats")
eq(min(x) >= 1 and max(x) <= 6, True, "randint inclusive")
eq(random__choice(rng, ["a"]), "a", "choice")
l = [1, 2, 3, 4]
random__shuffle(rng, l)
eq(sorted(l), [1, 2, 3, 4], "shuffle")
`
	mustExecPrelude(t, src)
}

// TestPreludeFailsHonestly: what a shim cannot express is an error, not a
// wrong value.
func TestPreludeFailsHonestly(t *testing.T) {
	for src, want := range map[string]string{
		`load("_compat/datetime.star", "datetime__date")
datetime__date(2020, 2, 30)`: "not an int in [1, 29]",
		`load("_compat/pandas.star", "pandas__date_range")
pandas__date_range("2020-01-01", periods=3, freq="M")`: `freq="D" only`,
		`load("_compat/rng.star", "compat_rng")
load("_compat/numpy.star", "numpy__random__randn")
numpy__random__randn(compat_rng(), 2, 2, 2)`: "one and two dimensions",
		`load("_compat/numpy.star", "numpy__polyfit")`: "numpy__polyfit not found",
	} {
		err := execPrelude(t, src)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want an error with %q", src, err, want)
		}
	}
}

// TestPreludeMethods: the shims of the methods the translation rewrites to
// functions (methods.go).
func TestPreludeMethods(t *testing.T) {
	src := `
load("_compat/numpy.star", "numpy__repeat", "numpy__arange", "numpy__reshape", "numpy__T", "numpy__astype")
load("_compat/pandas.star", "pandas__DataFrame", "pandas__set_index")
load("_compat/exceptions.star", "compat_exception")


eq(numpy__reshape(numpy__arange(6), 2, 3), [[0, 1, 2], [3, 4, 5]], "reshape 2x3")
eq(numpy__reshape(numpy__arange(6), (3, -1)), [[0, 1], [2, 3], [4, 5]], "reshape tuple, inferred")
eq(numpy__reshape([[1, 2], [3, 4]], -1), [1, 2, 3, 4], "reshape flat")
eq(len(numpy__reshape(numpy__repeat(0, 100), 10, 10)[9]), 10, "reshape of repeat")
eq(numpy__T([[1, 2, 3], [4, 5, 6]]), [[1, 4], [2, 5], [3, 6]], "T")
eq(numpy__T([1, 2]), [1, 2], "T of one dimension")
eq(numpy__astype([[1.5, 2.0]], "int"), [[1, 2]], "astype int")
eq(numpy__astype([1, 2], str), ["1", "2"], "astype str")
t = pandas__set_index(pandas__DataFrame({"n": [1, 2], "d": ["a", "b"]}), "d")
eq((t.columns, t.rows()[0]), (["d", "n"], {"d": "a", "n": 1}), "set_index moves the column first")
t = numpy__T(pandas__DataFrame([["A", "B"], [28, 55]], index=["a", "b"]))
eq((t.columns, t.rows()), (["a", "b"], [{"a": "A", "b": 28}, {"a": "B", "b": 55}]), "T of a frame of mixed columns")
t = numpy__T(pandas__DataFrame({"x": [1, 2], "y": [3, 4]}))
eq((t.columns, t.rows()), (["0", "1"], [{"0": 1, "1": 2}, {"0": 3, "1": 4}]), "T of a table")
eq(compat_exception("RuntimeError", "boom"), "RuntimeError: boom", "exception value")
eq(compat_exception("StopIteration"), "StopIteration", "exception without arguments")
`
	mustExecPrelude(t, src)
	for src, want := range map[string]string{
		`load("_compat/numpy.star", "numpy__reshape")
numpy__reshape([1, 2, 3], 2, 2)`: "cannot reshape 3 elements into (2, 2)",
		`load("_compat/numpy.star", "numpy__astype")
numpy__astype([1], "complex")`: "not \"complex\"",
		`load("_compat/pandas.star", "pandas__DataFrame", "pandas__set_index")
pandas__set_index(pandas__DataFrame({"a": [1]}), "b")`: `no column "b"`,
	} {
		err := execPrelude(t, src)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want an error with %q", src, err, want)
		}
	}
}

// TestPreludeArith: array arithmetic as numpy does it (arith.go rewrites
// the operators into these calls).
func TestPreludeArith(t *testing.T) {
	src := `
load("_compat/numpy.star", "numpy__binop", "numpy__neg")


eq(numpy__binop(1, "+", 2), 3, "numbers")
eq(numpy__binop(3, "/", 2), 1.5, "true division")
eq(numpy__binop([1, 2], "*", 3), [3, 6], "array and number")
eq(numpy__binop(10, "-", [1, 2]), [9, 8], "number and array")
eq(numpy__binop([1, 2], "+", [10, 20]), [11, 22], "same shape")
eq(numpy__binop([[1, 2], [3, 4], [5, 6]], "/", [1, 2]), [[1.0, 1.0], [3.0, 2.0], [5.0, 3.0]], "rows and the last axis")
eq(numpy__binop([[1, 2], [3, 4]], "+", [10, 20]), [[11, 22], [13, 24]], "square rows broadcast on the last axis")
eq(numpy__binop([7, 8], "%", [1]), [0, 0], "length one broadcast")
eq(numpy__binop([7, 8], "//", 2), [3, 4], "floor division")
eq(numpy__neg([[1, -2], [3, 4]]), [[-1, 2], [-3, -4]], "neg")
eq(numpy__neg(2), -2, "neg of a number")
`
	mustExecPrelude(t, src)
	err := execPrelude(t, `load("_compat/numpy.star", "numpy__binop")
numpy__binop([1, 2, 3], "+", [1, 2])`)
	if err == nil || !strings.Contains(err.Error(), "could not be broadcast together: lengths 3 and 2") {
		t.Errorf("broadcast of 3 and 2: got %v", err)
	}
}

// TestPreludeGraphviz: the graphviz shim writes the DOT source Python's
// graphviz writes (IDs quoted), subgraphs at their place.
func TestPreludeGraphviz(t *testing.T) {
	src := `
load("_compat/graphviz.star", "graphviz__Digraph", "graphviz__Graph", "graphviz__attr", "graphviz__edge",
     "graphviz__edges", "graphviz__node", "graphviz__subgraph", "graphviz__source", "graphviz__dot")


g = graphviz__Digraph("fsm")
graphviz__attr(g, rankdir="LR")
graphviz__attr(g, "node", shape="circle")
graphviz__node(g, "a", label='say "hi"')
graphviz__edge(g, "a", "b", label="x")
graphviz__edges(g, [("b", "c")])
eq(graphviz__source(g), 'digraph "fsm" {\n\trankdir="LR"\n\tnode [shape="circle"]\n\t"a" [label="say \\"hi\\""]\n\t"a" -> "b" [label="x"]\n\t"b" -> "c"\n}\n', "digraph")

u = graphviz__Graph("G")
c = graphviz__subgraph(u, name="cluster1")
graphviz__node(c, "n")
graphviz__edge(u, "n", "m")
eq(graphviz__dot(u), 'graph "G" {\n\tsubgraph "cluster1" {\n\t\t"n"\n\t}\n\t"n" -- "m"\n}\n', "graph with a subgraph filled after it was added")
eq(graphviz__dot("digraph { a -> b }"), "digraph { a -> b }", "a DOT string as it is")
`
	mustExecPrelude(t, src)
	err := execPrelude(t, `load("_compat/graphviz.star", "graphviz__edge")
graphviz__edge({}, "a", "b")`)
	if err == nil || !strings.Contains(err.Error(), "graphviz: .edge of dict, not of a graph") {
		t.Errorf("edge of a dict: got %v", err)
	}
}

// TestPreludeShared: the frames of the e2e suite's data_mocks that a table
// can hold, and an honest failure for those it cannot.
func TestPreludeShared(t *testing.T) {
	src := `
load("_compat/shared.star", "shared__data_mocks__BASE_TYPES_DF", "shared__data_mocks__NUMBER_TYPES_DF",
     "shared__data_mocks__DATETIME_TYPES_DF")


b = shared__data_mocks__BASE_TYPES_DF
eq((len(b), b.columns), (6, ["string", "bool", "int64", "float64", "datetime", "date", "time", "empty"]), "BASE_TYPES_DF")
n = shared__data_mocks__NUMBER_TYPES_DF
eq((len(n), len(n.columns), n.rows()[2]["mixed"]), (6, 12, 3.1), "NUMBER_TYPES_DF")
d = shared__data_mocks__DATETIME_TYPES_DF
eq(len(d), 9, "DATETIME_TYPES_DF rows")
for r in d.rows()[:8]:
    if not ("2018-01-31 09:24:31" <= r["datetime"] and r["datetime"] <= "2022-01-31 09:24:31"):
        fail("random date out of range: %s" % r["datetime"])
    eq((len(r["time"]), len(r["date"])), (8, 10), "time and date forms")
`
	mustExecPrelude(t, src)
	err := execPrelude(t, `load("_compat/shared.star", "shared__data_mocks__LIST_TYPES_DF")`)
	if err == nil || !strings.Contains(err.Error(), "shared__data_mocks__LIST_TYPES_DF not found") {
		t.Errorf("LIST_TYPES_DF: got %v", err)
	}
}

// TestPreludeBuiltins: list and tuple of a string give its characters, as
// in Python; of anything else, what Starlark's give.
func TestPreludeBuiltins(t *testing.T) {
	src := `
load("_compat/builtins.star", "compat_list", "compat_tuple")


eq(compat_list("ABCD"), ["A", "B", "C", "D"], "list of a string")
eq(compat_tuple("ab"), ("a", "b"), "tuple of a string")
eq(compat_list(), [], "list()")
eq(compat_tuple(), (), "tuple()")
eq(compat_list({"a": 1, "b": 2}), ["a", "b"], "list of a dict")
eq(compat_tuple([1, 2]), (1, 2), "tuple of a list")
eq(compat_list(range(3)), [0, 1, 2], "list of a range")
`
	mustExecPrelude(t, src)
	if err := execPrelude(t, "load(\"_compat/builtins.star\", \"compat_list\")\ncompat_list(1)"); err == nil || !strings.Contains(err.Error(), "got int, want iterable") {
		t.Errorf("list of an int: got %v", err)
	}
}

// TestPreludeWhere: numpy.where element by element with broadcasting, and
// alone the indices; nanmax and nanmin ignore NaN.
func TestPreludeWhere(t *testing.T) {
	src := `
load("_compat/numpy.star", "numpy__where", "numpy__nanmax", "numpy__nanmin", "numpy__nan")


eq(numpy__where([True, False, True], "a", ""), ["a", "", "a"], "scalars broadcast")
eq(numpy__where([True, False], [1, 2], [10, 20]), [1, 20], "arrays")
eq(numpy__where([[True, False], [False, True]], 1, [7, 8]), [[1, 8], [7, 1]], "rows broadcast")
eq(numpy__where(True, 1, 2), 1, "scalar condition")
eq(numpy__where([0, 3, 0, 5]), ([1, 3],), "indices")
eq(numpy__where([[1, 0], [0, 1]]), ([0, 1], [0, 1]), "indices of two dimensions")
eq(numpy__nanmax([1.0, numpy__nan, 3.5]), 3.5, "nanmax")
eq(numpy__nanmin([[2, numpy__nan], [-1, 4]]), -1, "nanmin")
`
	mustExecPrelude(t, src)
	err := execPrelude(t, "load(\"_compat/numpy.star\", \"numpy__where\")\nnumpy__where([True, False, True], [1, 2], 0)")
	if err == nil || !strings.Contains(err.Error(), "numpy.where: operands could not be broadcast together: lengths 2 and 3") {
		t.Errorf("mismatched lengths: got %v", err)
	}
}

// TestPreludeListCells: a frame's cells holding lists become their JSON
// text, stark's form of a list cell (a table holds scalars), in each of the
// shapes pandas.DataFrame takes.
func TestPreludeListCells(t *testing.T) {
	src := `
load("_compat/pandas.star", "pandas__DataFrame")


a = pandas__DataFrame({"l": [[1, 2], [], None], "s": ["a,b", "", None]})
eq([r["l"] for r in a.rows()], ["[1,2]", "[]", None], "dict of columns")
eq([r["s"] for r in a.rows()], ["a,b", "", None], "strings stay")
b = pandas__DataFrame([{"l": (1, "x")}, {"l": None}])
eq([r["l"] for r in b.rows()], ["[1,\"x\"]", None], "list of dicts")
c = pandas__DataFrame([[1, [3]], [2, [4, 5]]], columns = ["n", "l"])
eq([r["l"] for r in c.rows()], ["[3]", "[4,5]"], "list of rows")
`
	mustExecPrelude(t, src)
}
