// The ONNX generator through Debian's libonnx (its protobuf classes, version converter and checker): no
// hand-written protobuf. The seed is kept in the model's metadata so a file says which B it carries.
#include "mmbench/onnx_model.hpp"

#include <cstring>
#include <fstream>

#include <fmt/format.h>
#include <onnx/checker.h>
#include <onnx/onnx_pb.h>
#include <onnx/version_converter/convert.h>

#include "mmbench/error.hpp"
#include "mmbench/host_matrix.hpp"

namespace mmbench {

std::string onnx_file_name(int64_t m, int64_t n, int64_t k) {
  return fmt::format("matmul_M{}_N{}_K{}.onnx", m, n, k);
}
bool onnx_available() {
  return true;
}

void write_matmul_onnx(const std::string& path, int64_t m, int64_t n, int64_t k, const float* b, uint64_t seed) {
  onnx::ModelProto model;
  model.set_ir_version(onnx::IR_VERSION);
  model.set_producer_name("mmbench");
  model.set_doc_string(fmt::format("Y[{0},{1}] = A[{0},{2}] * B[{2},{1}], B float32 from seed {3}", m, n, k, seed));
  auto* meta = model.add_metadata_props();
  meta->set_key("mmbench.seed");
  meta->set_value(std::to_string(seed));
  model.add_opset_import()->set_version(13);  // the default domain; converted to 14 below
  onnx::GraphProto* g = model.mutable_graph();
  g->set_name("matmul");
  auto tensor_type = [](onnx::ValueInfoProto* v, const char* name, int64_t r, int64_t c) {
    v->set_name(name);
    auto* t = v->mutable_type()->mutable_tensor_type();
    t->set_elem_type(onnx::TensorProto::FLOAT);
    t->mutable_shape()->add_dim()->set_dim_value(r);
    t->mutable_shape()->add_dim()->set_dim_value(c);
  };
  tensor_type(g->add_input(), "A", m, k);
  tensor_type(g->add_output(), "Y", m, n);
  onnx::TensorProto* init = g->add_initializer();
  init->set_name("B");
  init->set_data_type(onnx::TensorProto::FLOAT);
  init->add_dims(k);
  init->add_dims(n);
  init->set_raw_data(std::string(reinterpret_cast<const char*>(b), static_cast<size_t>(k * n) * sizeof(float)));
  onnx::NodeProto* node = g->add_node();
  node->set_op_type("MatMul");
  node->set_name("matmul");
  // std::string, not const char*: assigning a literal into protobuf's new element trips GCC 12's false -Wrestrict
  node->add_input(std::string("A"));
  node->add_input(std::string("B"));
  node->add_output(std::string("Y"));
  try {
    onnx::ModelProto converted = onnx::version_conversion::ConvertVersion(model, 14);
    onnx::checker::check_model(converted);
    std::ofstream f(path, std::ios::binary);
    if (!f || !converted.SerializeToOstream(&f)) throw Error("cannot write " + path);
  } catch (const onnx::checker::ValidationError& e) {
    throw Error(fmt::format("ONNX checker refused the {}x{}x{} model: {}", m, n, k, e.what()));
  }
}

void write_matmul_onnx_seeded(const std::string& path, int64_t m, int64_t n, int64_t k, uint64_t seed) {
  HostMatrix b(k, n, DType::f32);
  b.fill_random(seed + 1);
  write_matmul_onnx(path, m, n, k, b.as<float>(), seed);
}

OnnxMatmul read_matmul_onnx(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Error("cannot open " + path);
  onnx::ModelProto model;
  if (!model.ParseFromIstream(&f)) throw Error(path + " is not an ONNX model");
  const onnx::GraphProto& g = model.graph();
  const onnx::TensorProto* b = nullptr;
  for (const auto& t : g.initializer())
    if (t.dims_size() == 2 && t.data_type() == onnx::TensorProto::FLOAT) b = &t;
  if (!b || g.input_size() < 1)
    throw Error(path + " is not a matmul model of `mmbench onnx` (no float32 [K,N] initializer)");
  const auto& a_shape = g.input(0).type().tensor_type().shape();
  if (a_shape.dim_size() != 2) throw Error(path + ": input A is not 2-D");
  // The sizes come from the file: each is checked before it sizes anything, and the values are counted before B is
  // allocated (fuzzing found [-2, 3] and [2^20, 2^20] reaching vector::resize and a product that overflowed).
  const auto dim = [&path](int64_t v, const char* what) {
    if (v < 1 || v > (int64_t{1} << 31))
      throw Error(fmt::format("{}: {} is {}, not a fixed size from 1 to 2^31", path, what, v));
    return v;
  };
  OnnxMatmul out;
  out.m = dim(a_shape.dim(0).dim_value(), "M (rows of input A)");
  out.k = dim(b->dims(0), "K (rows of B)");
  out.n = dim(b->dims(1), "N (columns of B)");
  const auto count = static_cast<size_t>(out.k) * static_cast<size_t>(out.n);  // at most 2^62
  if (b->has_raw_data()) {
    if (b->raw_data().size() / sizeof(float) != count || b->raw_data().size() % sizeof(float) != 0)
      throw Error(path + ": B holds the wrong number of bytes");
    out.b.resize(count);
    std::memcpy(out.b.data(), b->raw_data().data(), count * sizeof(float));  // little-endian, as on x86 and aarch64
  } else if (static_cast<size_t>(b->float_data_size()) == count) {
    out.b.assign(b->float_data().begin(), b->float_data().end());
  } else {
    throw Error(path + ": B holds the wrong number of values");
  }
  for (const auto& meta : model.metadata_props())
    if (meta.key() == "mmbench.seed") out.seed = meta.value();
  return out;
}

}  // namespace mmbench
