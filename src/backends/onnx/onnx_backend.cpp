// onnx — the ONNX path run on the CPU by a real ONNX runtime from Debian, OpenCV's DNN module: for each problem
// the generator writes the model Y = A·B with this run's B as the initializer (so verification checks the whole
// path: generator, file, importer, runtime), OpenCV loads it and `forward` runs it. f32 only (OpenCV DNN's CPU
// path). A module (mmbench-onnx.so): OpenCV is not loaded by other workers. OpenCV imports MatMul with a constant
// B as an InnerProduct layer (machine-notes.md); the layer types it built are named in the record's version.
#include <unistd.h>

#include <cstring>
#include <filesystem>

#include <fmt/format.h>
#include <opencv2/core.hpp>
#include <opencv2/core/utility.hpp>
#include <opencv2/dnn.hpp>

#include "mmbench/backend.hpp"
#include "mmbench/error.hpp"
#include "mmbench/module_backend.hpp"
#include "mmbench/onnx_model.hpp"

namespace mmbench {
namespace {

class OnnxBackend final : public Backend {
 public:
  OnnxBackend() : Backend({.name = "onnx", .library = "ONNX via OpenCV DNN", .dtypes = {DType::f32}}) {}
  ~OnnxBackend() override { remove_model(); }

 protected:
  std::optional<Unusable> do_probe(BackendFacts& found) override {
    found.version = fmt::format("OpenCV {} DNN", CV_VERSION);
    return std::nullopt;
  }
  int do_set_threads(int requested) override {
    cv::setNumThreads(requested);
    return cv::getNumThreads();
  }
  void do_prepare(const Problem& p, const HostMatrix& a, const HostMatrix& b, HostMatrix& c) override {
    remove_model();
    p_ = p;
    host_c_ = &c;
    path_ =
        (std::filesystem::temp_directory_path() / fmt::format("mmbench-{}-{}", getpid(), onnx_file_name(p.m, p.n, p.k)))
            .string();
    write_matmul_onnx(path_, p.m, p.n, p.k, b.as<float>(), 0);
    net_ = cv::dnn::readNetFromONNX(path_);
    net_.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    net_.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
    layers_.clear();
    for (const auto& name : net_.getLayerNames()) {
      const std::string type = net_.getLayer(name)->type;
      if (layers_.find(type) == std::string::npos) layers_ += (layers_.empty() ? "" : ", ") + type;
    }
    a_ = cv::Mat(static_cast<int>(p.m), static_cast<int>(p.k), CV_32F, const_cast<void*>(a.data()));
  }
  void do_run() override {
    net_.setInput(a_, "A");
    out_ = net_.forward();
  }
  void do_read_result() override {
    if (out_.total() != static_cast<size_t>(p_.m * p_.n) || out_.type() != CV_32F)
      throw Error(fmt::format("OpenCV returned {} values of type {}, expected {} floats", out_.total(), out_.type(),
                              p_.m * p_.n));
    const cv::Mat c = out_.isContinuous() ? out_ : out_.clone();
    std::memcpy(host_c_->data(), c.ptr<float>(), static_cast<size_t>(p_.m * p_.n) * sizeof(float));
  }
  // The layer types OpenCV built for this point's model ("InnerProduct") are known only after prepare.
  PointReport do_report() override { return {.version = facts().version + " (" + layers_ + ")"}; }
  void do_release() override { remove_model(); }

 private:
  void remove_model() {
    if (!path_.empty()) std::filesystem::remove(path_), path_.clear();
  }

  Problem p_;
  HostMatrix* host_c_ = nullptr;
  std::string path_, layers_;
  cv::dnn::Net net_;
  cv::Mat a_, out_;
};

}  // namespace
}  // namespace mmbench

MMBENCH_MODULE_ENTRY {
  return new mmbench::OnnxBackend();
}
