#!/usr/bin/python3
# Stands in for rknn-toolkit2 in the tests: turns each matmul_*.onnx of a folder into a .rknn file of the runtime
# double's own format (a header line "MMBENCH-RKNN-DOUBLE M N K", then B as fp16, row-major), as the toolkit's default
# (unquantised, fp16) conversion would carry B. Reads the ONNX file with Debian's python3-onnx; no real .rknn here.
import pathlib
import sys

import numpy
import onnx
from onnx import numpy_helper

for path in sorted(pathlib.Path(sys.argv[1]).glob("matmul_*.onnx")):
    model = onnx.load(str(path))
    b = numpy_helper.to_array(model.graph.initializer[0]).astype(numpy.float16)
    m = model.graph.input[0].type.tensor_type.shape.dim[0].dim_value
    k, n = b.shape
    with open(path.with_suffix(".rknn"), "wb") as f:
        f.write(f"MMBENCH-RKNN-DOUBLE {m} {n} {k}\n".encode())
        f.write(numpy.ascontiguousarray(b).tobytes())
