#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* add(a, b) -> a + b, computed in C. */
static PyObject *fastsum_add(PyObject *self, PyObject *args) {
    long long a, b;
    if (!PyArg_ParseTuple(args, "LL", &a, &b)) {
        return NULL;
    }
    return PyLong_FromLongLong(a + b);
}

static PyMethodDef fastsum_methods[] = {
    {"add", fastsum_add, METH_VARARGS, "Add two integers."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef fastsum_module = {
    PyModuleDef_HEAD_INIT, "fastsum", "Tiny native addition module.", -1, fastsum_methods,
};

PyMODINIT_FUNC PyInit_fastsum(void) {
    return PyModule_Create(&fastsum_module);
}
