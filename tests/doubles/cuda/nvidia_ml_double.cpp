// Test double of NVML (libnvidia-ml.so.1): the three entry points cuda:cublas reads the SM clock with. The clock is
// 1980 MHz; with MMBENCH_CUDA_FAULT=throttle every reading after the first is 1410 MHz (a clock drop within a
// point). Declared here from NVML's stable C API, as the backend declares them. Tests only.
#include "gemm_double.hpp"

extern "C" {

int nvmlInit_v2() {
  return 0;
}

int nvmlDeviceGetHandleByIndex_v2(unsigned index, void** device) {
  static int the_device;
  if (index != 0) return 2;  // NVML_ERROR_INVALID_ARGUMENT
  *device = &the_device;
  return 0;
}

int nvmlDeviceGetClockInfo(void* device, int type, unsigned* mhz) {
  static int readings = 0;
  if (!device || type != 1) return 2;  // only NVML_CLOCK_SM is imitated
  *mhz = cuda_double::fault("throttle") && readings++ > 0 ? 1410 : 1980;
  return 0;
}

}  // extern "C"
